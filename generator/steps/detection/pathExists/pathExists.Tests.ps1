# Pester 5 unit tests for the detect.pathExists handler (pathExists.ps1) on the engine core,
# independent of any build: real files, folders and symbolic links under $TestDrive, ages set
# with SetLastWriteTimeUtc. The link check itself is the core's (Core.Tests.ps1). Needs
# PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/detection/pathExists/pathExists.Tests.ps1 -Output Detailed

Describe 'pathExists.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'pathExists.ps1')

        function New-TestStep {
            param([string] $ItemType = 'folder', [int] $OlderThanMinutes = 0, [bool] $NotEmpty = $false)
            @{
                Id = 'staleStore'; Kind = 'pathExists'; Handler = 'Invoke-FfPathExistsDetection'; Indicates = 'problem'
                DetectedKey = 'StaleDetected'; CleanKey = 'StaleClean'
                Locations = @(
                    @{ Root = 'service'; Segments = @('Cache', 'Store') }
                    @{ Root = 'users'; Segments = @('Cache', 'Store') }
                )
                ItemType = $ItemType; OlderThanMinutes = $OlderThanMinutes; NotEmpty = $NotEmpty
            }
        }

        function Set-Age {
            # Last written Minutes ago, for a file or a folder.
            param([string] $Path, [int] $Minutes)
            $time = [DateTime]::UtcNow.AddMinutes(-$Minutes)
            if ([System.IO.Directory]::Exists($Path)) { [System.IO.Directory]::SetLastWriteTimeUtc($Path, $time) }
            else { [System.IO.File]::SetLastWriteTimeUtc($Path, $time) }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Roots = @{
            service = @{ Kind = 'windows'; Segments = @('ServiceProfiles', 'LocalService'); Label = 'LocalService profile' }
            users = @{ Kind = 'everyUserProfile'; Segments = @(); Label = 'every user profile' }
        }
        $script:Strings = @{ StaleDetected = 'A stale store is present.'; StaleClean = 'No stale store.' }
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $paths = @{
            WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows')
            ProfileDirectory = @([System.IO.Path]::Combine($base, 'alice'), [System.IO.Path]::Combine($base, 'bob'))
            CurrentUserProfile = $null
            DataDirectory = [System.IO.Path]::Combine($base, 'data')
        }
        $serviceItem = Join-FfPath -Base $paths.WindowsDirectory -Segments @('ServiceProfiles', 'LocalService', 'Cache', 'Store')
        $aliceItem = Join-FfPath -Base $paths.ProfileDirectory[0] -Segments @('Cache', 'Store')
        $bobItem = Join-FfPath -Base $paths.ProfileDirectory[1] -Segments @('Cache', 'Store')
        $outside = [System.IO.Path]::Combine($base, 'Outside')
        [void][System.IO.Directory]::CreateDirectory($outside)
    }

    Describe 'Invoke-FfPathExistsDetection' {
        It 'counts the folder in every location and profile, with the detected message and the paths' {
            foreach ($item in @($serviceItem, $aliceItem, $bobItem)) { [void][System.IO.Directory]::CreateDirectory($item) }
            $finding = Invoke-FfPathExistsDetection -Step (New-TestStep) -Paths $paths
            $finding.StepId | Should -Be 'staleStore'
            $finding.Detected | Should -BeTrue
            $finding.Count | Should -Be 3
            $finding.Message | Should -Be 'A stale store is present.'
            @($finding.Details | Sort-Object) | Should -Be @(@($serviceItem, $aliceItem, $bobItem) | Sort-Object)
        }

        It 'finds nothing, with the clean message, when nothing is there' {
            $finding = Invoke-FfPathExistsDetection -Step (New-TestStep) -Paths $paths
            $finding.Detected | Should -BeFalse
            $finding.Count | Should -Be 0
            $finding.Message | Should -Be 'No stale store.'
        }

        It 'does not count the other kind of item: a file for a folder, a folder for a file' {
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($serviceItem))
            [System.IO.File]::WriteAllText($serviceItem, 'a file where a folder is looked for')
            [void][System.IO.Directory]::CreateDirectory($aliceItem)
            (Invoke-FfPathExistsDetection -Step (New-TestStep -ItemType 'folder') -Paths $paths).Details | Should -Be @($aliceItem)
            (Invoke-FfPathExistsDetection -Step (New-TestStep -ItemType 'file') -Paths $paths).Details | Should -Be @($serviceItem)
        }

        It 'counts only what was last written more than the age ago' {
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($serviceItem))
            [System.IO.File]::WriteAllText($serviceItem, 'old')
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($aliceItem))
            [System.IO.File]::WriteAllText($aliceItem, 'new')
            Set-Age -Path $serviceItem -Minutes 120
            Set-Age -Path $aliceItem -Minutes 30
            $finding = Invoke-FfPathExistsDetection -Step (New-TestStep -ItemType 'file' -OlderThanMinutes 60) -Paths $paths
            $finding.Count | Should -Be 1
            $finding.Details | Should -Be @($serviceItem)
        }

        It 'counts with notEmpty only a folder holding an entry' {
            [void][System.IO.Directory]::CreateDirectory($serviceItem)
            [void][System.IO.Directory]::CreateDirectory($aliceItem)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($aliceItem, 'edb.log'), 'x')
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($bobItem, 'empty-subfolder'))
            $finding = Invoke-FfPathExistsDetection -Step (New-TestStep -NotEmpty $true) -Paths $paths
            @($finding.Details | Sort-Object) | Should -Be @(@($aliceItem, $bobItem) | Sort-Object)
        }

        It 'does not count an item reached through a link, or that is one, and says so in the details' {
            $target = [System.IO.Path]::Combine($outside, 'target')
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($target, 'Store'))
            [void][System.IO.Directory]::CreateDirectory($paths.ProfileDirectory[0])
            $cache = [System.IO.Path]::GetDirectoryName($aliceItem)
            [void](New-Item -ItemType SymbolicLink -Path $cache -Target $target)
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($bobItem))
            [void](New-Item -ItemType SymbolicLink -Path $bobItem -Target ([System.IO.Path]::Combine($target, 'Store')))
            $finding = Invoke-FfPathExistsDetection -Step (New-TestStep) -Paths $paths
            $finding.Detected | Should -BeFalse
            @($finding.Details) | Should -Be @(
                ('{0}: refused, nothing touched: {1} on the way is a link (junction, symbolic link or mount point)' -f $aliceItem, $cache),
                ('{0}: refused, nothing touched: it is a link (junction, symbolic link or mount point)' -f $bobItem)
            )
        }

        It 'reports what it cannot read in the details and goes on' {
            [void][System.IO.Directory]::CreateDirectory($bobItem)
            Mock Get-FfPathExistsState { throw 'Access is denied.' } -ParameterFilter { $Path -eq $aliceItem }
            $finding = Invoke-FfPathExistsDetection -Step (New-TestStep) -Paths $paths
            $finding.Count | Should -Be 1
            @($finding.Details) | Should -Contain $bobItem
            @($finding.Details) | Should -Contain ('{0}: cannot read: Access is denied.' -f $aliceItem)
        }

        It 'decides the fix through Invoke-FfDetection only when it indicates a problem' {
            [void][System.IO.Directory]::CreateDirectory($serviceItem)
            $evidence = New-TestStep
            $evidence.Indicates = 'evidence'
            $script:DetectionSteps = @($evidence)
            (Invoke-FfDetection -Paths $paths).Detected | Should -BeFalse
            $script:DetectionSteps = @($evidence, (New-TestStep))
            (Invoke-FfDetection -Paths $paths).Detected | Should -BeTrue
        }
    }
}
