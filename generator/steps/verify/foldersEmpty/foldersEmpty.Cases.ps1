# Generated Pester cases for verify.foldersEmpty: one Context per step ($StepId, $Locations with
# the context of the step that empties each).
Context 'foldersEmpty step <StepId>' -ForEach $FfCases.foldersEmpty {
    It 'passes when the folders are empty or absent' {
        $tree = New-FakeTree
        (Find-StepResult (Invoke-Status -Tree $tree) $StepId).Passed | Should -BeTrue
    }

    It 'fails and names what is left in a folder of its context' {
        $tree = New-FakeTree
        $seeded = @(Add-FakeContent -Tree $tree -Locations @($Locations[0]))
        $check = Find-StepResult (Invoke-Status -Tree $tree -Context @($Locations[0].Context)) $StepId
        $check.Passed | Should -BeFalse
        @($check.Remaining) | Should -Contain ([System.IO.Path]::Combine($seeded[0], 'entry1.bin'))
    }
}
