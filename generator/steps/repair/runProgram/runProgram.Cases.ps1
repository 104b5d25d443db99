# Generated Pester cases for repair.runProgram: one Context per step, with the step's data
# ($StepId, $ContextValue, $ProgramSegments, $ArgumentList, $FailingExitCode) from the spec.
Context 'runProgram step <StepId>' -ForEach $FfCases.repair.runProgram {
    It 'runs the program by full path under the Windows directory with the spec''s arguments' {
        $tree = New-FakeTree
        $result = Invoke-Repair -Tree $tree -Context $ContextValue
        $expectedPath = Join-TestPath $tree.WindowsDirectory $ProgramSegments
        $expectedArguments = $ArgumentList
        Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -Times 1 -Exactly -ParameterFilter {
            $FilePath -eq $expectedPath -and (Test-SameList -Actual $ArgumentList -Expected $expectedArguments)
        }
        $step = Find-StepResult $result $StepId
        $step.Outcome | Should -Be 'Succeeded'
        @($step.Changes)[0].Action | Should -Be 'Run'
        @($step.Changes)[0].After | Should -Be 'exit code 0'
    }

    It 'reports a failing exit code as Failed, with the code in the message and a problem' {
        $tree = New-FakeTree
        $code = $FailingExitCode
        Mock -ModuleName $ModuleName Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = $code; Output = @('simulated failure') } }
        $result = Invoke-Repair -Tree $tree -Context $ContextValue
        $step = Find-StepResult $result $StepId
        $step.Outcome | Should -Be 'Failed'
        $step.Message | Should -Match ('(^|\D){0}(\D|$)' -f $FailingExitCode)
        @($step.Problems).Count | Should -Be 1
        $result.Status | Should -Be 'Failed'
    }

    It 'reports a program that cannot start as Failed' {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Invoke-FfProgram { throw 'The term is not recognized.' }
        $result = Invoke-Repair -Tree $tree -Context $ContextValue
        (Find-StepResult $result $StepId).Outcome | Should -Be 'Failed'
        $result.Status | Should -Be 'Failed'
    }

    It 'does not run the program under -WhatIf' {
        $tree = New-FakeTree
        $result = Invoke-Repair -Tree $tree -Context $ContextValue -WhatIf
        Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -Times 0 -Exactly
        $result.Status | Should -Be 'WhatIf'
        (Find-StepResult $result $StepId).Outcome | Should -Be 'WhatIf'
    }
}
