# Generated Pester cases for repair.wait: one Context per step, with the step's data ($StepId,
# $ContextValue, and $Seconds for a pause, or $DetectionId, $Until, $TimeoutSeconds and
# $IntervalSeconds for waiting on a detection) from the spec. Start-FfWait is mocked by
# wait.Fakes.ps1: nothing sleeps. The detection waited for is mocked through Invoke-FfHandler for its id;
# $plan.From is the run from which it reads as asked (0: never), $plan.Runs counts its runs.
Context 'wait step <StepId>' -ForEach $FfCases.repair.wait {
    BeforeAll {
        $wanted = $Until -eq 'detected'
        $isPause = $Seconds -gt 0
    }

    It 'pauses for its seconds, or returns as soon as its detection reads as asked: Succeeded, no change' {
        $plan = @{ From = 1; Runs = 0 }
        Mock -ModuleName $ModuleName Invoke-FfHandler -ParameterFilter { $Step.Id -eq $DetectionId } {
            $plan.Runs++
            New-Object -TypeName PSObject -Property @{ Detected = (($plan.From -gt 0 -and $plan.Runs -ge $plan.From) -eq $wanted); Error = $null; Hints = @(); Indicates = 'evidence' }
        }
        $step = Find-StepResult (Invoke-Repair -Tree (New-FakeTree) -Context $ContextValue) $StepId
        $step.Outcome | Should -Be 'Succeeded'
        @($step.Changes).Count | Should -Be 0
        $expected = $Seconds
        if ($isPause) { Should -Invoke Start-FfWait -ModuleName $ModuleName -Times 1 -ParameterFilter { $Seconds -eq $expected } }
        else { Should -Invoke Start-FfWait -ModuleName $ModuleName -Times 0 -Exactly }
    }

    It 'runs its detection again after each interval until it reads as asked' {
        if ($isPause) { Set-ItResult -Skipped -Because 'the step is a pause' ; return }
        $pauses = [int][Math]::Min(2, [Math]::Floor($TimeoutSeconds / $IntervalSeconds))
        $plan = @{ From = $pauses + 1; Runs = 0 }
        Mock -ModuleName $ModuleName Invoke-FfHandler -ParameterFilter { $Step.Id -eq $DetectionId } {
            $plan.Runs++
            New-Object -TypeName PSObject -Property @{ Detected = (($plan.Runs -ge $plan.From) -eq $wanted); Error = $null; Hints = @(); Indicates = 'evidence' }
        }
        $step = Find-StepResult (Invoke-Repair -Tree (New-FakeTree) -Context $ContextValue) $StepId
        $step.Outcome | Should -Be 'Succeeded'
        $step.Message | Should -Be ('{0} reads {1} after {2} seconds' -f $DetectionId, $Until, ($pauses * $IntervalSeconds))
        $interval = $IntervalSeconds
        Should -Invoke Start-FfWait -ModuleName $ModuleName -Times $pauses -Exactly -ParameterFilter { $Seconds -eq $interval }
    }

    It 'fails at its timeout with a problem, after pauses that add up to the timeout' {
        if ($isPause) { Set-ItResult -Skipped -Because 'the step is a pause' ; return }
        $plan = @{ Waited = 0 }
        Mock -ModuleName $ModuleName Invoke-FfHandler -ParameterFilter { $Step.Id -eq $DetectionId } {
            New-Object -TypeName PSObject -Property @{ Detected = (-not $wanted); Error = $null; Hints = @(); Indicates = 'evidence' }
        }
        Mock -ModuleName $ModuleName Start-FfWait { $plan.Waited += $Seconds }
        $result = Invoke-Repair -Tree (New-FakeTree) -Context $ContextValue
        $step = Find-StepResult $result $StepId
        $step.Outcome | Should -Be 'Failed'
        $result.Status | Should -Be 'Failed'
        @($step.Problems)[0].Target | Should -Be $DetectionId
        $plan.Waited | Should -Be $TimeoutSeconds
    }

    It 'changes nothing on a second run either' {
        $tree = New-FakeTree
        [void](Invoke-Repair -Tree $tree -Context $ContextValue)
        $again = Find-StepResult (Invoke-Repair -Tree $tree -Context $ContextValue) $StepId
        $again.Outcome | Should -Be 'Succeeded'
        @($again.Changes).Count | Should -Be 0
    }

    It 'neither pauses nor detects under -WhatIf, and reports WhatIf' {
        $plan = @{ Runs = 0 }
        Mock -ModuleName $ModuleName Invoke-FfHandler -ParameterFilter { $Step.Id -eq $DetectionId } {
            $plan.Runs++
            New-Object -TypeName PSObject -Property @{ Detected = $wanted; Error = $null; Hints = @(); Indicates = 'evidence' }
        }
        $whatIf = Invoke-Repair -Tree (New-FakeTree) -Context $ContextValue -WhatIf
        (Find-StepResult $whatIf $StepId).Outcome | Should -Be 'WhatIf'
        Should -Invoke Start-FfWait -ModuleName $ModuleName -Times 0 -Exactly
        $plan.Runs | Should -Be 0
    }

    It 'runs only in its own context, and reports Skipped in the others' {
        $others = @($AllContexts | Where-Object { $_ -ne $ContextValue })
        if ($others.Count -eq 0) { Set-ItResult -Skipped -Because 'the fix has no other context' ; return }
        $other = Invoke-Repair -Tree (New-FakeTree) -Context $others
        (Find-StepResult $other $StepId).Outcome | Should -Be 'Skipped'
        $expected = $Seconds
        Should -Invoke Start-FfWait -ModuleName $ModuleName -Times 0 -Exactly -ParameterFilter { $Seconds -eq $expected }
    }
}
