# Pester 5 unit tests for the repair.clearFolderContents handler (clearFolderContents.ps1) on the
# engine core, independent of any build: real files, folders and symbolic links under $TestDrive.
# A file in use is simulated by mocking Remove-FfItem for it. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/repair/clearFolderContents/clearFolderContents.Tests.ps1 -Output Detailed

Describe 'clearFolderContents.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'clearFolderContents.ps1')
        . (Join-Path $PSScriptRoot '../../../engine/Engine.Fakes.ps1')
        . (Join-Path $PSScriptRoot '../../../emit/pester/HostileTree.ps1')

        function Get-RealEntry {
            # Every entry below Folder, links listed but not entered: what a correct walk deletes.
            param([string] $Folder)
            foreach ($entry in [System.IO.Directory]::GetFileSystemEntries($Folder)) {
                $entry
                $attributes = [System.IO.File]::GetAttributes($entry)
                if (($attributes -band [System.IO.FileAttributes]::Directory) -ne 0 -and ($attributes -band [System.IO.FileAttributes]::ReparsePoint) -eq 0) { Get-RealEntry $entry }
            }
        }

        function New-TestContent {
            # Two files, a read-only file and a subfolder with a file and a sub-subfolder in Folder.
            param([string] $Folder)
            $sub = [System.IO.Path]::Combine($Folder, 'sub')
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($sub, 'deeper'))
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($Folder, 'entry1.bin'), 'cached')
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($Folder, 'entry2.dat'), 'cached')
            $readOnly = [System.IO.Path]::Combine($Folder, 'readonly.bin')
            [System.IO.File]::WriteAllText($readOnly, 'cached')
            [System.IO.File]::SetAttributes($readOnly, [System.IO.FileAttributes]::ReadOnly)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($sub, 'nested.bin'), 'cached')
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine([System.IO.Path]::Combine($sub, 'deeper'), 'deepest.bin'), 'cached')
        }

        function Get-Entry {
            param([string] $Folder)
            @([System.IO.Directory]::GetFileSystemEntries($Folder))
        }

        function Get-Target {
            param([object[]] $Items)
            @($Items | ForEach-Object { $_.Target })
        }

        function New-TestStep {
            param([string] $Context = 'System')
            @{
                Id = 'clearCaches'; Kind = 'clearFolderContents'; Handler = 'Invoke-FfClearFolderContentsRepair'; Context = $Context
                DescriptionKey = 'ClearDescription'
                Locations = @(
                    @{ Root = 'service'; Segments = @('Cache', 'Content') }
                    @{ Root = 'users'; Segments = @('Cache') }
                )
            }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:ModuleVersion = '1.0.0'
        $script:Roots = @{
            service = @{ Kind = 'windows'; Segments = @('ServiceProfiles', 'LocalService'); Label = 'LocalService profile' }
            users = @{ Kind = 'everyUserProfile'; Segments = @(); Label = 'every user profile' }
        }
        $script:Strings = @{ ClearDescription = 'Empty the caches.' }
        $script:VerifySteps = @()
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $paths = @{
            WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows')
            ProfileDirectory = @([System.IO.Path]::Combine($base, 'alice'), [System.IO.Path]::Combine($base, 'bob'))
            CurrentUserProfile = $null
            DataDirectory = [System.IO.Path]::Combine($base, 'data')
        }
        $serviceFolder = Join-FfPath -Base $paths.WindowsDirectory -Segments @('ServiceProfiles', 'LocalService', 'Cache', 'Content')
        $aliceFolder = Join-FfPath -Base $paths.ProfileDirectory[0] -Segments @('Cache')
        $bobFolder = Join-FfPath -Base $paths.ProfileDirectory[1] -Segments @('Cache')
        $outside = [System.IO.Path]::Combine($base, 'Outside')
        [void][System.IO.Directory]::CreateDirectory($outside)
        $folder = [System.IO.Path]::Combine($base, 'plain')
        [void][System.IO.Directory]::CreateDirectory($folder)
    }

    Describe 'Remove-FfItem' {
        It 'deletes a file, a read-only one too' {
            $file = [System.IO.Path]::Combine($folder, 'ro.bin')
            [System.IO.File]::WriteAllText($file, 'x')
            [System.IO.File]::SetAttributes($file, [System.IO.FileAttributes]::ReadOnly)
            Remove-FfItem -Path $file
            [System.IO.File]::Exists($file) | Should -BeFalse
        }

        It 'refuses a real folder: it only deletes files and links' {
            $sub = [System.IO.Path]::Combine($folder, 'sub')
            [void][System.IO.Directory]::CreateDirectory($sub)
            { Remove-FfItem -Path $sub } | Should -Throw -ExpectedMessage 'Not a file or link: *'
            [System.IO.Directory]::Exists($sub) | Should -BeTrue
        }

        It 'removes a link to a folder as a link, and the folder it points to survives' {
            $target = [System.IO.Path]::Combine($outside, 'target')
            [void][System.IO.Directory]::CreateDirectory($target)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($target, 'precious.txt'), 'keep')
            $link = [System.IO.Path]::Combine($folder, 'link')
            [void](New-Item -ItemType SymbolicLink -Path $link -Target $target)
            Remove-FfItem -Path $link
            Test-Path -LiteralPath $link | Should -BeFalse
            [System.IO.File]::Exists([System.IO.Path]::Combine($target, 'precious.txt')) | Should -BeTrue
        }
    }

    Describe 'Clear-FfDirectory on Windows'' file system (Engine.Fakes.ps1)' {
        # Issue 18.5: Windows refuses to remove a read-only folder, where Linux (as root) does not.
        BeforeEach {
            Mock Remove-FfDirectory { Remove-FakeWindowsDirectory -Path $Path }
            Mock Remove-FfFile { Remove-FakeWindowsFile -Path $Path }
        }

        It 'deletes a read-only subfolder and a read-only file in it, with no problem' {
            $sub = [System.IO.Path]::Combine($folder, 'readonly-sub')
            [void][System.IO.Directory]::CreateDirectory($sub)
            $file = [System.IO.Path]::Combine($sub, 'inside.bin')
            [System.IO.File]::WriteAllText($file, 'x')
            [System.IO.File]::SetAttributes($file, [System.IO.FileAttributes]::ReadOnly)
            [System.IO.File]::SetAttributes($sub, [System.IO.FileAttributes]::Directory -bor [System.IO.FileAttributes]::ReadOnly)
            $items = @(Clear-FfDirectory -Path $folder)
            @($items | Where-Object { $_.PSObject.TypeNames -contains 'FixForge.Problem' } | ForEach-Object { $_.Reason }) | Should -Be @()
            [System.IO.Directory]::Exists($sub) | Should -BeFalse
            Get-Target $items | Should -Be @($file, $sub)
            Should -Invoke Remove-FfDirectory -Times 1 -Exactly
        }

        It 'puts the read-only attribute back on a file whose deletion then fails, and reports it' {
            $locked = [System.IO.Path]::Combine($folder, 'locked.bin')
            [System.IO.File]::WriteAllText($locked, 'in use')
            [System.IO.File]::SetAttributes($locked, [System.IO.FileAttributes]::ReadOnly)
            Mock Remove-FfFile { Remove-FakeWindowsFile -Path $Path -InUse @($locked) }
            $items = @(Clear-FfDirectory -Path $folder)
            $problems = @($items | Where-Object { $_.PSObject.TypeNames -contains 'FixForge.Problem' })
            $problems.Count | Should -Be 1
            $problems[0].Reason | Should -Match 'being used by another process'
            [System.IO.File]::Exists($locked) | Should -BeTrue
            ([System.IO.File]::GetAttributes($locked) -band [System.IO.FileAttributes]::ReadOnly) | Should -Be ([System.IO.FileAttributes]::ReadOnly)
        }

        It 'puts the read-only attribute back on a folder that still holds a file in use' {
            $sub = [System.IO.Path]::Combine($folder, 'readonly-sub')
            [void][System.IO.Directory]::CreateDirectory($sub)
            $locked = [System.IO.Path]::Combine($sub, 'locked.bin')
            [System.IO.File]::WriteAllText($locked, 'in use')
            [System.IO.File]::SetAttributes($sub, [System.IO.FileAttributes]::Directory -bor [System.IO.FileAttributes]::ReadOnly)
            Mock Remove-FfFile { Remove-FakeWindowsFile -Path $Path -InUse @($locked) }
            $items = @(Clear-FfDirectory -Path $folder)
            Get-Target @($items | Where-Object { $_.PSObject.TypeNames -contains 'FixForge.Problem' }) | Should -Be @($locked, $sub)
            ([System.IO.File]::GetAttributes($sub) -band [System.IO.FileAttributes]::ReadOnly) | Should -Be ([System.IO.FileAttributes]::ReadOnly)
            [System.IO.File]::SetAttributes($sub, [System.IO.FileAttributes]::Directory)
        }
    }

    Describe 'a profile folder that is a profile disk (issue 18.6)' {
        # RDS User Profile Disks: the profile service mounts a volume at C:\Users\<user> itself.
        BeforeEach {
            $step = New-TestStep -Context 'EveryUser'
            $step.Locations = @(@{ Root = 'users'; Segments = @('Cache') })
            $disk = New-FakeProfileDisk -Path $paths.ProfileDirectory[0] -Disk ([System.IO.Path]::Combine($base, 'disk-alice'))
            [void][System.IO.Directory]::CreateDirectory($aliceFolder)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($aliceFolder, 'entry.bin'), 'cached')
            $entries = @($disk.ProfileListEntry)
            Mock Get-FfProfileListEntry { $entries }
            Mock Get-FfVolumeMountPoint { $disk.MountPoint }
        }

        It 'empties a signed-in user''s folder on the profile disk, where a junction there would be refused' {
            $result = Invoke-FfClearFolderContentsRepair -Step $step -Paths @{ WindowsDirectory = $paths.WindowsDirectory; ProfileDirectory = @($paths.ProfileDirectory[0]); DataDirectory = $paths.DataDirectory } -Confirm:$false
            @($result.Problems | ForEach-Object { $_.Reason }) | Should -Be @()
            $result.Outcome | Should -Be 'Succeeded'
            @(Get-Entry $aliceFolder).Count | Should -Be 0
        }

        It 'still refuses a link below the profile disk''s root' {
            $target = [System.IO.Path]::Combine($outside, 'target')
            [void][System.IO.Directory]::CreateDirectory($target)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($target, 'precious.txt'), 'keep')
            [System.IO.Directory]::Delete($aliceFolder, $true)
            [void](New-Item -ItemType SymbolicLink -Path $aliceFolder -Target $target)
            $result = Invoke-FfClearFolderContentsRepair -Step $step -Paths @{ WindowsDirectory = $paths.WindowsDirectory; ProfileDirectory = @($paths.ProfileDirectory[0]); DataDirectory = $paths.DataDirectory } -Confirm:$false
            $result.Outcome | Should -Be 'Refused'
            [System.IO.File]::Exists([System.IO.Path]::Combine($target, 'precious.txt')) | Should -BeTrue
        }

        It 'still refuses a profile folder that is a user''s link, not a volume the profile service mounted' {
            Mock Get-FfVolumeMountPoint { }
            $result = Invoke-FfClearFolderContentsRepair -Step $step -Paths @{ WindowsDirectory = $paths.WindowsDirectory; ProfileDirectory = @($paths.ProfileDirectory[0]); DataDirectory = $paths.DataDirectory } -Confirm:$false
            $result.Outcome | Should -Be 'Refused'
            @($result.Problems)[0].Reason | Should -Match 'link'
        }

        It 'skips it with the reason, not a failure, when the mount points cannot be read' {
            Mock Get-FfVolumeMountPoint { throw 'The RPC server is unavailable.' }
            $result = Invoke-FfClearFolderContentsRepair -Step $step -Paths @{ WindowsDirectory = $paths.WindowsDirectory; ProfileDirectory = @($paths.ProfileDirectory[0]); DataDirectory = $paths.DataDirectory } -Confirm:$false
            $result.Outcome | Should -Be 'Skipped'
            $result.Message | Should -Match 'may be a profile disk; the volume mount points cannot be read \(The RPC server is unavailable\.\)'
            @($result.Problems).Count | Should -Be 0
            [System.IO.File]::Exists([System.IO.Path]::Combine($aliceFolder, 'entry.bin')) | Should -BeTrue
        }
    }

    Describe 'Clear-FfDirectory' {
        It 'deletes files and subfolders depth first, keeps the folder, one Delete change per entry' {
            New-TestContent -Folder $folder
            $items = @(Clear-FfDirectory -Path $folder)
            [System.IO.Directory]::Exists($folder) | Should -BeTrue
            @(Get-Entry $folder).Count | Should -Be 0
            @($items | Where-Object { $_.PSObject.TypeNames -contains 'FixForge.Problem' }).Count | Should -Be 0
            $items.Count | Should -Be 7
            @($items | ForEach-Object { $_.Action } | Select-Object -Unique) | Should -Be @('Delete')
            $targets = Get-Target $items
            $sub = [System.IO.Path]::Combine($folder, 'sub')
            $deeper = [System.IO.Path]::Combine($sub, 'deeper')
            $targets | Should -Contain ([System.IO.Path]::Combine($folder, 'readonly.bin'))
            [array]::IndexOf($targets, [System.IO.Path]::Combine($deeper, 'deepest.bin')) | Should -BeLessThan ([array]::IndexOf($targets, $deeper))
            [array]::IndexOf($targets, $deeper) | Should -BeLessThan ([array]::IndexOf($targets, $sub))
            @($items | Where-Object { $_.Target -eq $sub })[0].Before | Should -Be 'folder'
            @($items | Where-Object { $_.Target -eq ([System.IO.Path]::Combine($folder, 'entry1.bin')) })[0].Before | Should -Be 'file'
        }

        It 'returns nothing for an empty folder' {
            @(Clear-FfDirectory -Path $folder).Count | Should -Be 0
        }

        It 'removes a symbolic link to a folder outside without entering it: the target survives' {
            $target = [System.IO.Path]::Combine($outside, 'link-target')
            [void][System.IO.Directory]::CreateDirectory($target)
            $precious = [System.IO.Path]::Combine($target, 'precious.txt')
            [System.IO.File]::WriteAllText($precious, 'reached only through a link')
            $link = [System.IO.Path]::Combine($folder, 'link-to-outside')
            [void](New-Item -ItemType SymbolicLink -Path $link -Target $target)
            $fileLink = [System.IO.Path]::Combine($folder, 'file-link')
            [void](New-Item -ItemType SymbolicLink -Path $fileLink -Target $precious)
            $items = @(Clear-FfDirectory -Path $folder)
            Get-Target $items | Sort-Object | Should -Be @($fileLink, $link)
            Test-Path -LiteralPath $link | Should -BeFalse
            Test-Path -LiteralPath $fileLink | Should -BeFalse
            [System.IO.File]::Exists($precious) | Should -BeTrue
            [System.IO.File]::ReadAllText($precious) | Should -Be 'reached only through a link'
        }

        It 'records a file in use as a problem and deletes the rest' {
            New-TestContent -Folder $folder
            $locked = [System.IO.Path]::Combine($folder, 'locked.bin')
            [System.IO.File]::WriteAllText($locked, 'in use')
            Mock Remove-FfItem { throw (New-Object -TypeName System.IO.IOException -ArgumentList 'The process cannot access the file because it is being used by another process.') } -ParameterFilter { [System.IO.Path]::GetFileName($Path) -eq 'locked.bin' }
            $items = @(Clear-FfDirectory -Path $folder)
            $problems = @($items | Where-Object { $_.PSObject.TypeNames -contains 'FixForge.Problem' })
            $problems.Count | Should -Be 1
            $problems[0].Target | Should -Be $locked
            $problems[0].Reason | Should -Match 'being used by another process'
            Get-Entry $folder | Should -Be @($locked)
            @($items | Where-Object { $_.PSObject.TypeNames -contains 'FixForge.Change' }).Count | Should -Be 7
        }

        It 'keeps a subfolder that still holds a file in use, and reports both' {
            $sub = [System.IO.Path]::Combine($folder, 'sub')
            [void][System.IO.Directory]::CreateDirectory($sub)
            $locked = [System.IO.Path]::Combine($sub, 'locked.bin')
            [System.IO.File]::WriteAllText($locked, 'in use')
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($folder, 'after.bin'), 'x')
            Mock Remove-FfItem { throw 'in use' } -ParameterFilter { [System.IO.Path]::GetFileName($Path) -eq 'locked.bin' }
            $items = @(Clear-FfDirectory -Path $folder)
            Get-Target @($items | Where-Object { $_.PSObject.TypeNames -contains 'FixForge.Problem' }) | Should -Be @($locked, $sub)
            [System.IO.File]::Exists($locked) | Should -BeTrue
            [System.IO.File]::Exists([System.IO.Path]::Combine($folder, 'after.bin')) | Should -BeFalse
        }

        It 'records a subfolder it cannot read as a problem and goes on with the others' {
            $denied = [System.IO.Path]::Combine($folder, 'a-denied')
            [void][System.IO.Directory]::CreateDirectory($denied)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($denied, 'x.bin'), 'x')
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($folder, 'z-after.bin'), 'x')
            Mock Clear-FfDirectory { throw (New-Object -TypeName System.UnauthorizedAccessException -ArgumentList ('Access to the path ''{0}'' is denied.' -f $Path)) } -ParameterFilter { $Path -eq $denied }
            $items = @(Clear-FfDirectory -Path $folder)
            $problems = @($items | Where-Object { $_.PSObject.TypeNames -contains 'FixForge.Problem' })
            Get-Target $problems | Should -Be @($denied)
            $problems[0].Reason | Should -Match 'denied'
            [System.IO.File]::Exists([System.IO.Path]::Combine($folder, 'z-after.bin')) | Should -BeFalse
            [System.IO.Directory]::Exists($denied) | Should -BeTrue
        }
    }

    Describe 'Invoke-FfClearFolderContentsRepair' {
        It 'empties every location of the step, in every profile, and keeps the folders: Succeeded' {
            foreach ($f in @($serviceFolder, $aliceFolder, $bobFolder)) { New-TestContent -Folder $f }
            $keep = [System.IO.Path]::Combine([System.IO.Path]::GetDirectoryName($serviceFolder), 'sibling-keep.txt')
            [System.IO.File]::WriteAllText($keep, 'beside the folder')
            $result = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.StepResult'
            $result.StepId | Should -Be 'clearCaches'
            $result.Context | Should -Be 'System'
            $result.Outcome | Should -Be 'Succeeded'
            $result.Message | Should -Be 'Empty the caches.'
            @($result.Changes).Count | Should -Be 21
            @($result.Problems).Count | Should -Be 0
            foreach ($f in @($serviceFolder, $aliceFolder, $bobFolder)) {
                [System.IO.Directory]::Exists($f) | Should -BeTrue
                @(Get-Entry $f).Count | Should -Be 0 -Because $f
            }
            [System.IO.File]::Exists($keep) | Should -BeTrue
            $log = @([System.IO.File]::ReadAllLines([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log')))
            @($log | Where-Object { $_ -match 'clearCaches: emptied ' }).Count | Should -Be 3
        }

        It 'is NotNeeded when the folders are empty or missing, and a second run changes nothing' {
            [void][System.IO.Directory]::CreateDirectory($aliceFolder)
            (Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'NotNeeded'
            New-TestContent -Folder $bobFolder
            (Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'Succeeded'
            $again = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $again.Outcome | Should -Be 'NotNeeded'
            @($again.Changes).Count | Should -Be 0
        }

        It 'is Partial with a file in use, which it reports and keeps; the rest goes' {
            New-TestContent -Folder $serviceFolder
            New-TestContent -Folder $aliceFolder
            $locked = [System.IO.Path]::Combine($serviceFolder, 'locked.bin')
            [System.IO.File]::WriteAllText($locked, 'in use')
            Mock Remove-FfItem { throw (New-Object -TypeName System.IO.IOException -ArgumentList 'The process cannot access the file because it is being used by another process.') } -ParameterFilter { [System.IO.Path]::GetFileName($Path) -eq 'locked.bin' }
            $result = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Partial'
            Get-Target $result.Problems | Should -Be @($locked)
            Get-Entry $serviceFolder | Should -Be @($locked)
            @(Get-Entry $aliceFolder).Count | Should -Be 0
        }

        It 'is Failed when nothing could be deleted' {
            [void][System.IO.Directory]::CreateDirectory($serviceFolder)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($serviceFolder, 'locked.bin'), 'in use')
            Mock Remove-FfItem { throw 'in use' }
            (Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'Failed'
        }

        It 'deletes nothing under -WhatIf and reports WhatIf' {
            New-TestContent -Folder $serviceFolder
            $WhatIfPreference = $true
            try {
                $result = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths
            }
            finally {
                $WhatIfPreference = $false
            }
            $result.Outcome | Should -Be 'WhatIf'
            @($result.Changes).Count | Should -Be 0
            @(Get-Entry $serviceFolder).Count | Should -Be 4
        }

        It 'reports Repaired through Invoke-FfRepair, only in its own context' {
            New-TestContent -Folder $serviceFolder
            $script:RepairSteps = @(New-TestStep -Context 'System')
            @((Invoke-FfRepair -Paths $paths -Context @('EveryUser') -Confirm:$false).Steps | ForEach-Object { $_.Outcome }) | Should -Be @('Skipped')
            @(Get-Entry $serviceFolder).Count | Should -Be 4
            $repair = Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false
            $repair.Status | Should -Be 'Repaired'
            @($repair.Changes).Count | Should -Be 7
            @(Get-Entry $serviceFolder).Count | Should -Be 0
        }
    }

    Describe 'the hostile tree' {
        AfterEach {
            # Loops left behind (a failed test) would hang the removal of $TestDrive.
            $left = Get-Variable -Name HostileLinks -Scope Script -ValueOnly -ErrorAction SilentlyContinue
            if ($left) { Remove-HostileLink -Path $left; $script:HostileLinks = $null }
        }

        It 'refuses the <Root> location with a link at depth <Depth>, touches nothing through it, still empties the others' -ForEach @(
            @{ Root = 'service'; Depth = 0 }, @{ Root = 'service'; Depth = 1 }, @{ Root = 'service'; Depth = 2 }, @{ Root = 'service'; Depth = 3 }, @{ Root = 'service'; Depth = 4 }
            @{ Root = 'users'; Depth = 0 }, @{ Root = 'users'; Depth = 1 }
        ) {
            # Depth 0 is the anchor: the Windows directory, or alice's profile folder itself.
            if ($Root -eq 'service') { $anchor = $paths.WindowsDirectory; $segments = @('ServiceProfiles', 'LocalService', 'Cache', 'Content') }
            else { $anchor = $paths.ProfileDirectory[0]; $segments = @('Cache') }
            $case = New-HostileCase -Anchor $anchor -Segments $segments -Outside $outside -LinkAt $Depth
            New-TestContent -Folder $bobFolder
            $result = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            @(Test-HostileSentinel $case.Sentinels) | Should -Be @()
            $result.Outcome | Should -Be 'Refused'
            $refusals = @($result.Problems | Where-Object { $_.Target -eq $case.Target })
            $refusals.Count | Should -Be 1
            $refusals[0].Reason | Should -Match '^refused, nothing touched: '
            if ($Depth -lt $segments.Count) { $refusals[0].Reason | Should -Match ([regex]::Escape($case.Link) + ' on the way is a link') }
            else { $refusals[0].Reason | Should -Match 'it is a link' }
            @($result.Changes | Where-Object { $_.Target.StartsWith($case.Target) }).Count | Should -Be 0
            @(Get-Entry $bobFolder).Count | Should -Be 0 -Because 'another profile is not held up by the refusal'
            Test-HostileLinkGone -Path $case.Link | Should -BeFalse -Because 'the planted link itself is left for the administrator to see'
        }

        It 'refuses through Invoke-FfRepair: the fix Failed, no repair time recorded' {
            $case = New-HostileCase -Anchor $paths.ProfileDirectory[0] -Segments @('Cache') -Outside $outside -LinkAt 0
            $script:RepairSteps = @(New-TestStep)
            $repair = Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false
            $repair.Status | Should -Be 'Failed'
            @($repair.Problems | Where-Object { $_.Reason -match 'on the way is a link' }).Count | Should -Be 1
            Get-FfLastRepairTime -DataDirectory $paths.DataDirectory | Should -BeNullOrEmpty
            @(Test-HostileSentinel $case.Sentinels) | Should -Be @()
        }

        It 'refuses under -WhatIf too, and says so' {
            $case = New-HostileCase -Anchor $paths.ProfileDirectory[1] -Segments @('Cache') -Outside $outside -LinkAt 1
            $WhatIfPreference = $true
            try { $result = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths }
            finally { $WhatIfPreference = $false }
            $result.Outcome | Should -Be 'Refused'
            @(Test-HostileSentinel $case.Sentinels) | Should -Be @()
        }

        It 'inside a real folder: removes every link as a link, deletes every odd, read-only and deep entry and 5,000 files; keeps only the unreadable folder' {
            $content = New-HostileContent -Folder $serviceFolder -Outside $outside -BulkCount 5000
            $script:HostileLinks = $content.Links
            $expected = @(Get-RealEntry $serviceFolder | Where-Object { -not $_.StartsWith($content.Unreadable) })
            Mock Get-FfDirectoryEntry { throw (New-Object -TypeName System.UnauthorizedAccessException -ArgumentList ('Access to the path ''{0}'' is denied.' -f $Path)) } -ParameterFilter { $Path -eq $content.Unreadable }
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $result = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $watch.Stop()
            @(Test-HostileSentinel $content.Sentinels) | Should -Be @()
            $result.Outcome | Should -Be 'Partial'
            @($result.Problems | ForEach-Object { $_.Target }) | Should -Be @($content.Unreadable)
            $result.Problems[0].Reason | Should -Match 'denied'
            foreach ($link in $content.Links) { Test-HostileLinkGone -Path $link | Should -BeTrue -Because $link }
            foreach ($entry in $content.Plain) { Test-HostileLinkGone -Path $entry | Should -BeTrue -Because $entry }
            @(Get-Entry $serviceFolder) | Should -Be @($content.Unreadable)
            [System.IO.File]::Exists([System.IO.Path]::Combine($content.Unreadable, 'locked-in.bin')) | Should -BeTrue
            # Counts stay true: one change per entry that went, no more, no less.
            @($result.Changes).Count | Should -Be $expected.Count
            @($result.Changes | ForEach-Object { $_.Target } | Sort-Object) | Should -Be @($expected | Sort-Object)
            @($result.Changes | Where-Object { $_.Before -eq 'link' }).Count | Should -Be $content.Links.Count
            @($result.Changes | Where-Object { $_.Target.StartsWith($content.Bulk) }).Count | Should -Be 5001
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 120 -Because 'linear in the entries (a few seconds on an idle machine)'
        }

        It 'stops the walk when the folder is swapped for a link mid-walk: nothing deleted through it' {
            New-TestContent -Folder $aliceFolder
            # A twin the link will lead to, with the same names: what the swap would delete.
            $twin = [System.IO.Path]::Combine($outside, 'twin')
            $twinFiles = @()
            foreach ($name in @('entry1.bin', 'entry2.dat', 'readonly.bin')) { $twinFiles += New-HostileSentinel -Folder $twin -Name $name }
            $twinFiles += New-HostileSentinel -Folder ([System.IO.Path]::Combine($twin, 'sub')) -Name 'nested.bin'
            $moved = $aliceFolder + '-moved'
            Mock Get-FfDirectoryEntry {
                $listing = [System.IO.Directory]::GetFileSystemEntries($Path)
                # After the listing, before any deletion: the attacker's rename and link.
                [System.IO.Directory]::Move($aliceFolder, $moved)
                New-HostileLink -Path $aliceFolder -Target $twin
                $listing
            } -ParameterFilter { $Path -eq $aliceFolder }
            $result = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            @(Test-HostileSentinel $twinFiles) | Should -Be @()
            $result.Outcome | Should -Be 'Refused'
            @($result.Problems | Where-Object { $_.Target -eq $aliceFolder })[0].Reason | Should -Match 'became a link \(or went away\) while the folder was being emptied'
            @($result.Changes | Where-Object { $_.Target.StartsWith($aliceFolder) }).Count | Should -Be 0
        }

        It 'reports an entry whose attributes cannot be read, and a path too long, and goes on' {
            New-TestContent -Folder $serviceFolder
            $long = [System.IO.Path]::Combine($serviceFolder, ('x' * 20))
            [System.IO.File]::WriteAllText($long, 'x')
            Mock Remove-FfItem { throw (New-Object -TypeName System.IO.PathTooLongException -ArgumentList 'The specified path, file name, or both are too long.') } -ParameterFilter { $Path -eq $long }
            $result = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Partial'
            @($result.Problems | ForEach-Object { $_.Target }) | Should -Be @($long)
            $result.Problems[0].Reason | Should -Match 'too long'
            @($result.Changes).Count | Should -Be 7
        }
    }

    Context 'entries another run deletes during the walk' {
        It 'counts a file and a subfolder that vanish between the listing and their deletion as gone, not as problems' {
            New-TestContent -Folder $serviceFolder
            # What a concurrent run does: each folder is listed, then its first entry (a file, or the
            # subfolder 'sub' with everything in it) disappears before this walk reaches it.
            Mock Get-FfDirectoryEntry {
                $entries = @([System.IO.Directory]::GetFileSystemEntries($Path) | Sort-Object)
                foreach ($entry in $entries) {
                    if ([System.IO.Path]::GetFileName($entry) -eq 'entry1.bin') { [System.IO.File]::Delete($entry) }
                    if ([System.IO.Path]::GetFileName($entry) -eq 'sub') { [System.IO.Directory]::Delete($entry, $true) }
                }
                $entries
            }
            $result = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            @($result.Problems) | Should -BeNullOrEmpty
            $result.Outcome | Should -Be 'Succeeded'
            @([System.IO.Directory]::GetFileSystemEntries($serviceFolder)).Count | Should -Be 0
        }

        It 'still reports an entry that cannot be deleted for another reason' {
            New-TestContent -Folder $serviceFolder
            $stuck = [System.IO.Path]::Combine($serviceFolder, 'entry2.dat')
            Mock Remove-FfItem { throw (New-Object -TypeName System.IO.IOException -ArgumentList 'The process cannot access the file because it is being used by another process.') } -ParameterFilter { $Path -eq $stuck }
            $result = Invoke-FfClearFolderContentsRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            @($result.Problems | ForEach-Object { $_.Target }) | Should -Be @($stuck)
        }
    }
}
