# Pester 5 unit tests for the detect.always handler (always.ps1) on the engine core.
Describe 'always.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'always.ps1')
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Strings = @{ NowDetected = 'Run on demand.'; NowClean = 'Never shown.' }
        $step = @{ Id = 'now'; Kind = 'always'; Handler = 'Invoke-FfAlwaysDetection'; Indicates = 'problem'; DetectedKey = 'NowDetected'; CleanKey = 'NowClean' }
    }

    It 'always detects, with the detected message and no error' {
        $finding = Invoke-FfAlwaysDetection -Step $step -Paths @{}
        $finding.Detected | Should -BeTrue
        $finding.Count | Should -Be 1
        $finding.Message | Should -Be 'Run on demand.'
        $finding.Error | Should -BeNullOrEmpty
    }

    It 'makes the fix detected through the core' {
        $script:DetectionSteps = @($step)
        $script:Hints = @()
        (Invoke-FfDetection -Paths @{ DataDirectory = (Join-Path $TestDrive 'data') }).Detected | Should -BeTrue
    }

    It 'reports itself as a problem step, so it decides the fix' {
        (Invoke-FfAlwaysDetection -Step $step -Paths @{}).Indicates | Should -Be 'problem'
    }

    It 'says in its details that the fix runs on demand, and has no hints or time window' {
        $finding = Invoke-FfAlwaysDetection -Step $step -Paths @{}
        @($finding.Details) | Should -Be @('on demand: needed whenever it is run')
        @($finding.Hints).Count | Should -Be 0
        $finding.Since | Should -BeNullOrEmpty
    }

    It 'stays detected after a repair: the last repair time does not matter' {
        (Invoke-FfAlwaysDetection -Step $step -Paths @{} -LastRepair (Get-Date)).Detected | Should -BeTrue
    }
}
