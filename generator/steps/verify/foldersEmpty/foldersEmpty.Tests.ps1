# Pester 5 unit tests for the verify.foldersEmpty handler (foldersEmpty.ps1) on the engine core,
# independent of any build: real folders under $TestDrive. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/verify/foldersEmpty/foldersEmpty.Tests.ps1 -Output Detailed

Describe 'foldersEmpty.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'foldersEmpty.ps1')
        . (Join-Path $PSScriptRoot '../../../emit/pester/HostileTree.ps1')

        function Add-TestEntry {
            param([string] $Folder, [string] $Name = 'entry1.bin')
            [void][System.IO.Directory]::CreateDirectory($Folder)
            $file = [System.IO.Path]::Combine($Folder, $Name)
            [System.IO.File]::WriteAllText($file, 'left over')
            $file
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Roots = @{
            service = @{ Kind = 'windows'; Segments = @('ServiceProfiles', 'LocalService'); Label = 'LocalService profile' }
            users = @{ Kind = 'everyUserProfile'; Segments = @(); Label = 'every user profile' }
        }
        $script:Strings = @{ EmptyDescription = 'The emptied folders contain nothing.' }
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $paths = @{
            WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows')
            ProfileDirectory = @([System.IO.Path]::Combine($base, 'alice'), [System.IO.Path]::Combine($base, 'bob'))
            CurrentUserProfile = $null
            DataDirectory = [System.IO.Path]::Combine($base, 'data')
        }
        $serviceFolder = Join-FfPath -Base $paths.WindowsDirectory -Segments @('ServiceProfiles', 'LocalService', 'Cache')
        $aliceFolder = Join-FfPath -Base $paths.ProfileDirectory[0] -Segments @('Cache')
        $bobFolder = Join-FfPath -Base $paths.ProfileDirectory[1] -Segments @('Cache')
        $step = @{
            Id = 'cachesEmpty'; Kind = 'foldersEmpty'; Handler = 'Invoke-FfFoldersEmptyVerification'; DescriptionKey = 'EmptyDescription'
            Locations = @(
                @{ Root = 'service'; Segments = @('Cache'); Context = 'System' }
                @{ Root = 'users'; Segments = @('Cache'); Context = 'EveryUser' }
            )
        }
        $all = @('System', 'EveryUser', 'CurrentUser')
    }

    It 'passes when the folders are absent' {
        $check = Invoke-FfFoldersEmptyVerification -Step $step -Paths $paths -Context $all
        $check.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.Check'
        $check.StepId | Should -Be 'cachesEmpty'
        $check.Passed | Should -BeTrue
        @($check.Remaining).Count | Should -Be 0
        $check.Description | Should -Be 'The emptied folders contain nothing.'
    }

    It 'passes when the folders are there and empty' {
        foreach ($f in @($serviceFolder, $aliceFolder, $bobFolder)) { [void][System.IO.Directory]::CreateDirectory($f) }
        (Invoke-FfFoldersEmptyVerification -Step $step -Paths $paths -Context $all).Passed | Should -BeTrue
    }

    It 'fails and names every file and subfolder left, in every profile' {
        $left = @(
            (Add-TestEntry -Folder $serviceFolder),
            (Add-TestEntry -Folder $bobFolder -Name 'locked.dat')
        )
        $sub = [System.IO.Path]::Combine($aliceFolder, 'sub')
        [void][System.IO.Directory]::CreateDirectory($sub)
        $check = Invoke-FfFoldersEmptyVerification -Step $step -Paths $paths -Context $all
        $check.Passed | Should -BeFalse
        @($check.Remaining | Sort-Object) | Should -Be @(@($left) + @($sub) | Sort-Object)
    }

    It 'looks only at the folders of the contexts that were run' {
        $serviceLeft = Add-TestEntry -Folder $serviceFolder
        [void](Add-TestEntry -Folder $aliceFolder)
        $system = Invoke-FfFoldersEmptyVerification -Step $step -Paths $paths -Context @('System')
        $system.Passed | Should -BeFalse
        $system.Remaining | Should -Be @($serviceLeft)
        $current = Invoke-FfFoldersEmptyVerification -Step $step -Paths $paths -Context @('CurrentUser')
        $current.Passed | Should -BeTrue
    }

    It 'decides whether the fix is in place through Invoke-FfVerification' {
        $script:VerifySteps = @($step)
        (Invoke-FfVerification -Paths $paths -Context $all).IsFixed | Should -BeTrue
        [void](Add-TestEntry -Folder $bobFolder)
        $status = Invoke-FfVerification -Paths $paths -Context $all
        $status.IsFixed | Should -BeFalse
        @($status.Checks)[0].Remaining | Should -Be @([System.IO.Path]::Combine($bobFolder, 'entry1.bin'))
    }

    It 'does not pass, nor look through, a folder reached through a link at depth <Depth>: it names the refusal' -ForEach @(@{ Depth = 0 }, @{ Depth = 1 }) {
        $outside = [System.IO.Path]::Combine($base, 'Outside')
        $case = New-HostileCase -Anchor $paths.ProfileDirectory[1] -Segments @('Cache') -Outside $outside -LinkAt $Depth
        [void][System.IO.Directory]::CreateDirectory($aliceFolder)
        $check = Invoke-FfFoldersEmptyVerification -Step $step -Paths $paths -Context $all
        $check.Passed | Should -BeFalse
        $check.Remaining | Should -Be @($bobFolder)
        @($check.Problems | ForEach-Object { $_.Target }) | Should -Be @($bobFolder)
        $check.Problems[0].Reason | Should -Match '^refused, nothing touched: .*link'
        @($check.Remaining | Where-Object { $_.StartsWith($case.Victim) }).Count | Should -Be 0
    }

    It 'counts a folder it cannot list as not empty, with the reason, and checks the others' {
        [void][System.IO.Directory]::CreateDirectory($aliceFolder)
        $left = Add-TestEntry -Folder $bobFolder
        Mock Get-FfDirectoryEntry { throw (New-Object -TypeName System.UnauthorizedAccessException -ArgumentList 'Access denied.') } -ParameterFilter { $Path -eq $aliceFolder }
        $check = Invoke-FfFoldersEmptyVerification -Step $step -Paths $paths -Context $all
        $check.Passed | Should -BeFalse
        @($check.Remaining | Sort-Object) | Should -Be @(@($aliceFolder, $left) | Sort-Object)
        @($check.Problems | ForEach-Object { $_.Target }) | Should -Be @($aliceFolder)
        $check.Problems[0].Reason | Should -Match 'cannot read: Access denied'
    }
}
