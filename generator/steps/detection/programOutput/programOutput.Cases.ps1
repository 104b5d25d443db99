# Generated Pester cases for detect.programOutput: one Context per step, with the step's data
# ($StepId, $ProgramSegments, $WhenMissing, $ArgumentList, matching and missing exit codes and output).
# Invoke-FfProgram is the engine's one place a program starts: it stands in for the program here.
Context 'programOutput step <StepId>' -ForEach $FfCases.detection.programOutput {
    It 'runs the program by full path with the step''s read-only arguments' {
        $tree = New-FakeTree
        $expectedPath = Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments
        [void](Invoke-Test -Tree $tree)
        $expectedArguments = $ArgumentList
        Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -ParameterFilter {
            $FilePath -eq $expectedPath -and (Test-SameList -Actual $ArgumentList -Expected $expectedArguments)
        }
    }

    It 'detects the problem when the run matches every criterion' {
        $tree = New-FakeTree
        [void](Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments)
        $code = $MatchingExitCode
        $text = $MatchingOutput
        Mock -ModuleName $ModuleName Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = $code; Output = @($text); TimedOut = $false } }
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        $finding.Detected | Should -BeTrue
        $finding.Error | Should -BeNullOrEmpty
    }

    It 'reads clean when the exit code does not match' -Skip:(-not $ChecksExitCode) {
        $tree = New-FakeTree
        [void](Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments)
        $code = $MissingExitCode
        $text = $MatchingOutput
        Mock -ModuleName $ModuleName Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = $code; Output = @($text); TimedOut = $false } }
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeFalse
    }

    It 'reads clean when the output does not hold the text' -Skip:(-not $ChecksOutput) {
        $tree = New-FakeTree
        [void](Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments)
        $code = $MatchingExitCode
        $text = $MissingOutput
        Mock -ModuleName $ModuleName Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = $code; Output = @($text); TimedOut = $false } }
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeFalse
    }

    It 'reports a program that cannot run, or runs too long, as an error, not as clean' {
        $tree = New-FakeTree
        [void](Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments)
        Mock -ModuleName $ModuleName Invoke-FfProgram { throw 'The system cannot find the file specified.' }
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Error | Should -Match 'could not be run'
        Mock -ModuleName $ModuleName Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = $null; Output = @(); TimedOut = $true } }
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Error | Should -Match 'did not finish'
    }

    It 'reports an error, not the problem, when a user''s run lacks the rights the program needs' -Skip:(-not $NeedsElevation) {
        # Not elevated, the program answers "Access is denied" with an exit code that reads as found.
        $tree = New-FakeTree
        [void](Install-FakeProgram -Tree $tree -ProgramSegments $ProgramSegments)
        Mock -ModuleName $ModuleName Test-FfProcessElevated { $false }
        $code = $MatchingExitCode
        Mock -ModuleName $ModuleName Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = $code; Output = @('Access is denied.'); TimedOut = $false } }
        $result = Invoke-Test -Tree $tree
        $finding = Find-StepResult $result $StepId
        $finding.Detected | Should -BeFalse
        $finding.Error | Should -Match 'needs an elevated PowerShell'
        Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -Times 0 -Exactly
    }

    It 'reports a missing program as the spec says (whenMissing): clean with the reason, or an error' -Skip:(-not $WhenMissing) {
        $tree = New-FakeTree
        $programPath = Get-FakeProgramPath -Tree $tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -Times 0 -Exactly -ParameterFilter { $FilePath -eq $programPath }
        if ($WhenMissing -eq 'skip') {
            $finding.Detected | Should -BeFalse
            $finding.Error | Should -BeNullOrEmpty
            (@($finding.Details) -join ' ') | Should -Match 'not installed'
        }
        else { $finding.Error | Should -Match 'not installed' }
    }
}
