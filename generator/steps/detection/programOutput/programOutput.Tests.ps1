# Pester 5 unit tests for the detect.programOutput handler (programOutput.ps1) on the engine core.
# Invoke-FfProgram (runProgram.ps1) is mocked: no Windows programs here.
Describe 'programOutput.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot '../../repair/runProgram/runProgram.ps1')
        . (Join-Path $PSScriptRoot '../../repair/runProgram/programPath.ps1')
        . (Join-Path $PSScriptRoot 'programOutput.ps1')

        function New-TestStep {
            param([int[]] $In = @(), [int[]] $NotIn = @(), [string] $Contains = $null)
            @{
                Id = 'wmiRepository'; Kind = 'programOutput'; Handler = 'Invoke-FfProgramOutputDetection'; Indicates = 'problem'
                DetectedKey = 'WmiDetected'; CleanKey = 'WmiClean'
                ProgramSegments = @('wbem', 'winmgmt.exe'); ArgumentList = @('/verifyrepository')
                ExitCodeIn = $In; ExitCodeNotIn = $NotIn; OutputContains = $Contains; TimeoutSeconds = 60
            }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Strings = @{ WmiDetected = 'The WMI repository is inconsistent.'; WmiClean = 'The WMI repository is consistent.' }
        $paths = @{ WindowsDirectory = (Join-Path $TestDrive 'Windows'); DataDirectory = (Join-Path $TestDrive 'data') }
        Mock Test-FfWow64Process { $false }
    }

    It 'runs the program by full path under System32 with the step''s arguments' {
        Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 0; Output = @('consistent'); TimedOut = $false } }
        [void](Invoke-FfProgramOutputDetection -Step (New-TestStep -NotIn @(0)) -Paths $paths)
        $expected = Join-FfPath -Base $paths.WindowsDirectory -Segments @('System32', 'wbem', 'winmgmt.exe')
        Should -Invoke Invoke-FfProgram -Times 1 -Exactly -ParameterFilter { $FilePath -eq $expected -and (@($ArgumentList) -join ' ') -eq '/verifyrepository' -and $TimeoutSeconds -eq 60 }
    }

    It 'detects by exit code: not in the list of good ones' {
        Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = -2147217406; Output = @(); TimedOut = $false } }
        $finding = Invoke-FfProgramOutputDetection -Step (New-TestStep -NotIn @(0)) -Paths $paths
        $finding.Detected | Should -BeTrue
        $finding.Message | Should -Be 'The WMI repository is inconsistent.'
        Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 0; Output = @(); TimedOut = $false } }
        (Invoke-FfProgramOutputDetection -Step (New-TestStep -NotIn @(0)) -Paths $paths).Detected | Should -BeFalse
    }

    It 'detects by exit code in a list, and by output text, case-insensitively, when both are given' {
        Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 1; Output = @('line one', 'The Service Has Not Been Started.'); TimedOut = $false } }
        (Invoke-FfProgramOutputDetection -Step (New-TestStep -In @(1) -Contains 'has not been started') -Paths $paths).Detected | Should -BeTrue
        (Invoke-FfProgramOutputDetection -Step (New-TestStep -In @(2) -Contains 'has not been started') -Paths $paths).Detected | Should -BeFalse
        (Invoke-FfProgramOutputDetection -Step (New-TestStep -In @(1) -Contains 'something else') -Paths $paths).Detected | Should -BeFalse
    }

    It 'reports a program that cannot start, or times out, as an error' {
        Mock Invoke-FfProgram { throw 'not found' }
        $finding = Invoke-FfProgramOutputDetection -Step (New-TestStep -NotIn @(0)) -Paths $paths
        $finding.Detected | Should -BeFalse
        $finding.Error | Should -Match 'could not be run: not found'
        Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = $null; Output = @(); TimedOut = $true } }
        (Invoke-FfProgramOutputDetection -Step (New-TestStep -NotIn @(0)) -Paths $paths).Error | Should -Match 'did not finish within 60 s'
    }

    It 'detects by output text alone, in any line' {
        Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 0; Output = @('first', 'Repository is INCONSISTENT'); TimedOut = $false } }
        (Invoke-FfProgramOutputDetection -Step (New-TestStep -Contains 'inconsistent') -Paths $paths).Detected | Should -BeTrue
        (Invoke-FfProgramOutputDetection -Step (New-TestStep -Contains 'missing text') -Paths $paths).Detected | Should -BeFalse
    }

    It 'reaches the 64-bit program through Sysnative from a 32-bit process' {
        Mock Test-FfWow64Process { $true }
        [void][System.IO.Directory]::CreateDirectory((Join-Path $paths.WindowsDirectory 'Sysnative'))
        Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 0; Output = @(); TimedOut = $false } }
        [void](Invoke-FfProgramOutputDetection -Step (New-TestStep -NotIn @(0)) -Paths $paths)
        $expected = Join-FfPath -Base $paths.WindowsDirectory -Segments @('Sysnative', 'wbem', 'winmgmt.exe')
        Should -Invoke Invoke-FfProgram -Times 1 -Exactly -ParameterFilter { $FilePath -eq $expected }
    }

    Context 'a program that needs an elevated token (issue 18.10)' {
        It 'does not run it for a user, and reports an error instead of the problem' {
            Mock Get-FfProcessRole { 'User' }
            Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = -2147217405; Output = @('Access denied'); TimedOut = $false } }
            $step = New-TestStep -NotIn @(0)
            $step.NeedsElevation = $true
            $finding = Invoke-FfProgramOutputDetection -Step $step -Paths $paths
            $finding.Detected | Should -BeFalse
            $finding.Error | Should -Match 'winmgmt\.exe needs an elevated PowerShell'
            Should -Invoke Invoke-FfProgram -Times 0 -Exactly
        }

        It 'runs it when elevated or as SYSTEM' -ForEach @(@{ Role = 'Administrator' }, @{ Role = 'System' }) {
            Mock Get-FfProcessRole { $Role }
            Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 1; Output = @(); TimedOut = $false } }
            $step = New-TestStep -NotIn @(0)
            $step.NeedsElevation = $true
            (Invoke-FfProgramOutputDetection -Step $step -Paths $paths).Detected | Should -BeTrue
        }

        It 'runs a program that needs no elevation for a user as before' {
            Mock Get-FfProcessRole { 'User' }
            Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 1; Output = @(); TimedOut = $false } }
            (Invoke-FfProgramOutputDetection -Step (New-TestStep -NotIn @(0)) -Paths $paths).Detected | Should -BeTrue
        }
    }
}
