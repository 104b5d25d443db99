# Pester 5 unit tests for the repair.wait handler (wait.ps1) on the engine core, independent of any
# build. Start-FfWait is mocked (nothing sleeps); the detection waited for is a small handler
# defined here that reads a script-scoped list of answers. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/repair/wait/wait.Tests.ps1 -Output Detailed

Describe 'wait.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'wait.ps1')

        function Invoke-FfTestAnswerDetection {
            # Detects when the next answer is $true; throws for 'error'. Records each run.
            param([hashtable] $Step, [hashtable] $Paths, [object] $LastRepair)
            $answer = $script:Answers[[Math]::Min($script:Runs, $script:Answers.Count - 1)]
            $script:Runs++
            if ($answer -is [string]) { throw 'The service database is locked.' }
            $count = 0
            if ($answer) { $count = 1 }
            New-FfFinding -Step $Step -Count $count
        }

        function New-TestStep {
            param([int] $Seconds = 0, [string] $Until = 'detected', [int] $TimeoutSeconds = 30, [int] $IntervalSeconds = 10)
            $step = @{ Id = 'waitForSpooler'; Kind = 'wait'; Handler = 'Invoke-FfWaitRepair'; Context = 'System'; DescriptionKey = 'WaitDescription' }
            if ($Seconds -gt 0) { $step.Seconds = $Seconds; $step.DetectionId = $null; $step.Until = $null; $step.TimeoutSeconds = 0; $step.IntervalSeconds = 0 }
            else { $step.Seconds = 0; $step.DetectionId = 'spoolerRunning'; $step.Until = $Until; $step.TimeoutSeconds = $TimeoutSeconds; $step.IntervalSeconds = $IntervalSeconds }
            $step
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:ModuleVersion = '1.0.0'
        $script:Roots = @{}
        $script:Strings = @{ WaitDescription = 'Wait for the spooler.'; RunningDetected = 'Running.'; RunningClean = 'Not running.' }
        $script:VerifySteps = @()
        $script:DetectionSteps = @(@{ Id = 'spoolerRunning'; Kind = 'testAnswer'; Handler = 'Invoke-FfTestAnswerDetection'; Indicates = 'evidence'; DetectedKey = 'RunningDetected'; CleanKey = 'RunningClean' })
        $script:Answers = @($false)
        $script:Runs = 0
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $paths = @{ WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows'); ProfileDirectory = @(); CurrentUserProfile = $null; DataDirectory = [System.IO.Path]::Combine($base, 'data') }
        Mock Start-FfWait { }
    }

    It 'pauses for Seconds: Succeeded, and no change' {
        $result = Invoke-FfWaitRepair -Step (New-TestStep -Seconds 45) -Paths $paths -Confirm:$false
        Should -Invoke Start-FfWait -Times 1 -Exactly -ParameterFilter { $Seconds -eq 45 }
        $result.Outcome | Should -Be 'Succeeded'
        $result.Message | Should -Be 'waited 45 seconds'
        @($result.Changes).Count | Should -Be 0
    }

    It 'succeeds at once, without a pause, when the detection already reads as asked' {
        $script:Answers = @($true)
        $result = Invoke-FfWaitRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
        $result.Outcome | Should -Be 'Succeeded' -Because $result.Message
        $result.Message | Should -Be 'spoolerRunning reads detected after 0 seconds'
        Should -Invoke Start-FfWait -Times 0 -Exactly
        $script:Runs | Should -Be 1
    }

    It 'runs the detection again after each interval until it reads as asked' {
        $script:Answers = @($false, 'error', $false, $true)
        $result = Invoke-FfWaitRepair -Step (New-TestStep -TimeoutSeconds 60 -IntervalSeconds 10) -Paths $paths -Confirm:$false
        $result.Outcome | Should -Be 'Succeeded'
        $result.Message | Should -Be 'spoolerRunning reads detected after 30 seconds'
        Should -Invoke Start-FfWait -Times 3 -Exactly -ParameterFilter { $Seconds -eq 10 }
        $script:Runs | Should -Be 4
    }

    It 'waits for clean just as well' {
        $script:Answers = @($true, $false)
        (Invoke-FfWaitRepair -Step (New-TestStep -Until 'clean') -Paths $paths -Confirm:$false).Outcome | Should -Be 'Succeeded'
        $script:Runs | Should -Be 2
    }

    It 'fails at the timeout with a problem, after pauses that add up to the timeout, and names the last error' {
        $script:Answers = @($false, 'error')
        $result = Invoke-FfWaitRepair -Step (New-TestStep -TimeoutSeconds 25 -IntervalSeconds 10) -Paths $paths -Confirm:$false
        $result.Outcome | Should -Be 'Failed'
        Should -Invoke Start-FfWait -Times 2 -Exactly -ParameterFilter { $Seconds -eq 10 }
        Should -Invoke Start-FfWait -Times 1 -Exactly -ParameterFilter { $Seconds -eq 5 }
        $script:Runs | Should -Be 4
        @($result.Problems)[0].Target | Should -Be 'spoolerRunning'
        @($result.Problems)[0].Reason | Should -Be 'spoolerRunning did not read detected within 25 seconds; last detection error: The service database is locked.'
    }

    It 'fails when the script does not carry the detection step' {
        $script:DetectionSteps = @()
        $result = Invoke-FfWaitRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
        $result.Outcome | Should -Be 'Failed'
        $result.Message | Should -Be 'detection step ''spoolerRunning'' is not in this script'
    }

    It 'neither pauses nor detects under -WhatIf, and reports WhatIf' {
        $WhatIfPreference = $true
        try {
            $pause = Invoke-FfWaitRepair -Step (New-TestStep -Seconds 5) -Paths $paths
            $until = Invoke-FfWaitRepair -Step (New-TestStep) -Paths $paths
        }
        finally {
            $WhatIfPreference = $false
        }
        $pause.Outcome | Should -Be 'WhatIf'
        $until.Outcome | Should -Be 'WhatIf'
        Should -Invoke Start-FfWait -Times 0 -Exactly
        $script:Runs | Should -Be 0
    }

    It 'fails the repair through Invoke-FfRepair at the timeout, and repairs once the detection reads as asked' {
        $script:RepairSteps = @(New-TestStep)
        (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Failed'
        $script:Answers = @($true)
        $script:Runs = 0
        (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Repaired'
    }
}
