# Pester 5 unit tests for the repair.deleteFiles handler (deleteFiles.ps1) on the engine core,
# independent of any build: real files, folders and symbolic links under $TestDrive. A file in use
# is simulated by mocking Remove-FfDeleteFilesItem for it. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/repair/deleteFiles/deleteFiles.Tests.ps1 -Output Detailed

Describe 'deleteFiles.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'deleteFiles.ps1')

        function New-TestFile {
            param([string] $Folder, [string[]] $Name)
            [void][System.IO.Directory]::CreateDirectory($Folder)
            foreach ($n in $Name) {
                $file = [System.IO.Path]::Combine($Folder, $n)
                [System.IO.File]::WriteAllText($file, 'spooled')
                $file
            }
        }

        function Get-Name {
            param([string] $Folder)
            @([System.IO.Directory]::GetFileSystemEntries($Folder) | ForEach-Object { [System.IO.Path]::GetFileName($_) } | Sort-Object)
        }

        function New-TestStep {
            param([string] $Pattern = '*.spl', [bool] $Recurse = $false, [string] $Context = 'System')
            @{
                Id = 'deleteJobs'; Kind = 'deleteFiles'; Handler = 'Invoke-FfDeleteFilesRepair'; Context = $Context
                DescriptionKey = 'DeleteDescription'
                Locations = @(
                    @{ Root = 'spool'; Segments = @('PRINTERS') }
                    @{ Root = 'users'; Segments = @('Jobs') }
                )
                Pattern = $Pattern; Recurse = $Recurse
            }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:ModuleVersion = '1.0.0'
        $script:Roots = @{
            spool = @{ Kind = 'windows'; Segments = @('System32', 'spool'); Label = 'spool folder' }
            users = @{ Kind = 'everyUserProfile'; Segments = @(); Label = 'every user profile' }
        }
        $script:Strings = @{ DeleteDescription = 'Delete the stuck print jobs.' }
        $script:VerifySteps = @()
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $paths = @{
            WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows')
            ProfileDirectory = @([System.IO.Path]::Combine($base, 'alice'))
            CurrentUserProfile = $null
            DataDirectory = [System.IO.Path]::Combine($base, 'data')
        }
        Mock Test-FfWow64Process { $false }
        $printers = Join-FfPath -Base $paths.WindowsDirectory -Segments @('System32', 'spool', 'PRINTERS')
        $jobs = Join-FfPath -Base $paths.ProfileDirectory[0] -Segments @('Jobs')
        $outside = [System.IO.Path]::Combine($base, 'Outside')
        [void][System.IO.Directory]::CreateDirectory($outside)
    }

    Describe 'Get-FfDeleteFilesMatch' {
        It 'matches names only, case-insensitively, and not by a longer extension' {
            [void](New-TestFile -Folder $printers -Name @('00001.SPL', '00001.shd', 'a.splx', 'x.spl.bak', '.spl', 'with space.spl'))
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($printers, 'folder.spl'))
            $found = @(Get-FfDeleteFilesMatch -Folder $printers -Pattern '*.spl' | ForEach-Object { [System.IO.Path]::GetFileName($_) } | Sort-Object)
            $found | Should -Be @('.spl', '00001.SPL', 'with space.spl')
        }

        It 'takes ? as one character and an exact name as itself' {
            [void](New-TestFile -Folder $printers -Name @('job1.tmp', 'job12.tmp', 'job.tmp'))
            @(Get-FfDeleteFilesMatch -Folder $printers -Pattern 'job?.tmp' | ForEach-Object { [System.IO.Path]::GetFileName($_) }) | Should -Be @('job1.tmp')
            @(Get-FfDeleteFilesMatch -Folder $printers -Pattern 'JOB.TMP' | ForEach-Object { [System.IO.Path]::GetFileName($_) }) | Should -Be @('job.tmp')
        }

        It 'goes into subfolders only with Recurse, and never into a linked one' {
            [void](New-TestFile -Folder $printers -Name @('top.spl'))
            $deep = New-TestFile -Folder ([System.IO.Path]::Combine($printers, 'sub')) -Name @('deep.spl')
            $target = [System.IO.Path]::Combine($outside, 'target')
            [void](New-TestFile -Folder $target -Name @('precious.spl'))
            [void](New-Item -ItemType SymbolicLink -Path ([System.IO.Path]::Combine($printers, 'link')) -Target $target)
            @(Get-FfDeleteFilesMatch -Folder $printers -Pattern '*.spl').Count | Should -Be 1
            $all = @(Get-FfDeleteFilesMatch -Folder $printers -Pattern '*.spl' -Recurse $true)
            $all.Count | Should -Be 2
            $all | Should -Contain $deep
        }
    }

    Describe 'Remove-FfDeleteFilesItem' {
        It 'deletes a read-only file, and removes a file link as a link' {
            $files = @(New-TestFile -Folder $printers -Name @('ro.spl'))
            [System.IO.File]::SetAttributes($files[0], [System.IO.FileAttributes]::ReadOnly)
            Remove-FfDeleteFilesItem -Path $files[0]
            [System.IO.File]::Exists($files[0]) | Should -BeFalse
            $precious = @(New-TestFile -Folder $outside -Name @('precious.txt'))[0]
            $link = [System.IO.Path]::Combine($printers, 'link.spl')
            [void](New-Item -ItemType SymbolicLink -Path $link -Target $precious)
            Remove-FfDeleteFilesItem -Path $link
            Test-Path -LiteralPath $link | Should -BeFalse
            [System.IO.File]::Exists($precious) | Should -BeTrue
        }

        It 'refuses a folder' {
            $sub = [System.IO.Path]::Combine($printers, 'sub')
            [void][System.IO.Directory]::CreateDirectory($sub)
            { Remove-FfDeleteFilesItem -Path $sub } | Should -Throw -ExpectedMessage 'Not a file: *'
        }
    }

    Describe 'Invoke-FfDeleteFilesRepair' {
        It 'deletes the matching files in every location and keeps the rest: Succeeded, a Delete change per file' {
            [void](New-TestFile -Folder $printers -Name @('00001.spl', '00001.shd'))
            [void](New-TestFile -Folder $jobs -Name @('a.spl', 'keep.txt'))
            [void](New-TestFile -Folder ([System.IO.Path]::Combine($printers, 'sub')) -Name @('deep.spl'))
            $result = Invoke-FfDeleteFilesRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Succeeded'
            $result.Message | Should -Be 'Delete the stuck print jobs.'
            @($result.Changes | ForEach-Object { $_.Target } | Sort-Object) | Should -Be @(@([System.IO.Path]::Combine($printers, '00001.spl'), [System.IO.Path]::Combine($jobs, 'a.spl')) | Sort-Object)
            @($result.Changes)[0].Action | Should -Be 'Delete'
            @($result.Changes)[0].Before | Should -Match '^file, 7 bytes, last written \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
            Get-Name $printers | Should -Be @('00001.shd', 'sub')
            Get-Name $jobs | Should -Be @('keep.txt')
            $log = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log'))
            $log | Should -Match 'deleteJobs: deleted 1 of 1 file\(s\) matching \*\.spl in '
        }

        It 'is NotNeeded when nothing matches or the folders are missing, and a second run changes nothing' {
            (Invoke-FfDeleteFilesRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'NotNeeded'
            [void](New-TestFile -Folder $printers -Name @('1.spl', 'keep.shd'))
            (Invoke-FfDeleteFilesRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'Succeeded'
            $again = Invoke-FfDeleteFilesRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $again.Outcome | Should -Be 'NotNeeded'
            @($again.Changes).Count | Should -Be 0
        }

        It 'deletes in subfolders with Recurse, keeping the folders' {
            $deep = @(New-TestFile -Folder ([System.IO.Path]::Combine($printers, 'sub')) -Name @('deep.spl'))[0]
            $result = Invoke-FfDeleteFilesRepair -Step (New-TestStep -Recurse $true) -Paths $paths -Confirm:$false
            @($result.Changes | ForEach-Object { $_.Target }) | Should -Be @($deep)
            [System.IO.Directory]::Exists([System.IO.Path]::Combine($printers, 'sub')) | Should -BeTrue
        }

        It 'is Partial with a file in use, which it reports and keeps; the rest goes' {
            [void](New-TestFile -Folder $printers -Name @('locked.spl', 'free.spl'))
            Mock Remove-FfDeleteFilesItem { throw (New-Object -TypeName System.IO.IOException -ArgumentList 'The process cannot access the file because it is being used by another process.') } -ParameterFilter { [System.IO.Path]::GetFileName($Path) -eq 'locked.spl' }
            $result = Invoke-FfDeleteFilesRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Partial'
            @($result.Problems | ForEach-Object { $_.Target }) | Should -Be @([System.IO.Path]::Combine($printers, 'locked.spl'))
            Get-Name $printers | Should -Be @('locked.spl')
        }

        It 'is Failed when no file could be deleted' {
            [void](New-TestFile -Folder $printers -Name @('locked.spl'))
            Mock Remove-FfDeleteFilesItem { throw 'in use' }
            (Invoke-FfDeleteFilesRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'Failed'
        }

        It 'refuses a folder reached through a link and deletes nothing behind it: Refused' {
            $target = [System.IO.Path]::Combine($outside, 'target')
            $precious = @(New-TestFile -Folder ([System.IO.Path]::Combine($target, 'Jobs')) -Name @('precious.spl'))[0]
            [void][System.IO.Directory]::CreateDirectory($base)
            [void](New-Item -ItemType SymbolicLink -Path $paths.ProfileDirectory[0] -Target $target)
            $result = Invoke-FfDeleteFilesRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Refused'
            @($result.Problems)[0].Target | Should -Be $jobs
            @($result.Problems)[0].Reason | Should -Be ('refused, nothing touched: {0} on the way is a link (junction, symbolic link or mount point)' -f $paths.ProfileDirectory[0])
            [System.IO.File]::Exists($precious) | Should -BeTrue
        }

        It 'checks each file''s folder again right before deleting: one that became a link since the listing is refused' {
            $sub = [System.IO.Path]::Combine($printers, 'sub')
            $deep = @(New-TestFile -Folder $sub -Name @('deep.spl'))[0]
            [void](New-TestFile -Folder $printers -Name @('top.spl'))
            Mock Get-FfPathRefusal { 'refused, nothing touched: swapped for a link' } -ParameterFilter { $Path -eq $sub }
            $result = Invoke-FfDeleteFilesRepair -Step (New-TestStep -Recurse $true) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Partial'
            @($result.Problems | ForEach-Object { $_.Target }) | Should -Be @($deep)
            @($result.Problems)[0].Reason | Should -Be 'refused, nothing touched: swapped for a link'
            [System.IO.File]::Exists($deep) | Should -BeTrue
            Get-Name $printers | Should -Be @('sub')
        }

        It 'reports a folder it cannot read as a problem and goes on with the others' {
            [void](New-TestFile -Folder $printers -Name @('1.spl'))
            [void](New-TestFile -Folder $jobs -Name @('2.spl'))
            Mock Get-FfDirectoryEntry { throw 'Access is denied.' } -ParameterFilter { $Path -eq $printers }
            $result = Invoke-FfDeleteFilesRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Partial'
            @($result.Problems)[0].Target | Should -Be $printers
            @($result.Problems)[0].Reason | Should -Be 'cannot read: Access is denied.'
            @(Get-Name $jobs).Count | Should -Be 0
        }

        It 'deletes nothing under -WhatIf and reports WhatIf' {
            [void](New-TestFile -Folder $printers -Name @('1.spl'))
            $WhatIfPreference = $true
            try {
                $result = Invoke-FfDeleteFilesRepair -Step (New-TestStep) -Paths $paths
            }
            finally {
                $WhatIfPreference = $false
            }
            $result.Outcome | Should -Be 'WhatIf'
            @($result.Changes).Count | Should -Be 0
            Get-Name $printers | Should -Be @('1.spl')
        }

        It 'runs through Invoke-FfRepair only in its own context' {
            [void](New-TestFile -Folder $printers -Name @('1.spl'))
            $script:RepairSteps = @(New-TestStep)
            @((Invoke-FfRepair -Paths $paths -Context @('CurrentUser') -Confirm:$false).Steps | ForEach-Object { $_.Outcome }) | Should -Be @('Skipped')
            Get-Name $printers | Should -Be @('1.spl')
            (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Repaired'
            @(Get-Name $printers).Count | Should -Be 0
        }
    }

    Context 'files another run deletes during the walk' {
        It 'counts a file that vanishes between the listing and its deletion as gone, not as a problem' {
            [void](New-TestFile -Folder $printers -Name @('1.spl', '2.spl', '3.spl'))
            # A concurrent run (or the spooler) deletes 2.spl right after this run listed the folder.
            Mock Get-FfDirectoryEntry {
                $entries = @([System.IO.Directory]::GetFileSystemEntries($Path))
                foreach ($entry in $entries) { if ([System.IO.Path]::GetFileName($entry) -eq '2.spl') { [System.IO.File]::Delete($entry) } }
                $entries
            }
            $result = Invoke-FfDeleteFilesRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            @($result.Problems) | Should -BeNullOrEmpty
            $result.Outcome | Should -Be 'Succeeded'
            @(Get-Name $printers).Count | Should -Be 0
        }

        It 'counts a folder that vanishes before it is listed as gone' {
            $gone = [System.IO.Path]::Combine($TestDrive, ('gone-' + [guid]::NewGuid().ToString('N')))
            @(Get-FfDeleteFilesMatch -Folder $gone -Pattern '*.spl' -Recurse $true) | Should -BeNullOrEmpty
        }
    }
}
