# Generated Pester cases for verify.foldersEmpty: one Context per step ($StepId, $Locations with
# the context of the step that empties each).
Context 'foldersEmpty step <StepId>' -ForEach $FfCases.verify.foldersEmpty {
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

Context 'foldersEmpty step <StepId> in a hostile tree' -ForEach $FfCases.verify.foldersEmpty {
    It 'fails, and names the refusal, for a folder reached through a link; never looks through it' {
        $location = $Locations[0]
        $tree = New-FakeTree
        $folder = @(Get-FakeFolder -Tree $tree -Location $location)[0]
        $segments = @(Get-FakeSegment -Location $location)
        $case = New-HostileCase -Anchor (Get-FakeAnchor -Folder $folder -Location $location) -Segments $segments -Outside $tree.Outside -LinkAt $segments.Count
        $check = Find-StepResult (Invoke-Status -Tree $tree -Context @($location.Context)) $StepId
        $check.Passed | Should -BeFalse
        @($check.Remaining) | Should -Contain $case.Target
        @($check.Remaining | Where-Object { ([string]$_).StartsWith($case.Victim) }).Count | Should -Be 0
        @($check.Problems | Where-Object { $_.Target -eq $case.Target }).Count | Should -Be 1
    }
}
