# Generated Pester cases for verify.rerunDetection: one Context per step ($StepId).
Context 'rerunDetection step <StepId>' -ForEach $FfCases.verify.rerunDetection {
    It 'passes on a clean machine and carries the detection it ran' {
        $tree = New-FakeTree
        $check = Find-StepResult (Invoke-Status -Tree $tree) $StepId
        $check.Passed | Should -BeTrue
        $check.Test | Should -Not -BeNullOrEmpty
        $check.Test.Detected | Should -BeFalse
    }

    It 'fails while the detection still finds the problem' {
        $tree = New-FakeTree
        $detected = & (Get-Module -Name $ModuleName) { New-FfObject -TypeName 'Test' -Name @('Detected') -Value @{ Detected = $true } }
        Mock -ModuleName $ModuleName Invoke-FfDetection { $detected }
        $status = Invoke-Status -Tree $tree
        (Find-StepResult $status $StepId).Passed | Should -BeFalse
        $status.IsFixed | Should -BeFalse
    }
}
