# Pester 5 unit tests for programPath.ps1 (a program by root and path, found and checked before it
# starts) on the engine core, independent of any build. Get-FfFileSignature and
# Get-FfItemTrustProblem read Windows (Authenticode, owners and ACLs): they are mocked here, as
# Windows answers; links are real symbolic links. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/repair/runProgram/programPath.Tests.ps1 -Output Detailed

Describe 'programPath.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'programPath.ps1')

        function New-TestStep {
            param([string[]] $Segments = @('Windows Defender', 'MpCmdRun.exe'), [string] $Root = 'programFiles', [string] $SignedBy, [string] $WhenMissing, [string] $Context)
            $step = @{
                Id = 'removeDefinitions'; Kind = 'runProgram'; Handler = 'Invoke-FfRunProgramRepair'; Context = 'System'; DescriptionKey = 'Description'
                ProgramLocation = @{ Root = $Root; Segments = $Segments }
                ArgumentList = @('-RemoveDefinitions', '-All'); SuccessExitCodes = @(0); TimeoutSeconds = 60
            }
            if ($Context) { $step.ProgramLocation.Context = $Context }
            if ($SignedBy) { $step.SignedBy = $SignedBy }
            if ($WhenMissing) { $step.WhenMissing = $WhenMissing }
            $step
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Strings = @{ Description = 'Remove the definitions.' }
        $script:Roots = @{
            programFiles = @{ Kind = 'special'; Folder = 'programFiles'; Segments = @() }
            localAppData = @{ Kind = 'profile'; Segments = @('AppData', 'Local') }
        }
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $paths = @{
            WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows'); ProfileDirectory = @()
            CurrentUserProfile = [System.IO.Path]::Combine($base, 'current'); DataDirectory = [System.IO.Path]::Combine($base, 'data')
            programFiles = [System.IO.Path]::Combine($base, 'Program Files')
        }
        $folder = Join-FfPath -Base $paths.programFiles -Segments @('Windows Defender')
        [void][System.IO.Directory]::CreateDirectory($folder)
        $program = Join-FfPath -Base $folder -Segments @('MpCmdRun.exe')
        [System.IO.File]::WriteAllText($program, 'MZ')
        Mock Get-FfItemTrustProblem { $null }
        Mock Get-FfFileSignature { New-Object -TypeName PSObject -Property @{ Status = 'Valid'; Subject = 'CN=Microsoft Corporation, O=Microsoft Corporation, L=Redmond, S=Washington, C=US' } }
    }

    Describe 'Test-FfSignerMatch' {
        It 'matches the CN or the O, in any case, and nothing else' {
            Test-FfSignerMatch -Subject 'CN=Microsoft Windows, O=Microsoft Corporation, L=Redmond, C=US' -SignedBy 'microsoft corporation' | Should -BeTrue
            Test-FfSignerMatch -Subject 'CN=Microsoft Corporation, O=Microsoft Corporation' -SignedBy 'Microsoft Corporation' | Should -BeTrue
            Test-FfSignerMatch -Subject 'CN=Microsoft Corporation Planted, O=Contoso' -SignedBy 'Microsoft Corporation' | Should -BeFalse
            Test-FfSignerMatch -Subject 'CN="Contoso, Microsoft Corporation", O=Contoso' -SignedBy 'Microsoft Corporation' | Should -BeFalse
            Test-FfSignerMatch -Subject 'OU=Microsoft Corporation, O=Contoso' -SignedBy 'Microsoft Corporation' | Should -BeFalse
            Test-FfSignerMatch -Subject $null -SignedBy 'Microsoft Corporation' | Should -BeFalse
        }
    }

    Describe 'Resolve-FfProgramFile' {
        It 'finds a program under its root, checked from the root folder down, the file included' {
            $file = Resolve-FfProgramFile -Step (New-TestStep -SignedBy 'Microsoft Corporation') -Paths $paths
            $file.Path | Should -Be $program
            $file.Missing | Should -BeFalse
            $file.Refusal | Should -BeNullOrEmpty
            foreach ($component in @($paths.programFiles, $folder, $program)) {
                $expected = $component
                Should -Invoke Get-FfItemTrustProblem -Times 1 -Exactly -ParameterFilter { $Path -eq $expected }
            }
            Should -Invoke Get-FfItemTrustProblem -Times 3 -Exactly
            Should -Invoke Get-FfFileSignature -Times 1 -Exactly -ParameterFilter { $Path -eq $program }
        }

        It 'says Missing for a program that is not there, and checks nothing more' {
            $file = Resolve-FfProgramFile -Step (New-TestStep -Segments @('Windows Defender', 'Gone.exe') -SignedBy 'Microsoft Corporation') -Paths $paths
            $file.Missing | Should -BeTrue
            $file.Refusal | Should -BeNullOrEmpty
            Should -Invoke Get-FfFileSignature -Times 0 -Exactly
        }

        It 'refuses a link at any depth: the program''s folder, or the file' {
            $elsewhere = [System.IO.Path]::Combine($base, 'planted')
            Move-Item -LiteralPath $folder -Destination $elsewhere
            [void](New-Item -ItemType SymbolicLink -Path $folder -Target $elsewhere)
            (Resolve-FfProgramFile -Step (New-TestStep) -Paths $paths).Refusal | Should -Match 'on the way is a link'
            Remove-Item -LiteralPath $folder
            [void][System.IO.Directory]::CreateDirectory($folder)
            [void](New-Item -ItemType SymbolicLink -Path $program -Target (Join-FfPath -Base $elsewhere -Segments @('MpCmdRun.exe')))
            (Resolve-FfProgramFile -Step (New-TestStep) -Paths $paths).Refusal | Should -Match 'it is a link'
            Should -Invoke Get-FfItemTrustProblem -Times 0 -Exactly
        }

        It 'refuses a folder in the program''s place, a component a non-admin may write, a bad or foreign signature' {
            [void][System.IO.Directory]::CreateDirectory((Join-FfPath -Base $folder -Segments @('Folder.exe')))
            (Resolve-FfProgramFile -Step (New-TestStep -Segments @('Windows Defender', 'Folder.exe')) -Paths $paths).Refusal | Should -Match 'is a folder'
            Mock Get-FfFileSignature { New-Object -TypeName PSObject -Property @{ Status = 'HashMismatch'; Subject = 'CN=Microsoft Corporation' } }
            (Resolve-FfProgramFile -Step (New-TestStep -SignedBy 'Microsoft Corporation') -Paths $paths).Refusal | Should -Match 'HashMismatch'
            Mock Get-FfFileSignature { New-Object -TypeName PSObject -Property @{ Status = 'Valid'; Subject = 'CN=Contoso, O=Contoso' } }
            (Resolve-FfProgramFile -Step (New-TestStep -SignedBy 'Microsoft Corporation') -Paths $paths).Refusal | Should -Match 'signed by ''CN=Contoso'
            Mock Get-FfFileSignature { throw 'The file cannot be read.' }
            (Resolve-FfProgramFile -Step (New-TestStep -SignedBy 'Microsoft Corporation') -Paths $paths).Refusal | Should -Match 'cannot be checked'
            Mock Get-FfItemTrustProblem { 'writable by S-1-5-32-545' } -ParameterFilter { $Path -eq $folder }
            (Resolve-FfProgramFile -Step (New-TestStep) -Paths $paths).Refusal | Should -Match 'S-1-5-32-545'
        }

        It 'runs the user''s own program from their profile without the owner checks, links still refused' {
            $userFolder = Join-FfPath -Base $paths.CurrentUserProfile -Segments @('AppData', 'Local', 'Microsoft', 'OneDrive')
            [void][System.IO.Directory]::CreateDirectory($userFolder)
            [System.IO.File]::WriteAllText((Join-FfPath -Base $userFolder -Segments @('OneDrive.exe')), 'MZ')
            $step = New-TestStep -Root 'localAppData' -Segments @('Microsoft', 'OneDrive', 'OneDrive.exe') -Context 'CurrentUser'
            $file = Resolve-FfProgramFile -Step $step -Paths $paths
            $file.Refusal | Should -BeNullOrEmpty
            $file.Path | Should -Be (Join-FfPath -Base $userFolder -Segments @('OneDrive.exe'))
            Should -Invoke Get-FfItemTrustProblem -Times 0 -Exactly
        }
    }

    Describe 'Get-FfProgramFileStepResult and Get-FfProgramFileFinding' {
        It 'make a refusal Refused (repair) or an error (detection)' {
            $file = New-Object -TypeName PSObject -Property @{ Path = $program; Missing = $false; Refusal = 'refused, not started: a link' }
            (Get-FfProgramFileStepResult -Step (New-TestStep) -ProgramFile $file).Outcome | Should -Be 'Refused'
            $step = New-TestStep; $step.DetectedKey = 'Description'; $step.CleanKey = 'Description'; $step.Indicates = 'problem'
            (Get-FfProgramFileFinding -Step $step -ProgramFile $file).Error | Should -Match 'a link'
        }

        It 'make a missing program NotNeeded or clean with skip, Failed or an error otherwise; nothing for a program that may start' {
            $file = New-Object -TypeName PSObject -Property @{ Path = $program; Missing = $true; Refusal = $null }
            (Get-FfProgramFileStepResult -Step (New-TestStep -WhenMissing 'skip') -ProgramFile $file).Outcome | Should -Be 'NotNeeded'
            (Get-FfProgramFileStepResult -Step (New-TestStep) -ProgramFile $file).Outcome | Should -Be 'Failed'
            $step = New-TestStep -WhenMissing 'skip'; $step.DetectedKey = 'Description'; $step.CleanKey = 'Description'; $step.Indicates = 'problem'
            $finding = Get-FfProgramFileFinding -Step $step -ProgramFile $file
            $finding.Detected | Should -BeFalse
            @($finding.Details)[0] | Should -Match 'not installed'
            $step.Remove('WhenMissing')
            (Get-FfProgramFileFinding -Step $step -ProgramFile $file).Error | Should -Match 'not installed'
            $found = New-Object -TypeName PSObject -Property @{ Path = $program; Missing = $false; Refusal = $null }
            Get-FfProgramFileStepResult -Step (New-TestStep) -ProgramFile $found | Should -BeNullOrEmpty
        }
    }
}
