# Generated Pester cases for repair.moveAside: one Context per step, with the step's data
# ($StepId, $ContextValue, $Locations, $Keep) from the spec.
Context 'moveAside step <StepId>' -ForEach $FfCases.repair.moveAside {
    BeforeAll {
        function Add-FakeItem {
            # The step's item, a folder with a file, in every location; returns the item paths.
            param([hashtable] $Tree)
            foreach ($location in $Locations) {
                foreach ($path in @(Get-FakeFolder -Tree $Tree -Location $location)) {
                    [void][System.IO.Directory]::CreateDirectory($path)
                    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($path, 'state.bin'), 'state')
                    $path
                }
            }
        }

        function Get-CopyNumber {
            # The numbers of the moved-aside copies beside Path, lowest first.
            param([string] $Path)
            $prefix = [System.IO.Path]::GetFileName($Path) + '.fixforge-'
            $numbers = foreach ($entry in @(Get-Entry ([System.IO.Path]::GetDirectoryName($Path)))) {
                $name = [System.IO.Path]::GetFileName($entry)
                if ($name.StartsWith($prefix)) { [int]$name.Substring($prefix.Length) }
            }
            @($numbers | Sort-Object)
        }

        $tree = New-FakeTree
        $items = @(Add-FakeItem -Tree $tree)
        $result = Invoke-Repair -Tree $tree
        $step = Find-StepResult $result $StepId
    }

    It 'moves every item aside as NAME.fixforge-1, with its contents' {
        foreach ($item in $items) {
            Test-Path -LiteralPath $item | Should -BeFalse -Because $item
            [System.IO.File]::Exists([System.IO.Path]::Combine(($item + '.fixforge-1'), 'state.bin')) | Should -BeTrue -Because $item
        }
        $items.Count | Should -BeGreaterOrEqual $Locations.Count
    }

    It 'reports Succeeded with a Move change per item that says where it went, and the fix as Repaired' {
        $result.Status | Should -Be 'Repaired'
        $step.Outcome | Should -Be 'Succeeded'
        $moves = @($step.Changes | Where-Object { $_.Action -eq 'Move' })
        $moves.Count | Should -Be $items.Count
        foreach ($move in $moves) { $move.After | Should -Be ($move.Before + '.fixforge-1') }
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

    It 'keeps the newest Keep copies when it moves the item aside again and again' {
        $again = New-FakeTree
        for ($run = 1; $run -le $Keep + 1; $run++) {
            $seeded = @(Add-FakeItem -Tree $again)
            (Find-StepResult (Invoke-Repair -Tree $again) $StepId).Outcome | Should -Be 'Succeeded'
        }
        foreach ($item in $seeded) { Get-CopyNumber $item | Should -Be @(2..($Keep + 1)) -Because $item }
    }

    It 'deletes an earlier copy that is a link as a link: what it points to stays' {
        $linkTree = New-FakeTree
        $seeded = @(Add-FakeItem -Tree $linkTree)
        $target = [System.IO.Path]::Combine($linkTree.Outside, 'link-target')
        [void][System.IO.Directory]::CreateDirectory($target)
        $precious = [System.IO.Path]::Combine($target, 'precious.txt')
        [System.IO.File]::WriteAllText($precious, 'reached only through a link')
        $link = $seeded[0] + '.fixforge-0'
        [void](New-Item -ItemType SymbolicLink -Path $link -Target $target)
        for ($n = 1; $n -lt $Keep; $n++) { [void][System.IO.Directory]::CreateDirectory(('{0}.fixforge-{1}' -f $seeded[0], $n)) }
        $linkStep = Find-StepResult (Invoke-Repair -Tree $linkTree) $StepId
        $linkStep.Outcome | Should -Be 'Succeeded'
        @($linkStep.Changes | Where-Object { $_.Target -eq $link })[0].Before | Should -Be 'earlier copy (a link, removed as a link)'
        Test-Path -LiteralPath $link | Should -BeFalse
        [System.IO.File]::Exists($precious) | Should -BeTrue
        Get-CopyNumber $seeded[0] | Should -Be @(1..$Keep)
    }

    It 'moves and deletes nothing under -WhatIf and reports WhatIf' {
        $whatIfTree = New-FakeTree
        $seeded = @(Add-FakeItem -Tree $whatIfTree)
        $whatIf = Invoke-Repair -Tree $whatIfTree -WhatIf
        $whatIf.Status | Should -Be 'WhatIf'
        (Find-StepResult $whatIf $StepId).Outcome | Should -Be 'WhatIf'
        foreach ($item in $seeded) {
            [System.IO.Directory]::Exists($item) | Should -BeTrue
            @(Get-CopyNumber $item).Count | Should -Be 0
        }
    }

    It 'reports an item in use as Failed and leaves it where it is' {
        $lockTree = New-FakeTree
        $seeded = @(Add-FakeItem -Tree $lockTree)
        Mock -ModuleName $ModuleName Move-FfMoveAsideItem { throw (New-Object -TypeName System.IO.IOException -ArgumentList 'The process cannot access the file because it is being used by another process.') }
        $locked = Invoke-Repair -Tree $lockTree
        (Find-StepResult $locked $StepId).Outcome | Should -Be 'Failed'
        $locked.Status | Should -Be 'Failed'
        foreach ($item in $seeded) { [System.IO.Directory]::Exists($item) | Should -BeTrue }
    }

    It 'refuses an item that is a link and touches nothing: Refused' {
        $linkTree = New-FakeTree
        $item = @(Get-FakeFolder -Tree $linkTree -Location $Locations[0])[0]
        $behind = [System.IO.Path]::Combine($linkTree.Outside, 'behind')
        [void][System.IO.Directory]::CreateDirectory($behind)
        [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($item))
        [void](New-Item -ItemType SymbolicLink -Path $item -Target $behind)
        $refused = Find-StepResult (Invoke-Repair -Tree $linkTree) $StepId
        $refused.Outcome | Should -Be 'Refused'
        @($refused.Problems | ForEach-Object { $_.Target }) | Should -Contain $item
        Test-Path -LiteralPath $item | Should -BeTrue
        @(Get-CopyNumber $item).Count | Should -Be 0
    }

    It 'runs only in its own context, and reports Skipped in the others' {
        $otherTree = New-FakeTree
        $seeded = @(Add-FakeItem -Tree $otherTree)
        $others = @($AllContexts | Where-Object { $_ -ne $ContextValue })
        if ($others.Count -eq 0) { Set-ItResult -Skipped -Because 'the fix has no other context' ; return }
        $other = Invoke-Repair -Tree $otherTree -Context $others
        (Find-StepResult $other $StepId).Outcome | Should -Be 'Skipped'
        foreach ($item in $seeded) { [System.IO.Directory]::Exists($item) | Should -BeTrue }
    }
}
