# Generated Pester cases for repair.deleteFiles: one Context per step, with the step's data
# ($StepId, $ContextValue, $Locations, $Pattern, $Recurse, and from the pattern $MatchingNames and
# $OtherName, a name it does not match or $null) from the spec.
Context 'deleteFiles step <StepId>' -ForEach $FfCases.repair.deleteFiles {
    BeforeAll {
        function Add-FakeFile {
            # The matching names, the other name and a matching file in a subfolder, in every
            # folder of the step; returns the folders.
            param([hashtable] $Tree)
            foreach ($location in $Locations) {
                foreach ($folder in @(Get-FakeFolder -Tree $Tree -Location $location)) {
                    $sub = [System.IO.Path]::Combine($folder, 'sub')
                    [void][System.IO.Directory]::CreateDirectory($sub)
                    foreach ($name in $MatchingNames) { [System.IO.File]::WriteAllText([System.IO.Path]::Combine($folder, $name), 'match') }
                    if ($OtherName) { [System.IO.File]::WriteAllText([System.IO.Path]::Combine($folder, $OtherName), 'other') }
                    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($sub, $MatchingNames[0]), 'nested match')
                    $folder
                }
            }
        }

        function Get-MatchLeft {
            # The matching files still in a folder (and its subfolder when the step recurses).
            param([string] $Folder)
            foreach ($name in $MatchingNames) {
                $file = [System.IO.Path]::Combine($Folder, $name)
                if ([System.IO.File]::Exists($file)) { $file }
            }
            $nested = [System.IO.Path]::Combine([System.IO.Path]::Combine($Folder, 'sub'), $MatchingNames[0])
            if ($Recurse -and [System.IO.File]::Exists($nested)) { $nested }
        }

        $tree = New-FakeTree
        $folders = @(Add-FakeFile -Tree $tree)
        $linkTarget = [System.IO.Path]::Combine($tree.Outside, 'link-target')
        [void][System.IO.Directory]::CreateDirectory($linkTarget)
        $precious = [System.IO.Path]::Combine($linkTarget, $MatchingNames[0])
        [System.IO.File]::WriteAllText($precious, 'reached only through a link')
        [void](New-Item -ItemType SymbolicLink -Path ([System.IO.Path]::Combine($folders[0], 'link-to-outside')) -Target $linkTarget)
        $result = Invoke-Repair -Tree $tree
        $step = Find-StepResult $result $StepId
    }

    It 'deletes the matching files in every folder of the step' {
        foreach ($folder in $folders) { @(Get-MatchLeft $folder).Count | Should -Be 0 -Because $folder }
        $folders.Count | Should -BeGreaterOrEqual $Locations.Count
    }

    It 'keeps the folders, the files it does not match, and subfolders'' files unless it recurses' {
        foreach ($folder in $folders) {
            [System.IO.Directory]::Exists([System.IO.Path]::Combine($folder, 'sub')) | Should -BeTrue
            if ($OtherName) { [System.IO.File]::Exists([System.IO.Path]::Combine($folder, $OtherName)) | Should -BeTrue -Because $folder }
            [System.IO.File]::Exists([System.IO.Path]::Combine([System.IO.Path]::Combine($folder, 'sub'), $MatchingNames[0])) | Should -Be (-not $Recurse)
        }
    }

    It 'never enters a linked subfolder' {
        [System.IO.File]::Exists($precious) | Should -BeTrue
    }

    It 'reports Succeeded with a Delete change per file, and the fix as Repaired' {
        $result.Status | Should -Be 'Repaired'
        $step.Outcome | Should -Be 'Succeeded'
        @($step.Problems).Count | Should -Be 0
        $perFolder = $MatchingNames.Count
        if ($Recurse) { $perFolder++ }
        @($step.Changes | Where-Object { $_.Action -eq 'Delete' }).Count | Should -Be ($perFolder * $folders.Count)
        @($step.Changes | ForEach-Object { $_.Target }) | Should -Contain ([System.IO.Path]::Combine($folders[0], $MatchingNames[0]))
    }

    It 'changes nothing on a second run: NotNeeded, and still Repaired' {
        $second = Invoke-Repair -Tree $tree
        $again = Find-StepResult $second $StepId
        @($again.Changes).Count | Should -Be 0
        $again.Outcome | Should -Be 'NotNeeded'
        $second.Status | Should -Be 'Repaired'
    }

    It 'reads clean afterwards (Test after Repair)' -Skip:($FfTest.OnDemand) {
        (Invoke-Test -Tree $tree).Detected | Should -BeFalse
    }

    It 'deletes nothing under -WhatIf and reports WhatIf' {
        $whatIfTree = New-FakeTree
        $seeded = @(Add-FakeFile -Tree $whatIfTree)
        $whatIf = Invoke-Repair -Tree $whatIfTree -WhatIf
        $whatIf.Status | Should -Be 'WhatIf'
        (Find-StepResult $whatIf $StepId).Outcome | Should -Be 'WhatIf'
        @($whatIf.Changes | Where-Object { $_.Action -eq 'Delete' }).Count | Should -Be 0
        foreach ($folder in $seeded) {
            foreach ($name in $MatchingNames) { [System.IO.File]::Exists([System.IO.Path]::Combine($folder, $name)) | Should -BeTrue }
        }
    }

    It 'skips and reports a file in use, deletes the rest, and reports Partial (Failed when it was the only one)' {
        $lockTree = New-FakeTree
        $seeded = @(Add-FakeFile -Tree $lockTree)
        $lockedFile = [System.IO.Path]::Combine($seeded[0], $MatchingNames[0])
        Mock -ModuleName $ModuleName Remove-FfDeleteFilesItem { throw (New-Object -TypeName System.IO.IOException -ArgumentList 'The process cannot access the file because it is being used by another process.') } -ParameterFilter { $Path -eq $lockedFile }
        $locked = Invoke-Repair -Tree $lockTree
        $lockedStep = Find-StepResult $locked $StepId
        $perFolder = $MatchingNames.Count
        if ($Recurse) { $perFolder++ }
        $expected = 'Partial'
        if ($perFolder * $seeded.Count -eq 1) { $expected = 'Failed' }
        $lockedStep.Outcome | Should -Be $expected
        $locked.Status | Should -Be $expected
        @($lockedStep.Changes).Count | Should -Be ($perFolder * $seeded.Count - 1)
        @($lockedStep.Problems | ForEach-Object { $_.Target }) | Should -Be @($lockedFile)
        [System.IO.File]::Exists($lockedFile) | Should -BeTrue
        foreach ($folder in $seeded) { @(Get-MatchLeft $folder | Where-Object { $_ -ne $lockedFile }).Count | Should -Be 0 -Because $folder }
    }

    It 'refuses a folder that is a link, deletes nothing behind it, and reports Refused' {
        $linkTree = New-FakeTree
        $folder = @(Get-FakeFolder -Tree $linkTree -Location $Locations[0])[0]
        $behind = [System.IO.Path]::Combine($linkTree.Outside, 'behind')
        [void][System.IO.Directory]::CreateDirectory($behind)
        $kept = [System.IO.Path]::Combine($behind, $MatchingNames[0])
        [System.IO.File]::WriteAllText($kept, 'not the step''s to delete')
        [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($folder))
        [void](New-Item -ItemType SymbolicLink -Path $folder -Target $behind)
        $refused = Find-StepResult (Invoke-Repair -Tree $linkTree) $StepId
        [System.IO.File]::Exists($kept) | Should -BeTrue
        @($refused.Problems | ForEach-Object { $_.Target }) | Should -Contain $folder
        $refused.Outcome | Should -Be 'Refused'
    }

    It 'runs only in its own context, and reports Skipped in the others' {
        $otherTree = New-FakeTree
        $seeded = @(Add-FakeFile -Tree $otherTree)
        $others = @($AllContexts | Where-Object { $_ -ne $ContextValue })
        if ($others.Count -eq 0) { Set-ItResult -Skipped -Because 'the fix has no other context' ; return }
        $other = Invoke-Repair -Tree $otherTree -Context $others
        (Find-StepResult $other $StepId).Outcome | Should -Be 'Skipped'
        foreach ($folder in $seeded) { [System.IO.File]::Exists([System.IO.Path]::Combine($folder, $MatchingNames[0])) | Should -BeTrue }
    }
}
