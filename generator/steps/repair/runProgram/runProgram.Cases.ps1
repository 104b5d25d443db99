# Generated Pester cases for repair.runProgram: one Context per step, with the step's data
# ($StepId, $ContextValue, $ProgramSegments or $ProgramLocation, $SignedBy, $WhenMissing,
# $ArgumentList, $FailingExitCode) from the spec. Install-FakeProgram (programPath.Fakes.ps1)
# puts the program where the step looks for it.
Context 'runProgram step <StepId>' -ForEach $FfCases.repair.runProgram {
    It 'runs the program by full path with the spec''s arguments' {
        $tree = New-FakeTree
        $expectedPath = Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation -SignedBy $SignedBy
        $result = Invoke-Repair -Tree $tree -Context $ContextValue
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
        [void](Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation -SignedBy $SignedBy)
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
        [void](Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation -SignedBy $SignedBy)
        Mock -ModuleName $ModuleName Invoke-FfProgram { throw 'The term is not recognized.' }
        $result = Invoke-Repair -Tree $tree -Context $ContextValue
        (Find-StepResult $result $StepId).Outcome | Should -Be 'Failed'
        $result.Status | Should -Be 'Failed'
    }

    It 'does not run the program under -WhatIf' {
        $tree = New-FakeTree
        [void](Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation -SignedBy $SignedBy)
        $result = Invoke-Repair -Tree $tree -Context $ContextValue -WhatIf
        Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -Times 0 -Exactly
        $result.Status | Should -Be 'WhatIf'
        (Find-StepResult $result $StepId).Outcome | Should -Be 'WhatIf'
    }

    It 'reports a missing program as the spec says (whenMissing), without starting anything' -Skip:(-not $WhenMissing) {
        $tree = New-FakeTree
        $programPath = Get-FakeProgramPath -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation
        $result = Invoke-Repair -Tree $tree -Context $ContextValue
        Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -Times 0 -Exactly -ParameterFilter { $FilePath -eq $programPath }
        $step = Find-StepResult $result $StepId
        $step.Message | Should -Match 'not installed'
        if ($WhenMissing -eq 'skip') { $step.Outcome | Should -Be 'NotNeeded' }
        else { $step.Outcome | Should -Be 'Failed'; $result.Status | Should -Be 'Failed' }
    }

    It 'refuses a program with a link in its path, and starts nothing' -Skip:(-not $ProgramLocation) {
        $tree = New-FakeTree
        $programPath = Get-FakeProgramPath -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation
        $real = Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation -SignedBy $SignedBy
        # The program's own folder (or the file, right under the root) becomes a link to a copy elsewhere.
        $linked = $real
        if (@($ProgramLocation.Segments).Count -gt 1) { $linked = [System.IO.Path]::GetDirectoryName($real) }
        $elsewhere = [System.IO.Path]::Combine($tree.Outside, 'planted')
        Move-Item -LiteralPath $linked -Destination $elsewhere
        [void](New-Item -ItemType SymbolicLink -Path $linked -Target $elsewhere)
        $result = Invoke-Repair -Tree $tree -Context $ContextValue
        Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -Times 0 -Exactly -ParameterFilter { $FilePath -eq $programPath }
        $step = Find-StepResult $result $StepId
        $step.Outcome | Should -Be 'Refused'
        $step.Message | Should -Match 'link'
        $result.Status | Should -Not -Be 'Succeeded'
    }

    It 'refuses a program whose folder a non-admin account may write' -Skip:(-not $ProgramLocation -or $ContextValue -ne 'System') {
        $tree = New-FakeTree
        $programPath = Get-FakeProgramPath -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation
        $path = Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation -SignedBy $SignedBy
        Set-FakeTrustProblem -Path ([System.IO.Path]::GetDirectoryName($path)) -Problem 'the folder can be written by S-1-5-32-545'
        $result = Invoke-Repair -Tree $tree -Context $ContextValue
        Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -Times 0 -Exactly -ParameterFilter { $FilePath -eq $programPath }
        (Find-StepResult $result $StepId).Outcome | Should -Be 'Refused'
    }

    It 'refuses a program whose signature is bad or names another signer' -Skip:(-not $SignedBy) {
        $tree = New-FakeTree
        $programPath = Get-FakeProgramPath -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation
        $path = Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation -SignedBy $SignedBy
        Set-FakeSignature -Path $path -Status 'HashMismatch' -Subject ('CN={0}' -f $SignedBy)
        $step = Find-StepResult (Invoke-Repair -Tree $tree -Context $ContextValue) $StepId
        $step.Outcome | Should -Be 'Refused'
        $step.Message | Should -Match 'HashMismatch'
        Set-FakeSignature -Path $path -Status 'NotSigned' -Subject $null
        (Find-StepResult (Invoke-Repair -Tree $tree -Context $ContextValue) $StepId).Outcome | Should -Be 'Refused'
        Set-FakeSignature -Path $path -Status 'Valid' -Subject 'CN=Contoso Planted, O=Contoso Planted'
        $step = Find-StepResult (Invoke-Repair -Tree $tree -Context $ContextValue) $StepId
        $step.Outcome | Should -Be 'Refused'
        $step.Message | Should -Match 'Contoso Planted'
        Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -Times 0 -Exactly -ParameterFilter { $FilePath -eq $programPath }
    }
}
