# Pester 5 unit tests for the repair.moveAside handler (moveAside.ps1) on the engine core,
# independent of any build: real files, folders and symbolic links under $TestDrive. An item in use
# is simulated by mocking Move-FfMoveAsideItem. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/repair/moveAside/moveAside.Tests.ps1 -Output Detailed

Describe 'moveAside.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'moveAside.ps1')
        . (Join-Path $PSScriptRoot '../../../engine/Engine.Fakes.ps1')

        function New-TestStep {
            param([int] $Keep = 2)
            @{
                Id = 'moveStore'; Kind = 'moveAside'; Handler = 'Invoke-FfMoveAsideRepair'; Context = 'System'
                DescriptionKey = 'MoveDescription'
                Locations = @(@{ Root = 'windows'; Segments = @('SoftwareDistribution') })
                Keep = $Keep
            }
        }

        function New-Store {
            # The folder to move aside, with a file and a subfolder in it.
            param([string] $Path)
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($Path, 'DataStore'))
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine([System.IO.Path]::Combine($Path, 'DataStore'), 'DataStore.edb'), 'db')
        }

        function Get-Name {
            param([string] $Folder)
            @([System.IO.Directory]::GetFileSystemEntries($Folder) | ForEach-Object { [System.IO.Path]::GetFileName($_) } | Sort-Object)
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:ModuleVersion = '1.0.0'
        $script:Roots = @{ windows = @{ Kind = 'windows'; Segments = @(); Label = 'Windows folder' } }
        $script:Strings = @{ MoveDescription = 'Move the update store aside.' }
        $script:VerifySteps = @()
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $paths = @{
            WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows')
            ProfileDirectory = @()
            CurrentUserProfile = $null
            DataDirectory = [System.IO.Path]::Combine($base, 'data')
        }
        $windows = $paths.WindowsDirectory
        [void][System.IO.Directory]::CreateDirectory($windows)
        $store = [System.IO.Path]::Combine($windows, 'SoftwareDistribution')
        $outside = [System.IO.Path]::Combine($base, 'Outside')
        [void][System.IO.Directory]::CreateDirectory($outside)
    }

    Describe 'Get-FfMoveAsideCopy' {
        It 'lists only NAME.fixforge-N, N a plain decimal, lowest first, whatever the case' {
            foreach ($n in @('SoftwareDistribution.fixforge-10', 'softwaredistribution.FIXFORGE-2', 'SoftwareDistribution.fixforge-0',
                    'SoftwareDistribution.fixforge-02', 'SoftwareDistribution.fixforge-x', 'SoftwareDistribution.fixforge-', 'SoftwareDistribution.fixforge-1234567890',
                    'SoftwareDistribution.old', 'Other.fixforge-1')) {
                [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($windows, $n))
            }
            $copies = @(Get-FfMoveAsideCopy -Parent $windows -Name 'SoftwareDistribution')
            @($copies | ForEach-Object { $_.Number }) | Should -Be @(0, 2, 10)
            $copies[1].Path | Should -Be ([System.IO.Path]::Combine($windows, 'softwaredistribution.FIXFORGE-2'))
        }
    }

    Describe 'Remove-FfMoveAsideTree' {
        It 'deletes a copy depth first, read-only files too, and removes a link inside as a link' {
            $copy = [System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-1')
            New-Store -Path $copy
            $ro = [System.IO.Path]::Combine($copy, 'ro.bin')
            [System.IO.File]::WriteAllText($ro, 'x')
            [System.IO.File]::SetAttributes($ro, [System.IO.FileAttributes]::ReadOnly)
            $precious = [System.IO.Path]::Combine($outside, 'precious.txt')
            [System.IO.File]::WriteAllText($precious, 'keep')
            [void](New-Item -ItemType SymbolicLink -Path ([System.IO.Path]::Combine($copy, 'link')) -Target $outside)
            @(Remove-FfMoveAsideTree -Path $copy).Count | Should -Be 0
            Test-Path -LiteralPath $copy | Should -BeFalse
            [System.IO.File]::Exists($precious) | Should -BeTrue
        }

        It 'removes a copy that is a link as a link' {
            $precious = [System.IO.Path]::Combine($outside, 'precious.txt')
            [System.IO.File]::WriteAllText($precious, 'keep')
            $copy = [System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-1')
            [void](New-Item -ItemType SymbolicLink -Path $copy -Target $outside)
            @(Remove-FfMoveAsideTree -Path $copy).Count | Should -Be 0
            Test-Path -LiteralPath $copy | Should -BeFalse
            [System.IO.File]::Exists($precious) | Should -BeTrue
        }

        It 'deletes a read-only earlier copy and a read-only folder in it, as Windows lets it only once the attribute is cleared' {
            # Issue 18.5: the fakes refuse a read-only folder, as RemoveDirectory does.
            Mock Remove-FfDirectory { Remove-FakeWindowsDirectory -Path $Path }
            Mock Remove-FfFile { Remove-FakeWindowsFile -Path $Path }
            $copy = [System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-1')
            New-Store -Path $copy
            $sub = [System.IO.Path]::Combine($copy, 'readonly-sub')
            [void][System.IO.Directory]::CreateDirectory($sub)
            [System.IO.File]::SetAttributes($sub, [System.IO.FileAttributes]::Directory -bor [System.IO.FileAttributes]::ReadOnly)
            [System.IO.File]::SetAttributes($copy, [System.IO.FileAttributes]::Directory -bor [System.IO.FileAttributes]::ReadOnly)
            @(Remove-FfMoveAsideTree -Path $copy | ForEach-Object { $_.Reason }) | Should -Be @()
            Test-Path -LiteralPath $copy | Should -BeFalse
            Should -Invoke Remove-FfDirectory -ParameterFilter { $Path -eq $copy } -Times 1 -Exactly
        }

        It 'returns a problem per entry that stays, and for the copy itself' {
            $copy = [System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-1')
            New-Store -Path $copy
            Mock Get-FfDirectoryEntry { throw 'Access is denied.' } -ParameterFilter { $Path -like '*DataStore' }
            $left = @(Remove-FfMoveAsideTree -Path $copy)
            @($left | ForEach-Object { $_.Target }) | Should -Be @([System.IO.Path]::Combine($copy, 'DataStore'), $copy)
            [System.IO.Directory]::Exists($copy) | Should -BeTrue
        }
    }

    Describe 'Invoke-FfMoveAsideRepair' {
        It 'moves the folder aside as .fixforge-1 with its contents: Succeeded, a Move change that says where to' {
            New-Store -Path $store
            $result = Invoke-FfMoveAsideRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Succeeded'
            $copy = [System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-1')
            @($result.Changes).Count | Should -Be 1
            @($result.Changes)[0].Action | Should -Be 'Move'
            @($result.Changes)[0].Before | Should -Be $store
            @($result.Changes)[0].After | Should -Be $copy
            Get-Name $windows | Should -Be @('SoftwareDistribution.fixforge-1')
            [System.IO.File]::Exists([System.IO.Path]::Combine([System.IO.Path]::Combine($copy, 'DataStore'), 'DataStore.edb')) | Should -BeTrue
            [System.IO.File]::ReadAllText([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log')) | Should -Match ('moveStore: moved .+ to ' + [regex]::Escape($copy))
        }

        It 'moves a file aside too' {
            [System.IO.File]::WriteAllText($store, 'a file of that name')
            (Invoke-FfMoveAsideRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'Succeeded'
            [System.IO.File]::Exists([System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-1')) | Should -BeTrue
        }

        It 'is NotNeeded when the item is not there, and a second run changes nothing' {
            (Invoke-FfMoveAsideRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'NotNeeded'
            New-Store -Path $store
            (Invoke-FfMoveAsideRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'Succeeded'
            $again = Invoke-FfMoveAsideRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $again.Outcome | Should -Be 'NotNeeded'
            @($again.Changes).Count | Should -Be 0
            Get-Name $windows | Should -Be @('SoftwareDistribution.fixforge-1')
        }

        It 'numbers on from the highest copy and keeps the newest Keep copies, deleting the lowest first' {
            foreach ($n in @(3, 7)) { New-Store -Path ([System.IO.Path]::Combine($windows, ('SoftwareDistribution.fixforge-{0}' -f $n))) }
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-old'))
            New-Store -Path $store
            $result = Invoke-FfMoveAsideRepair -Step (New-TestStep -Keep 2) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Succeeded'
            Get-Name $windows | Should -Be @('SoftwareDistribution.fixforge-7', 'SoftwareDistribution.fixforge-8', 'SoftwareDistribution.fixforge-old')
            @($result.Changes | ForEach-Object { $_.Action }) | Should -Be @('Move', 'Delete')
            @($result.Changes)[1].Target | Should -Be ([System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-3'))
            @($result.Changes)[1].Before | Should -Be 'earlier copy (folder)'
        }

        It 'is Failed when the item is in use, and moves or deletes nothing' {
            New-Store -Path $store
            New-Store -Path ([System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-1'))
            Mock Move-FfMoveAsideItem { throw (New-Object -TypeName System.IO.IOException -ArgumentList 'The process cannot access the file because it is being used by another process.') }
            $result = Invoke-FfMoveAsideRepair -Step (New-TestStep -Keep 1) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Failed'
            @($result.Problems)[0].Target | Should -Be $store
            Get-Name $windows | Should -Be @('SoftwareDistribution', 'SoftwareDistribution.fixforge-1')
        }

        It 'is Partial when an earlier copy cannot be deleted, which it reports' {
            New-Store -Path $store
            $old = [System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-1')
            New-Store -Path $old
            Mock Remove-FfMoveAsideTree { New-FfProblem -Target $Path -Reason 'in use' }
            $result = Invoke-FfMoveAsideRepair -Step (New-TestStep -Keep 1) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Partial'
            @($result.Problems | ForEach-Object { $_.Target }) | Should -Be @($old)
            Get-Name $windows | Should -Be @('SoftwareDistribution.fixforge-1', 'SoftwareDistribution.fixforge-2')
        }

        It 'refuses an item that is a link and touches nothing: Refused' {
            $target = [System.IO.Path]::Combine($outside, 'target')
            New-Store -Path $target
            [void](New-Item -ItemType SymbolicLink -Path $store -Target $target)
            $result = Invoke-FfMoveAsideRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Refused'
            @($result.Problems)[0].Reason | Should -Be 'refused, nothing touched: it is a link (junction, symbolic link or mount point)'
            Get-Name $windows | Should -Be @('SoftwareDistribution')
            [System.IO.Directory]::Exists([System.IO.Path]::Combine($target, 'DataStore')) | Should -BeTrue
        }

        It 'moves and deletes nothing under -WhatIf and reports WhatIf' {
            New-Store -Path $store
            New-Store -Path ([System.IO.Path]::Combine($windows, 'SoftwareDistribution.fixforge-1'))
            $WhatIfPreference = $true
            try {
                $result = Invoke-FfMoveAsideRepair -Step (New-TestStep -Keep 1) -Paths $paths
            }
            finally {
                $WhatIfPreference = $false
            }
            $result.Outcome | Should -Be 'WhatIf'
            @($result.Changes).Count | Should -Be 0
            Get-Name $windows | Should -Be @('SoftwareDistribution', 'SoftwareDistribution.fixforge-1')
        }

        It 'runs through Invoke-FfRepair only in its own context' {
            New-Store -Path $store
            $script:RepairSteps = @(New-TestStep)
            @((Invoke-FfRepair -Paths $paths -Context @('CurrentUser') -Confirm:$false).Steps | ForEach-Object { $_.Outcome }) | Should -Be @('Skipped')
            Get-Name $windows | Should -Be @('SoftwareDistribution')
            (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Repaired'
            Get-Name $windows | Should -Be @('SoftwareDistribution.fixforge-1')
        }
    }
}
