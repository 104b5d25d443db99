# Generated Pester cases for detect.pathExists: one Context per step, with the step's data
# ($StepId, $Indicates, $Locations, $ItemType, $OlderThanMinutes, $NotEmpty) from the spec.
Context 'pathExists step <StepId>' -ForEach $FfCases.detection.pathExists {
    BeforeAll {
        function Add-FakeItem {
            # The step's item in every location, of Type, last written AgeMinutes ago; returns the paths.
            param([hashtable] $Tree, [string] $Type = $ItemType, [int] $AgeMinutes = ($OlderThanMinutes + 60), [bool] $WithEntry = $true)
            foreach ($location in $Locations) {
                foreach ($path in @(Get-FakeFolder -Tree $Tree -Location $location)) {
                    [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($path))
                    $time = [DateTime]::UtcNow.AddMinutes(-$AgeMinutes)
                    if ($Type -eq 'file') {
                        [System.IO.File]::WriteAllText($path, 'present')
                        [System.IO.File]::SetLastWriteTimeUtc($path, $time)
                    }
                    else {
                        [void][System.IO.Directory]::CreateDirectory($path)
                        if ($WithEntry) { [System.IO.File]::WriteAllText([System.IO.Path]::Combine($path, 'entry.bin'), 'x') }
                        [System.IO.Directory]::SetLastWriteTimeUtc($path, $time)
                    }
                    $path
                }
            }
        }
    }

    It 'finds the item in every location, with the paths in the details' {
        $tree = New-FakeTree
        $items = @(Add-FakeItem -Tree $tree)
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        $finding.Detected | Should -BeTrue
        $finding.Count | Should -Be $items.Count
        @($finding.Details | Sort-Object) | Should -Be @($items | Sort-Object)
    }

    It 'finds nothing when the item is not there' {
        $tree = New-FakeTree
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        $finding.Detected | Should -BeFalse
        $finding.Count | Should -Be 0
    }

    It 'finds nothing when another kind of item is at the path' {
        $tree = New-FakeTree
        $other = 'folder'
        if ($ItemType -eq 'folder') { $other = 'file' }
        [void](Add-FakeItem -Tree $tree -Type $other)
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeFalse
    }

    It 'finds nothing younger than its age' {
        if ($OlderThanMinutes -eq 0) { Set-ItResult -Skipped -Because 'the step has no age' ; return }
        $tree = New-FakeTree
        [void](Add-FakeItem -Tree $tree -AgeMinutes ([Math]::Max(0, $OlderThanMinutes - 5)))
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeFalse
    }

    It 'finds nothing in an empty folder when it asks for one that is not empty' {
        if (-not $NotEmpty) { Set-ItResult -Skipped -Because 'the step does not ask for a folder that is not empty' ; return }
        $tree = New-FakeTree
        [void](Add-FakeItem -Tree $tree -WithEntry $false)
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeFalse
    }

    It 'does not count a link at the path, and names the link in the details' {
        $tree = New-FakeTree
        $path = @(Get-FakeFolder -Tree $tree -Location $Locations[0])[0]
        $target = [System.IO.Path]::Combine($tree.Outside, 'link-target')
        if ($ItemType -eq 'file') { [System.IO.File]::WriteAllText($target, 'reached only through a link') }
        else { [void][System.IO.Directory]::CreateDirectory($target); [System.IO.File]::WriteAllText([System.IO.Path]::Combine($target, 'entry.bin'), 'x') }
        [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($path))
        [void](New-Item -ItemType SymbolicLink -Path $path -Target $target)
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        @($finding.Details) | Should -Not -Contain $path
        @($finding.Details) | Should -Contain ('{0}: refused, nothing touched: it is a link (junction, symbolic link or mount point)' -f $path)
    }

    It 'decides the fix only when it indicates a problem' {
        $tree = New-FakeTree
        [void](Add-FakeItem -Tree $tree)
        $result = Invoke-Test -Tree $tree
        (Find-StepResult $result $StepId).Indicates | Should -Be $Indicates
        if ($Indicates -eq 'problem') { $result.Detected | Should -BeTrue }
    }
}
