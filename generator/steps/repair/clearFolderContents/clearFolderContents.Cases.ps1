# Generated Pester cases for repair.clearFolderContents: one Context per step, with the step's
# data ($StepId, $ContextValue, $Locations) from the spec. Uses the helpers of
# generator/emit/pester/Harness.ps1.
Context 'clearFolderContents step <StepId>' -ForEach $FfCases.repair.clearFolderContents {
    BeforeAll {
        $tree = New-FakeTree
        $folders = @(Add-FakeContent -Tree $tree -Locations $Locations)
        $sibling = [System.IO.Path]::Combine([System.IO.Path]::GetDirectoryName($folders[0]), 'sibling-keep.txt')
        [System.IO.File]::WriteAllText($sibling, 'beside the folder, outside the declared folder')
        $outsideFile = [System.IO.Path]::Combine($tree.Outside, 'keep.txt')
        [System.IO.File]::WriteAllText($outsideFile, 'outside every root')
        $linkTarget = [System.IO.Path]::Combine($tree.Outside, 'link-target')
        [void][System.IO.Directory]::CreateDirectory($linkTarget)
        $linkTargetFile = [System.IO.Path]::Combine($linkTarget, 'precious.txt')
        [System.IO.File]::WriteAllText($linkTargetFile, 'reached only through a link')
        $link = [System.IO.Path]::Combine($folders[0], 'link-to-outside')
        [void](New-Item -ItemType SymbolicLink -Path $link -Target $linkTarget)
        $result = Invoke-Repair -Tree $tree
        $step = Find-StepResult $result $StepId
    }

    It 'empties every location of the step' {
        foreach ($folder in $folders) {
            Get-Entry $folder | Should -BeNullOrEmpty -Because $folder
        }
        $folders.Count | Should -BeGreaterOrEqual $Locations.Count
    }

    It 'keeps the emptied folders' {
        foreach ($folder in $folders) {
            [System.IO.Directory]::Exists($folder) | Should -BeTrue -Because $folder
        }
    }

    It 'keeps files outside the declared folders' {
        [System.IO.File]::Exists($outsideFile) | Should -BeTrue
        [System.IO.File]::Exists($sibling) | Should -BeTrue
    }

    It 'removes a symbolic link inside a folder without entering it' {
        Test-Path -LiteralPath $link | Should -BeFalse
        [System.IO.Directory]::Exists($linkTarget) | Should -BeTrue
        [System.IO.File]::Exists($linkTargetFile) | Should -BeTrue
    }

    It 'reports Succeeded with a Delete change per entry, and the fix as Repaired' {
        $result.Status | Should -Be 'Repaired'
        $step.Outcome | Should -Be 'Succeeded'
        @($step.Problems).Count | Should -Be 0
        @($step.Changes | Where-Object { $_.Action -eq 'Delete' } | ForEach-Object { $_.Target }) | Should -Contain ([System.IO.Path]::Combine($folders[0], 'entry1.bin'))
        @($result.Changes).Count | Should -BeGreaterOrEqual @($step.Changes).Count
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

    It 'reports IsFixed afterwards' {
        $status = Invoke-Status -Tree $tree
        $status.IsFixed | Should -BeTrue
        foreach ($check in $status.Checks) { $check.Passed | Should -BeTrue -Because $check.StepId }
    }

    It 'deletes nothing under -WhatIf and reports WhatIf' {
        $whatIfTree = New-FakeTree
        $seeded = @(Add-FakeContent -Tree $whatIfTree -Locations $Locations)
        $whatIf = Invoke-Repair -Tree $whatIfTree -WhatIf
        $whatIf.Status | Should -Be 'WhatIf'
        (Find-StepResult $whatIf $StepId).Outcome | Should -Be 'WhatIf'
        @($whatIf.Changes | Where-Object { $_.Action -eq 'Delete' }).Count | Should -Be 0
        foreach ($folder in $seeded) {
            (Get-Entry $folder).Count | Should -Be 3 -Because $folder
            [System.IO.File]::Exists([System.IO.Path]::Combine([System.IO.Path]::Combine($folder, 'sub'), 'nested.bin')) | Should -BeTrue
        }
        if (Test-ModuleCommand 'Invoke-FfProgram') { Should -Invoke Invoke-FfProgram -ModuleName $ModuleName -Times 0 -Exactly }
    }

    It 'skips and reports a file in use, deletes the rest, and reports Partial' {
        $lockTree = New-FakeTree
        $seeded = @(Add-FakeContent -Tree $lockTree -Locations $Locations)
        $lockedFile = [System.IO.Path]::Combine($seeded[0], 'locked.bin')
        [System.IO.File]::WriteAllText($lockedFile, 'in use')
        Mock -ModuleName $ModuleName Remove-FfItem { throw (New-Object -TypeName System.IO.IOException -ArgumentList 'The process cannot access the file because it is being used by another process.') } -ParameterFilter { [System.IO.Path]::GetFileName($Path) -eq 'locked.bin' }
        $locked = Invoke-Repair -Tree $lockTree
        $locked.Status | Should -Be 'Partial'
        $lockedStep = Find-StepResult $locked $StepId
        $lockedStep.Outcome | Should -Be 'Partial'
        @($lockedStep.Problems | ForEach-Object { $_.Target }) | Should -Be @($lockedFile)
        [System.IO.File]::Exists($lockedFile) | Should -BeTrue
        foreach ($folder in $seeded) {
            $left = @(Get-Entry $folder | Where-Object { $_ -ne $lockedFile })
            $left.Count | Should -Be 0 -Because $folder
        }
    }

    It 'runs only in its own context, and reports Skipped in the others' {
        $otherTree = New-FakeTree
        $seeded = @(Add-FakeContent -Tree $otherTree -Locations $Locations)
        $others = @($AllContexts | Where-Object { $_ -ne $ContextValue })
        if ($others.Count -eq 0) { Set-ItResult -Skipped -Because 'the fix has no other context' ; return }
        $other = Invoke-Repair -Tree $otherTree -Context $others
        (Find-StepResult $other $StepId).Outcome | Should -Be 'Skipped'
        foreach ($folder in $seeded) { (Get-Entry $folder).Count | Should -Be 3 -Because $folder }
    }
}

Context 'clearFolderContents step <StepId> in a hostile tree' -ForEach $FfCases.repair.clearFolderContents {
    BeforeAll {
        # The first location, and the first under a profile if there is one: every depth of each.
        $hostile = @($Locations[0])
        $inProfile = @($Locations | Where-Object { @('everyUserProfile', 'currentUserProfile', 'profile') -contains $Roots[$_.Root].Kind })
        if ($inProfile.Count -gt 0 -and -not [object]::ReferenceEquals($inProfile[0], $Locations[0])) { $hostile += $inProfile[0] }
    }

    AfterEach {
        $left = Get-Variable -Name HostileLinks -Scope Script -ValueOnly -ErrorAction SilentlyContinue
        if ($left) { Remove-HostileLink -Path $left; $script:HostileLinks = $null }
    }

    It 'refuses a link at every depth, from the anchor (the profile folder) to the folder: the sentinels survive, the result names it' {
        foreach ($location in $hostile) {
            $segments = @(Get-FakeSegment -Location $location)
            foreach ($depth in @(Get-HostileLinkDepth $segments)) {
                $tree = New-FakeTree
                $folder = @(Get-FakeFolder -Tree $tree -Location $location)[0]
                $case = New-HostileCase -Anchor (Get-FakeAnchor -Folder $folder -Location $location) -Segments $segments -Outside $tree.Outside -LinkAt $depth
                $result = Invoke-Repair -Tree $tree
                $step = Find-StepResult $result $StepId
                $because = '{0} linked at depth {1}' -f $folder, $depth
                @(Test-HostileSentinel $case.Sentinels) | Should -Be @() -Because $because
                $step.Outcome | Should -Be 'Refused' -Because $because
                @($step.Problems | Where-Object { $_.Target -eq $case.Target -and $_.Reason -match '^refused, nothing touched: .*link' }).Count | Should -Be 1 -Because $because
                $result.Status | Should -Be 'Failed' -Because $because
            }
        }
    }

    It 'inside a folder: removes links as links (outside, dangling, loops), deletes odd, read-only and deep entries, reports the unreadable one and goes on' {
        $tree = New-FakeTree
        $folders = @(Add-FakeContent -Tree $tree -Locations $Locations)
        $content = New-HostileContent -Folder $folders[0] -Outside $tree.Outside
        $script:HostileLinks = $content.Links
        Mock -ModuleName $ModuleName Get-FfDirectoryEntry { throw (New-Object -TypeName System.UnauthorizedAccessException -ArgumentList 'Access denied.') } -ParameterFilter { $Path -eq $content.Unreadable }
        $result = Invoke-Repair -Tree $tree
        $step = Find-StepResult $result $StepId
        @(Test-HostileSentinel $content.Sentinels) | Should -Be @()
        foreach ($link in $content.Links) { Test-HostileLinkGone -Path $link | Should -BeTrue -Because $link }
        foreach ($entry in $content.Plain) { Test-HostileLinkGone -Path $entry | Should -BeTrue -Because $entry }
        $step.Outcome | Should -Be 'Partial'
        @($step.Problems | ForEach-Object { $_.Target }) | Should -Be @($content.Unreadable)
        @(Get-Entry $folders[0]) | Should -Be @($content.Unreadable)
        foreach ($folder in @($folders | Select-Object -Skip 1)) { @(Get-Entry $folder).Count | Should -Be 0 -Because $folder }
    }
}
