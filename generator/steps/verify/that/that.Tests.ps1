# Pester 5 unit tests for the verify.that handler (that.ps1) on the engine core: the condition is
# a detection step whose handler is a stand-in named in the step's data.
Describe 'that.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'that.ps1')
        . (Join-Path $PSScriptRoot '../../detection/registryValue/registryValue.ps1')

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

    Context 'a condition over every user''s hive (two profiles)' {
        # Issue 18.4: a check holds for EVERY user; the same detection as a problem is found for ANY.
        BeforeEach {
            $script:Strings['PolicyGoneDetected'] = 'DisableTaskMgr is missing.'
            $script:Strings['PolicyGoneClean'] = 'DisableTaskMgr is set.'
            $script:Strings['PolicyGoneDescription'] = 'No user has DisableTaskMgr.'
            $hives = @{ 'HKU\S-1-5-21-1-2-3-1001' = 'alice'; 'HKU\S-1-5-21-1-2-3-1002' = 'bob' }
            $values = @{}
            Mock Test-FfWow64Process { $false }
            Mock Get-FfRegistryHive {
                foreach ($root in @('HKU\S-1-5-21-1-2-3-1001', 'HKU\S-1-5-21-1-2-3-1002')) {
                    New-FfObject -TypeName 'FixForge.RegistryHive' -Name @('Label', 'Root', 'File', 'Refusal') -Value @{ Label = ('C:\Users\' + $hives[$root]); Root = $root }
                }
            }
            Mock Get-FfRegistryValue { if ($values.ContainsKey($Root)) { New-Object -TypeName PSObject -Property @{ Type = 'DWord'; Data = $values[$Root] } } }
            $condition = @{
                Id = 'policyValueMissing'; Kind = 'registryValue'; Handler = 'Invoke-FfRegistryValueDetection'; Indicates = 'problem'
                DetectedKey = 'PolicyGoneDetected'; CleanKey = 'PolicyGoneClean'
                Scope = 'EveryUser'; Key = 'Software\Microsoft\Windows\CurrentVersion\Policies\System'; ValueName = 'DisableTaskMgr'; State = 'missing'
            }
            $step = @{ Id = 'policyValueGone'; Kind = 'that'; Handler = 'Invoke-FfThatVerification'; DescriptionKey = 'PolicyGoneDescription'; Condition = $condition }
        }

        It 'fails while alice still has the value, though bob has none, and names alice' {
            $values['HKU\S-1-5-21-1-2-3-1001'] = 1
            $check = Invoke-FfThatVerification -Step $step -Paths $paths -Context @('EveryUser')
            $check.Passed | Should -BeFalse
            @($check.Remaining) | Should -Be @('policyValueMissing: C:\Users\alice\Software\Microsoft\Windows\CurrentVersion\Policies\System\DisableTaskMgr = DWord:1')
        }

        It 'passes when neither user has the value' {
            $check = Invoke-FfThatVerification -Step $step -Paths $paths -Context @('EveryUser')
            $check.Passed | Should -BeTrue
            @($check.Remaining).Count | Should -Be 0
        }

        It 'fails when one user''s hive cannot be read, even if the other lacks the value' {
            Mock Get-FfRegistryValue { if ($Root -like '*1001') { throw 'Access is denied.' } }
            $check = Invoke-FfThatVerification -Step $step -Paths $paths -Context @('EveryUser')
            $check.Passed | Should -BeFalse
        }

        It 'as a detection of a problem, finds it for any one user' {
            $condition.State = 'exists'
            $values['HKU\S-1-5-21-1-2-3-1002'] = 1
            $script:DetectionSteps = @($condition)
            $test = Invoke-FfDetection -Paths $paths
            $test.Detected | Should -BeTrue
            (@($test.Findings)[0]).Count | Should -Be 1
        }
    }
}
