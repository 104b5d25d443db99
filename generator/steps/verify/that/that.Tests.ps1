# Pester 5 unit tests for the verify.that handler (that.ps1) on the engine core: the condition is
# a detection step whose handler is a stand-in named in the step's data.
Describe 'that.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'that.ps1')

        function Invoke-FakeCondition {
            param([hashtable] $Step, [hashtable] $Paths, $LastRepair)
            $script:ConditionCalls++
            New-FfFinding -Step $Step -Count $Step.FakeCount -ErrorText $Step.FakeError
        }

        function New-ThatStep {
            param([int] $Count, [string] $ErrorText)
            @{
                Id = 'serviceRuns'; Kind = 'that'; Handler = 'Invoke-FfThatVerification'; DescriptionKey = 'ServiceRunsDescription'
                Condition = @{
                    Id = 'spoolerRuns'; Kind = 'fake'; Handler = 'Invoke-FakeCondition'; Indicates = 'problem'
                    DetectedKey = 'SpoolerRunsDetected'; CleanKey = 'SpoolerRunsClean'; FakeCount = $Count; FakeError = $ErrorText
                }
            }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Strings = @{ ServiceRunsDescription = 'The spooler runs.'; SpoolerRunsDetected = 'Spooler is running.'; SpoolerRunsClean = 'Spooler is not running.' }
        $script:ConditionCalls = 0
        $paths = @{ DataDirectory = (Join-Path $TestDrive 'data') }
    }

    It 'passes when the condition finds what it describes, running its handler once' {
        $check = Invoke-FfThatVerification -Step (New-ThatStep -Count 1) -Paths $paths -Context @('System')
        $check.Passed | Should -BeTrue
        $check.Description | Should -Be 'The spooler runs.'
        @($check.Remaining).Count | Should -Be 0
        $script:ConditionCalls | Should -Be 1
    }

    It 'fails when the condition does not hold, naming it with its message' {
        $check = Invoke-FfThatVerification -Step (New-ThatStep -Count 0) -Paths $paths -Context @('System')
        $check.Passed | Should -BeFalse
        @($check.Remaining) | Should -Be @('spoolerRuns: Spooler is not running.')
    }

    It 'fails when the condition cannot be read, even if it counted something' {
        $check = Invoke-FfThatVerification -Step (New-ThatStep -Count 1 -ErrorText 'access denied') -Paths $paths -Context @('System')
        $check.Passed | Should -BeFalse
        @($check.Remaining) | Should -Be @('spoolerRuns: access denied')
    }

    It 'throws when the script lacks the condition''s handler: never a silent pass' {
        $step = New-ThatStep -Count 1
        $step.Condition.Handler = 'Invoke-NoSuchHandler'
        { Invoke-FfThatVerification -Step $step -Paths $paths -Context @('System') } | Should -Throw '*Invoke-NoSuchHandler*'
    }

    It 'makes the fix not fixed through the core when it fails' {
        $script:VerifySteps = @(New-ThatStep -Count 0)
        (Invoke-FfVerification -Paths $paths -Context @('System')).IsFixed | Should -BeFalse
        $script:VerifySteps = @(New-ThatStep -Count 1)
        (Invoke-FfVerification -Paths $paths -Context @('System')).IsFixed | Should -BeTrue
    }
}
