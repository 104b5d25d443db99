# Pester 5 unit tests for the verify.rerunDetection handler (rerunDetection.ps1) on the engine core,
# independent of any build: the detection it reruns is made of fake detection handlers defined here.
# Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/verify/rerunDetection/rerunDetection.Tests.ps1 -Output Detailed

Describe 'rerunDetection.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'rerunDetection.ps1')

        function Invoke-FakeDetection {
            param([hashtable] $Step, [hashtable] $Paths, [object] $LastRepair)
            $script:DetectionRuns++
            New-FfFinding -Step $Step -Count $script:Found[$Step.Id]
        }

        function New-DetectionStep {
            param([string] $Id, [string] $Indicates)
            @{ Id = $Id; Kind = 'fake'; Handler = 'Invoke-FakeDetection'; Indicates = $Indicates; DetectedKey = 'Detected'; CleanKey = 'Clean' }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Roots = @{}
        $script:Hints = @()
        $script:Strings = @{ Detected = 'Found.'; Clean = 'Not found.'; RerunDescription = 'The detection no longer finds the problem.' }
        $script:DetectionSteps = @((New-DetectionStep -Id 'problem' -Indicates 'problem'), (New-DetectionStep -Id 'evidence' -Indicates 'evidence'))
        $script:Found = @{ problem = 0; evidence = 0 }
        $script:DetectionRuns = 0
        $step = @{ Id = 'noNewEvents'; Kind = 'rerunDetection'; Handler = 'Invoke-FfRerunDetectionVerification'; DescriptionKey = 'RerunDescription' }
        $paths = @{ DataDirectory = [System.IO.Path]::Combine($TestDrive, ('data-' + [guid]::NewGuid().ToString('N'))) }
    }

    It 'passes on a clean machine and carries the detection it ran' {
        $check = Invoke-FfRerunDetectionVerification -Step $step -Paths $paths -Context @('System')
        $check.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.Check'
        $check.StepId | Should -Be 'noNewEvents'
        $check.Passed | Should -BeTrue
        $check.Description | Should -Be 'The detection no longer finds the problem.'
        $check.Test.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.TestResult'
        $check.Test.Detected | Should -BeFalse
        @($check.Test.Findings).Count | Should -Be 2
        $script:DetectionRuns | Should -Be 2
    }

    It 'fails while the detection still finds the problem' {
        $script:Found.problem = 1
        $check = Invoke-FfRerunDetectionVerification -Step $step -Paths $paths -Context @('System')
        $check.Passed | Should -BeFalse
        $check.Test.Detected | Should -BeTrue
    }

    It 'passes when only evidence is left' {
        $script:Found.evidence = 3
        (Invoke-FfRerunDetectionVerification -Step $step -Paths $paths -Context @('System')).Passed | Should -BeTrue
    }

    It 'reads the detection window from the repair time the repair recorded' {
        $script:DetectionSteps = @(@{ Id = 'since'; Kind = 'fake'; Handler = 'Invoke-SinceDetection'; Indicates = 'problem'; DetectedKey = 'Detected'; CleanKey = 'Clean' })
        function Invoke-SinceDetection {
            param([hashtable] $Step, [hashtable] $Paths, [object] $LastRepair)
            $script:SeenLastRepair = $LastRepair
            New-FfFinding -Step $Step
        }
        $repaired = (Get-Date).AddMinutes(-10)
        Set-FfLastRepairTime -DataDirectory $paths.DataDirectory -Time $repaired
        [void](Invoke-FfRerunDetectionVerification -Step $step -Paths $paths -Context @('System'))
        $script:SeenLastRepair | Should -Be (Get-FfLastRepairTime -DataDirectory $paths.DataDirectory)
    }

    It 'gives Invoke-FfVerification its detection, and the fix is in place only when it passes' {
        $script:VerifySteps = @($step)
        $status = Invoke-FfVerification -Paths $paths -Context @('System')
        $status.IsFixed | Should -BeTrue
        $status.Test.Detected | Should -BeFalse
        $script:Found.problem = 2
        (Invoke-FfVerification -Paths $paths -Context @('System')).IsFixed | Should -BeFalse
    }

    It 'fails loudly when the detection cannot run, rather than passing' {
        $script:DetectionSteps = @(@{ Id = 'gone'; Kind = 'notCarried'; Handler = 'Invoke-FfNotCarriedDetection'; Indicates = 'problem' })
        { Invoke-FfRerunDetectionVerification -Step $step -Paths $paths -Context @('System') } | Should -Throw -ExpectedMessage "*needs handler 'Invoke-FfNotCarriedDetection'*"
    }
}
