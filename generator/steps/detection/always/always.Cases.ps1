# Generated Pester cases for detect.always: one Context per step ($StepId).
Context 'always step <StepId>' -ForEach $FfCases.detection.always {
    It 'finds the problem on a clean machine, before and after a repair' {
        $tree = New-FakeTree
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeTrue
        [void](Invoke-Repair -Tree $tree)
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeTrue
    }
}
