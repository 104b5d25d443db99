# Pester 5 unit tests for the detect.fileContent handler (fileContent.ps1) on the engine core,
# independent of any build: real files under $TestDrive. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/detection/fileContent/fileContent.Tests.ps1 -Output Detailed

Describe 'fileContent.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'fileContent.ps1')

        function New-TestFile {
            param([string] $Folder, [string] $Name, [byte[]] $Bytes)
            [void][System.IO.Directory]::CreateDirectory($Folder)
            $file = [System.IO.Path]::Combine($Folder, $Name)
            [System.IO.File]::WriteAllBytes($file, $Bytes)
            $file
        }

        function Get-Utf16 { param([string] $Text) [System.Text.Encoding]::Unicode.GetBytes($Text) }
        function Get-Ascii { param([string] $Text) [System.Text.Encoding]::ASCII.GetBytes($Text) }

        function New-TestStep {
            @{
                Id = 'cachedRootList'; Kind = 'fileContent'; Handler = 'Invoke-FfFileContentDetection'; Indicates = 'evidence'
                DetectedKey = 'CachedDetected'; CleanKey = 'CachedClean'
                Locations = @(
                    @{ Root = 'service'; Segments = @('AppData', 'MetaData') }
                    @{ Root = 'users'; Segments = @('AppData', 'MetaData') }
                )
                Contains = 'authrootstl.cab'
            }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Roots = @{
            service = @{ Kind = 'windows'; Segments = @('ServiceProfiles', 'LocalService'); Label = 'LocalService profile' }
            users = @{ Kind = 'everyUserProfile'; Segments = @(); Label = 'every user profile' }
        }
        $script:Strings = @{ CachedDetected = 'A cached copy is present.'; CachedClean = 'No cached copy.' }
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $paths = @{
            WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows')
            ProfileDirectory = @([System.IO.Path]::Combine($base, 'alice'), [System.IO.Path]::Combine($base, 'bob'))
            CurrentUserProfile = $null
            DataDirectory = [System.IO.Path]::Combine($base, 'data')
        }
        $serviceFolder = Join-FfPath -Base $paths.WindowsDirectory -Segments @('ServiceProfiles', 'LocalService', 'AppData', 'MetaData')
        $aliceFolder = Join-FfPath -Base $paths.ProfileDirectory[0] -Segments @('AppData', 'MetaData')
        $bobFolder = Join-FfPath -Base $paths.ProfileDirectory[1] -Segments @('AppData', 'MetaData')
        $folder = [System.IO.Path]::Combine($base, 'plain')
    }

    Describe 'Test-FfFileContains' {
        It 'finds the text stored as UTF-16LE, in mixed case' {
            $file = New-TestFile -Folder $folder -Name 'meta.bin' -Bytes ([byte[]](@(0, 1, 2, 3) + (Get-Utf16 'http://ctldl/AuThRoOtStL.CaB') + @(0, 0)))
            Test-FfFileContains -Path $file -Text 'authrootstl.cab' | Should -BeTrue
        }

        It 'finds the text stored as ASCII, in mixed case' {
            $file = New-TestFile -Folder $folder -Name 'meta.bin' -Bytes (Get-Ascii 'head AUTHROOTSTL.CAB tail')
            Test-FfFileContains -Path $file -Text 'authrootstl.cab' | Should -BeTrue
        }

        It 'is false for a file without the text, an empty file and a file that is not there' {
            Test-FfFileContains -Path (New-TestFile -Folder $folder -Name 'other.bin' -Bytes (Get-Utf16 'disallowedcert.stl')) -Text 'authrootstl.cab' | Should -BeFalse
            Test-FfFileContains -Path (New-TestFile -Folder $folder -Name 'empty.bin' -Bytes @()) -Text 'authrootstl.cab' | Should -BeFalse
            Test-FfFileContains -Path ([System.IO.Path]::Combine($folder, 'missing.bin')) -Text 'authrootstl.cab' | Should -BeFalse
        }

        It 'reads only the first megabyte of a big file' {
            $padding = New-Object -TypeName 'byte[]' -ArgumentList 1048576
            $late = New-TestFile -Folder $folder -Name 'late.bin' -Bytes ([byte[]]($padding + (Get-Ascii 'authrootstl.cab')))
            Test-FfFileContains -Path $late -Text 'authrootstl.cab' | Should -BeFalse
            $early = New-TestFile -Folder $folder -Name 'early.bin' -Bytes ([byte[]]((Get-Ascii 'authrootstl.cab') + $padding))
            Test-FfFileContains -Path $early -Text 'authrootstl.cab' | Should -BeTrue
        }

        It 'reads a file another process holds open for writing' {
            $file = New-TestFile -Folder $folder -Name 'open.bin' -Bytes (Get-Ascii 'authrootstl.cab')
            $writer = [System.IO.File]::Open($file, [System.IO.FileMode]::Open, [System.IO.FileAccess]::ReadWrite, [System.IO.FileShare]::ReadWrite)
            try {
                Test-FfFileContains -Path $file -Text 'authrootstl.cab' | Should -BeTrue
            }
            finally {
                $writer.Close()
            }
        }
    }

    Describe 'Invoke-FfFileContentDetection' {
        It 'counts every file holding the text, in every location and every profile' {
            $files = @(
                (New-TestFile -Folder $serviceFolder -Name 'a' -Bytes (Get-Utf16 'authrootstl.cab')),
                (New-TestFile -Folder $aliceFolder -Name 'b' -Bytes (Get-Ascii 'x AuthRootStl.cab')),
                (New-TestFile -Folder $bobFolder -Name 'c' -Bytes (Get-Utf16 'AUTHROOTSTL.CAB'))
            )
            [void](New-TestFile -Folder $bobFolder -Name 'd' -Bytes (Get-Ascii 'pinrules.stl'))
            $finding = Invoke-FfFileContentDetection -Step (New-TestStep) -Paths $paths
            $finding.StepId | Should -Be 'cachedRootList'
            $finding.Indicates | Should -Be 'evidence'
            $finding.Detected | Should -BeTrue
            $finding.Count | Should -Be 3
            $finding.Message | Should -Be 'A cached copy is present.'
            @($finding.Details | Sort-Object) | Should -Be @($files | Sort-Object)
        }

        It 'looks at the files in the folder, not in its subfolders' {
            [void](New-TestFile -Folder ([System.IO.Path]::Combine($serviceFolder, 'sub')) -Name 'deep' -Bytes (Get-Ascii 'authrootstl.cab'))
            (Invoke-FfFileContentDetection -Step (New-TestStep) -Paths $paths).Detected | Should -BeFalse
        }

        It 'finds nothing, with the clean message, when the folders are missing or hold other files' {
            $finding = Invoke-FfFileContentDetection -Step (New-TestStep) -Paths $paths
            $finding.Detected | Should -BeFalse
            $finding.Count | Should -Be 0
            $finding.Message | Should -Be 'No cached copy.'
            [void](New-TestFile -Folder $aliceFolder -Name 'x' -Bytes (Get-Ascii 'nothing to see'))
            (Invoke-FfFileContentDetection -Step (New-TestStep) -Paths $paths).Detected | Should -BeFalse
        }

        It 'decides the detection only when the step indicates a problem' {
            [void](New-TestFile -Folder $serviceFolder -Name 'a' -Bytes (Get-Ascii 'authrootstl.cab'))
            $evidence = New-TestStep
            $problem = New-TestStep
            $problem.Id = 'problemFiles'
            $problem.Indicates = 'problem'
            $script:DetectionSteps = @($evidence)
            (Invoke-FfDetection -Paths $paths).Detected | Should -BeFalse
            $script:DetectionSteps = @($evidence, $problem)
            (Invoke-FfDetection -Paths $paths).Detected | Should -BeTrue
        }
    }
}
