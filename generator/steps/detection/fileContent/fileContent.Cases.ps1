# Generated Pester cases for detect.fileContent: one Context per step, with the step's data
# ($StepId, $Indicates, $Locations, $Contains) from the spec.
Context 'fileContent step <StepId>' -ForEach $FfCases.detection.fileContent {
    BeforeAll {
        function Add-FakeFile {
            param([hashtable] $Tree, [string] $Name, [byte[]] $Bytes)
            foreach ($location in $Locations) {
                foreach ($folder in @(Get-FakeFolder -Tree $Tree -Location $location)) {
                    [void][System.IO.Directory]::CreateDirectory($folder)
                    $file = [System.IO.Path]::Combine($folder, $Name)
                    [System.IO.File]::WriteAllBytes($file, $Bytes)
                    $file
                }
            }
        }
        $mixed = ''
        $upper = $true
        foreach ($c in $Contains.ToCharArray()) {
            if ($upper) { $mixed += [char]::ToUpperInvariant($c) } else { $mixed += [char]::ToLowerInvariant($c) }
            $upper = -not $upper
        }
    }

    It 'finds a file holding the text as UTF-16LE, in mixed case' {
        $tree = New-FakeTree
        $files = @(Add-FakeFile -Tree $tree -Name 'meta.bin' -Bytes ([System.Text.Encoding]::Unicode.GetBytes('head ' + $mixed + ' tail')))
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        $finding.Detected | Should -BeTrue
        $finding.Count | Should -Be $files.Count
    }

    It 'finds a file holding the text as ASCII' {
        $tree = New-FakeTree
        [void](Add-FakeFile -Tree $tree -Name 'meta.bin' -Bytes ([System.Text.Encoding]::ASCII.GetBytes('head ' + $Contains + ' tail')))
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeTrue
    }

    It 'finds nothing in files without the text, or without the folders' {
        $tree = New-FakeTree
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeFalse
        [void](Add-FakeFile -Tree $tree -Name 'other.bin' -Bytes ([System.Text.Encoding]::ASCII.GetBytes('nothing to see')))
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeFalse
    }

    It 'decides the fix only when it indicates a problem' {
        $tree = New-FakeTree
        [void](Add-FakeFile -Tree $tree -Name 'meta.bin' -Bytes ([System.Text.Encoding]::ASCII.GetBytes($Contains)))
        $result = Invoke-Test -Tree $tree
        (Find-StepResult $result $StepId).Indicates | Should -Be $Indicates
        if ($Indicates -eq 'problem') { $result.Detected | Should -BeTrue }
    }
}

Context 'fileContent step <StepId> in a hostile tree' -ForEach $FfCases.detection.fileContent {
    It 'does not read a folder reached through a link (the anchor, or the folder itself), and names the refusal' {
        $location = $Locations[0]
        $segments = @(Get-FakeSegment -Location $location)
        foreach ($depth in @(0, $segments.Count)) {
            $tree = New-FakeTree
            $folder = @(Get-FakeFolder -Tree $tree -Location $location)[0]
            $case = New-HostileCase -Anchor (Get-FakeAnchor -Folder $folder -Location $location) -Segments $segments -Outside $tree.Outside -LinkAt $depth
            foreach ($sentinel in $case.Sentinels) { [System.IO.File]::WriteAllBytes($sentinel, [System.Text.Encoding]::ASCII.GetBytes($Contains)) }
            $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
            @($finding.Details | Where-Object { ([string]$_).StartsWith($case.Victim) }).Count | Should -Be 0 -Because $depth
            @($finding.Problems | Where-Object { $_.Target -eq $case.Target -and $_.Reason -match 'link' }).Count | Should -Be 1 -Because $depth
        }
    }
}
