# Generated Pester cases for repair.stopProcess: one Context per step, with the step's data
# ($StepId, $ContextValue, $ProcessName, $TimeoutSeconds) from the spec. Processes live in the
# fake process table (Add-FakeProcess) of stopProcess.Fakes.ps1, which the engine's process
# functions are mocked onto. What the step promises by itself runs the step alone (Invoke-OneRepairStep).
Context 'stopProcess step <StepId>' -ForEach $FfCases.repair.stopProcess {
    BeforeAll {
        $ownSession = [System.Diagnostics.Process]::GetCurrentProcess().SessionId
        $otherSession = $ownSession + 1

        function Add-StepProcesses {
            # Two of the step's processes in this session, one in another session, one of another name.
            Add-FakeProcess -Name $ProcessName -Id 501
            Add-FakeProcess -Name $ProcessName -Id 502
            Add-FakeProcess -Name $ProcessName -Id 503 -SessionId $otherSession
            Add-FakeProcess -Name ('Not' + $ProcessName) -Id 600
        }
    }

    It 'ends the processes of the image in its context, by id, and no others' {
        $tree = New-FakeTree
        Add-StepProcesses
        $step = Invoke-OneRepairStep -Tree $tree -StepId $StepId
        $step.Outcome | Should -Be 'Succeeded'
        @($step.Problems).Count | Should -Be 0
        $expected = @(501, 502)
        if ($ContextValue -eq 'System') { $expected = @(501, 502, 503) }
        @($step.Changes).Count | Should -Be $expected.Count
        foreach ($id in $expected) { $FakeProcesses.ContainsKey($id) | Should -BeFalse -Because "process $id" }
        $FakeProcesses.ContainsKey(600) | Should -BeTrue
        $FakeProcesses.ContainsKey(503) | Should -Be ($ContextValue -ne 'System')
        @($step.Changes)[0].Target | Should -Match ('^' + [regex]::Escape($ProcessName) + '\.exe \(process 50\d, session \d+\)$')
        Should -Invoke Stop-FfProcessById -ModuleName $ModuleName -Times $expected.Count -Exactly -ParameterFilter { $Name -eq $ProcessName }
    }

    It 'changes nothing on a second run: NotNeeded' {
        $tree = New-FakeTree
        Add-StepProcesses
        [void](Invoke-OneRepairStep -Tree $tree -StepId $StepId)
        $again = Invoke-OneRepairStep -Tree $tree -StepId $StepId
        $again.Outcome | Should -Be 'NotNeeded'
        @($again.Changes).Count | Should -Be 0
    }

    It 'repairs the whole fix, which reads clean afterwards (Test after Repair)' -Skip:($FfTest.OnDemand) {
        $tree = New-FakeTree
        Add-StepProcesses
        $result = Invoke-Repair -Tree $tree
        $result.Status | Should -Be 'Repaired'
        (Find-StepResult $result $StepId).Outcome | Should -Be 'Succeeded'
        (Invoke-Test -Tree $tree).Detected | Should -BeFalse
    }

    It 'ends nothing under -WhatIf and reports what it would end' {
        $tree = New-FakeTree
        Add-StepProcesses
        $step = Invoke-OneRepairStep -Tree $tree -StepId $StepId -WhatIf
        $step.Outcome | Should -Be 'WhatIf'
        @($step.Changes).Count | Should -BeGreaterThan 1
        (Invoke-Repair -Tree $tree -WhatIf).Status | Should -Be 'WhatIf'
        $FakeProcesses.Count | Should -Be 4
        Should -Invoke Stop-FfProcessById -ModuleName $ModuleName -Times 0 -Exactly
    }

    It 'reports a process it may not end as a problem, ends the others, and reports Partial' {
        $tree = New-FakeTree
        Add-FakeProcess -Name $ProcessName -Id 501
        Add-FakeProcess -Name $ProcessName -Id 502 -Denied
        $step = Invoke-OneRepairStep -Tree $tree -StepId $StepId
        $step.Outcome | Should -Be 'Partial'
        @($step.Problems).Count | Should -Be 1
        @($step.Problems)[0].Reason | Should -Be 'cannot end it: Access is denied.'
        $FakeProcesses.ContainsKey(501) | Should -BeFalse
    }

    It 'reports a process that does not end within the timeout as Failed, waiting a second at a time' {
        $tree = New-FakeTree
        Add-FakeProcess -Name $ProcessName -Id 501 -Lingers
        $step = Invoke-OneRepairStep -Tree $tree -StepId $StepId
        $step.Outcome | Should -Be 'Failed'
        @($step.Problems)[0].Reason | Should -Be ('it did not end within {0} s' -f $TimeoutSeconds)
        Should -Invoke Start-FfProcessSleep -ModuleName $ModuleName -Times $TimeoutSeconds -Exactly -ParameterFilter { $Seconds -eq 1 }
        (Invoke-Repair -Tree $tree).Status | Should -Be 'Failed'
    }

    It 'runs only in its own context, and reports Skipped in the others' {
        $others = @($AllContexts | Where-Object { $_ -ne $ContextValue })
        if ($others.Count -eq 0) { Set-ItResult -Skipped -Because 'the fix has no other context'; return }
        $tree = New-FakeTree
        Add-StepProcesses
        (Find-StepResult (Invoke-Repair -Tree $tree -Context $others) $StepId).Outcome | Should -Be 'Skipped'
        Should -Invoke Stop-FfProcessById -ModuleName $ModuleName -Times 0 -Exactly -ParameterFilter { $Name -eq $ProcessName }
    }
}
