# Generated Pester cases for repair.service: one Context per step, with the step's data ($StepId,
# $ContextValue, $ServiceName, $Action, $WithDependents, $StopProcessIfHung, $TimeoutSeconds,
# $StartType, $OtherStartType) from the spec. The service lives in the fake service manager
# (Set-FakeService, Get-FakeService) of serviceState.Fakes.ps1 and service.Fakes.ps1.
# What the step promises by itself runs the step alone (Invoke-OneRepairStep): other steps of the
# fix may act on the same service (stop, clear a folder, start).
Context 'service step <StepId>' -ForEach $FfCases.repair.service {
    BeforeAll {
        $isStop = @('Stop', 'Restart') -contains $Action

        function Set-ServiceToRepair {
            # The service in the state the step changes: running for a stop, stopped for a start,
            # another start type for setStartType.
            switch ($Action) {
                'Stop' { Set-FakeService -Name $ServiceName -State 'Running' }
                'Restart' { Set-FakeService -Name $ServiceName -State 'Running' }
                'Start' { Set-FakeService -Name $ServiceName -State 'Stopped' -StartType 'Manual' }
                'SetStartType' { Set-FakeService -Name $ServiceName -State 'Running' -StartType $OtherStartType }
                default { throw ('No case for action ' + $Action) }
            }
        }

        function Test-ServiceRepaired {
            $s = Get-FakeService -Name $ServiceName
            switch ($Action) {
                'Stop' { $s.State -eq 'Stopped' }
                'Restart' { $s.State -eq 'Running' }
                'Start' { $s.State -eq 'Running' }
                'SetStartType' { $s.StartType -eq $StartType }
                default { throw ('No case for action ' + $Action) }
            }
        }
    }

    It 'repairs the service, and records each change with the value before it' {
        $tree = New-FakeTree
        Set-ServiceToRepair
        $before = Get-FakeService -Name $ServiceName
        $beforeValue = $before.State
        if ($Action -eq 'SetStartType') { $beforeValue = $before.StartType }
        $step = Invoke-OneRepairStep -Tree $tree -StepId $StepId
        $step.Outcome | Should -Be 'Succeeded'
        @($step.Problems).Count | Should -Be 0
        Test-ServiceRepaired | Should -BeTrue
        $own = @($step.Changes | Where-Object { $_.Target -eq $ServiceName })
        $own.Count | Should -BeGreaterThan 0
        $own[0].Before | Should -Be $beforeValue
    }

    It 'changes nothing on a second run: NotNeeded' {
        if ($Action -eq 'Restart') { Set-ItResult -Skipped -Because 'a restart always acts: that is what it is for'; return }
        $tree = New-FakeTree
        Set-ServiceToRepair
        [void](Invoke-OneRepairStep -Tree $tree -StepId $StepId)
        $again = Invoke-OneRepairStep -Tree $tree -StepId $StepId
        $again.Outcome | Should -Be 'NotNeeded'
        @($again.Changes).Count | Should -Be 0
    }

    It 'repairs the whole fix, which reads clean afterwards (Test after Repair)' -Skip:($FfTest.OnDemand) {
        $tree = New-FakeTree
        Set-ServiceToRepair
        $result = Invoke-Repair -Tree $tree
        $result.Status | Should -Be 'Repaired'
        (Find-StepResult $result $StepId).Outcome | Should -Be 'Succeeded'
        (Invoke-Test -Tree $tree).Detected | Should -BeFalse
    }

    It 'changes nothing under -WhatIf and reports WhatIf' {
        $tree = New-FakeTree
        Set-ServiceToRepair
        $step = Invoke-OneRepairStep -Tree $tree -StepId $StepId -WhatIf
        $step.Outcome | Should -Be 'WhatIf'
        @($step.Changes).Count | Should -BeGreaterThan 0
        $whatIf = Invoke-Repair -Tree $tree -WhatIf
        $whatIf.Status | Should -Be 'WhatIf'
        (Find-StepResult $whatIf $StepId).Outcome | Should -Be 'WhatIf'
        Test-ServiceRepaired | Should -Be ($Action -eq 'Restart')
        Should -Invoke Stop-FfServiceOnce -ModuleName $ModuleName -Times 0 -Exactly
        Should -Invoke Start-FfServiceOnce -ModuleName $ModuleName -Times 0 -Exactly
        Should -Invoke Set-FfServiceStartType -ModuleName $ModuleName -Times 0 -Exactly
    }

    It 'reports a service it cannot change as Failed, with a problem' {
        $tree = New-FakeTree
        switch ($Action) {
            'Start' { Set-FakeService -Name $ServiceName -State 'Stopped' -StartType 'Disabled' }
            'SetStartType' {
                Set-ServiceToRepair
                Mock -ModuleName $ModuleName Set-FfServiceStartType { 5 }
            }
            default {
                # Hung, in a process another service shares: it can neither stop nor be ended.
                Set-FakeService -Name $ServiceName -State 'Running' -HangsOnStop -ProcessId 900
                Set-FakeService -Name 'FixForgeNeighbour' -State 'Running' -ProcessId 900
            }
        }
        $step = Invoke-OneRepairStep -Tree $tree -StepId $StepId
        $step.Outcome | Should -Be 'Failed'
        @($step.Problems).Count | Should -BeGreaterThan 0
        $step.Message | Should -Be @($step.Problems)[0].Reason
        Should -Invoke Stop-FfServiceProcess -ModuleName $ModuleName -Times 0 -Exactly
    }

    It 'reports a service that is not installed' {
        $tree = New-FakeTree
        Set-FakeService -Name $ServiceName -Missing
        $step = Invoke-OneRepairStep -Tree $tree -StepId $StepId
        if ($Action -eq 'Stop') { $step.Outcome | Should -Be 'NotNeeded' } else { $step.Outcome | Should -Be 'Failed' }
        $step.Message | Should -Match ([regex]::Escape($ServiceName) + ' is not installed')
    }

    It 'ends the process of a hung service, by its id, only when the step allows it' {
        if (-not $isStop) { Set-ItResult -Skipped -Because ('action {0} stops nothing' -f $Action); return }
        $tree = New-FakeTree
        Set-FakeService -Name $ServiceName -State 'Running' -HangsOnStop -ProcessId 1312
        $step = Invoke-OneRepairStep -Tree $tree -StepId $StepId
        if ($StopProcessIfHung) {
            $step.Outcome | Should -Be 'Succeeded'
            Should -Invoke Stop-FfServiceProcess -ModuleName $ModuleName -Times 1 -Exactly -ParameterFilter { $ProcessId -eq 1312 }
        }
        else {
            $step.Outcome | Should -Be 'Failed'
            Should -Invoke Stop-FfServiceProcess -ModuleName $ModuleName -Times 0 -Exactly
        }
        Should -Invoke Start-FfServiceSleep -ModuleName $ModuleName -Times $TimeoutSeconds -Exactly -ParameterFilter { $Seconds -eq 1 }
    }

    It 'stops running dependent services first only when the step says so' {
        if (-not $isStop) { Set-ItResult -Skipped -Because ('action {0} stops nothing' -f $Action); return }
        $tree = New-FakeTree
        Set-FakeService -Name $ServiceName -State 'Running' -Dependents @('FixForgeDependent')
        Set-FakeService -Name 'FixForgeDependent' -State 'Running' -ProcessId 77
        $step = Invoke-OneRepairStep -Tree $tree -StepId $StepId
        if ($WithDependents) {
            $step.Outcome | Should -Be 'Succeeded'
            @($step.Changes)[0].Target | Should -Be 'FixForgeDependent'
            (Get-FakeService -Name 'FixForgeDependent').State | Should -Be @{ Stop = 'Stopped'; Restart = 'Running' }[$Action]
        }
        else {
            $step.Outcome | Should -Be 'Failed'
            (Get-FakeService -Name 'FixForgeDependent').State | Should -Be 'Running'
        }
    }

    It 'runs only in its own context, and reports Skipped in the others' {
        $others = @($AllContexts | Where-Object { $_ -ne $ContextValue })
        if ($others.Count -eq 0) { Set-ItResult -Skipped -Because 'the fix has no other context'; return }
        $tree = New-FakeTree
        Set-ServiceToRepair
        (Find-StepResult (Invoke-Repair -Tree $tree -Context $others) $StepId).Outcome | Should -Be 'Skipped'
        Test-ServiceRepaired | Should -Be ($Action -eq 'Restart')
    }
}
