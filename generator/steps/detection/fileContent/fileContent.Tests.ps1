# Pester 5 unit tests for the detect.fileContent handler (fileContent.ps1) on the engine core,
# independent of any build: real files under $TestDrive. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/detection/fileContent/fileContent.Tests.ps1 -Output Detailed

Describe 'fileContent.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'fileContent.ps1')
        . (Join-Path $PSScriptRoot '../../../emit/pester/HostileTree.ps1')

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

        It 'is false for a file without the text and an empty file; throws for a file it cannot read (the caller records it)' {
            Test-FfFileContains -Path (New-TestFile -Folder $folder -Name 'other.bin' -Bytes (Get-Utf16 'disallowedcert.stl')) -Text 'authrootstl.cab' | Should -BeFalse
            Test-FfFileContains -Path (New-TestFile -Folder $folder -Name 'empty.bin' -Bytes @()) -Text 'authrootstl.cab' | Should -BeFalse
            { Test-FfFileContains -Path ([System.IO.Path]::Combine($folder, 'missing.bin')) -Text 'authrootstl.cab' } | Should -Throw
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

    Describe 'the hostile tree' {
        AfterEach {
            # Loops left behind (a failed test) would hang the removal of $TestDrive.
            $left = Get-Variable -Name HostileLinks -Scope Script -ValueOnly -ErrorAction SilentlyContinue
            if ($left) { Remove-HostileLink -Path $left; $script:HostileLinks = $null }
        }

        BeforeEach {
            $outside = [System.IO.Path]::Combine($base, 'Outside')
            $payload = Get-Ascii 'x authrootstl.cab x'
        }

        It 'does not read the <Root> folder through a link at depth <Depth>, and names the refusal' -ForEach @(
            @{ Root = 'service'; Depth = 0 }, @{ Root = 'service'; Depth = 2 }, @{ Root = 'service'; Depth = 4 }, @{ Root = 'service'; Depth = 5 }
            @{ Root = 'users'; Depth = 0 }, @{ Root = 'users'; Depth = 1 }, @{ Root = 'users'; Depth = 2 }
        ) {
            if ($Root -eq 'service') { $anchor = $paths.WindowsDirectory; $segments = @('ServiceProfiles', 'LocalService', 'AppData', 'MetaData') }
            else { $anchor = $paths.ProfileDirectory[0]; $segments = @('AppData', 'MetaData') }
            if ($Depth -gt $segments.Count) { $Depth = $segments.Count }
            $case = New-HostileCase -Anchor $anchor -Segments $segments -Outside $outside -LinkAt $Depth
            [void](New-TestFile -Folder ([System.IO.Path]::Combine($case.Victim, 'planted')) -Name 'x' -Bytes $payload)
            foreach ($sentinel in $case.Sentinels) { [System.IO.File]::WriteAllBytes($sentinel, $payload) }
            $own = New-TestFile -Folder $bobFolder -Name 'real.bin' -Bytes $payload
            $finding = Invoke-FfFileContentDetection -Step (New-TestStep) -Paths $paths
            $finding.Count | Should -Be 1 -Because 'only the file reached without a link counts'
            $finding.Details | Should -Be @($own)
            $refusals = @($finding.Problems | Where-Object { $_.Target -eq $case.Target })
            $refusals.Count | Should -Be 1
            $refusals[0].Reason | Should -Match '^refused, nothing touched: .*link'
        }

        It 'inside a real folder: counts the real files, skips links to files outside (named), reports unreadable files, and goes on' {
            $content = New-HostileContent -Folder $aliceFolder -Outside $outside -BulkCount 0
            $script:HostileLinks = $content.Links
            foreach ($sentinel in $content.Sentinels) { [System.IO.File]::WriteAllBytes($sentinel, $payload) }
            $hits = @()
            foreach ($name in @('a-hit.bin', 'z-hit.bin')) { $hits += New-TestFile -Folder $aliceFolder -Name $name -Bytes $payload }
            $denied = New-TestFile -Folder $aliceFolder -Name 'm-denied.bin' -Bytes $payload
            Mock Test-FfFileContains { throw (New-Object -TypeName System.UnauthorizedAccessException -ArgumentList 'Access denied.') } -ParameterFilter { $Path -eq $denied }
            $finding = Invoke-FfFileContentDetection -Step (New-TestStep) -Paths $paths
            $finding.Count | Should -Be 2
            @($finding.Details | Sort-Object) | Should -Be @($hits | Sort-Object)
            $problemTargets = @($finding.Problems | ForEach-Object { $_.Target })
            $problemTargets | Should -Contain $denied
            $problemTargets | Should -Contain ([System.IO.Path]::Combine($aliceFolder, 'link-to-outside-file'))
            $problemTargets | Should -Contain ([System.IO.Path]::Combine($aliceFolder, 'dangling-link'))
            @($finding.Problems | Where-Object { $_.Target -eq $denied })[0].Reason | Should -Match 'cannot read: Access denied'
        }

        It 'reports a folder it cannot list, and still reads the other profiles' {
            $own = New-TestFile -Folder $bobFolder -Name 'real.bin' -Bytes $payload
            [void](New-TestFile -Folder $aliceFolder -Name 'hidden.bin' -Bytes $payload)
            Mock Get-FfDirectoryEntry { throw (New-Object -TypeName System.IO.PathTooLongException -ArgumentList 'The specified path, file name, or both are too long.') } -ParameterFilter { $Path -eq $aliceFolder }
            $finding = Invoke-FfFileContentDetection -Step (New-TestStep) -Paths $paths
            $finding.Details | Should -Be @($own)
            @($finding.Problems | ForEach-Object { $_.Target }) | Should -Be @($aliceFolder)
            $finding.Problems[0].Reason | Should -Match 'too long'
        }
    }
}
