# Pester 5 unit tests for the Fix it wizard (FixIt.ps1), independent of any build: which culture it
# speaks, how it reads answers, and its exit codes. The fix's commands are stand-ins of our own
# (Test-/Repair-/Get-...Status, as a build generates them); nothing built in is faked.
# Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/engine/FixIt.Tests.ps1 -Output Detailed

Describe 'FixIt.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Core.ps1')
        . (Join-Path $PSScriptRoot 'Standalone.ps1')
        . (Join-Path $PSScriptRoot 'FixIt.ps1')

        function Test-WizardFix {
            param([string] $WindowsDirectory, [string] $DataDirectory)
            $script:Calls += 'test'
            if ($script:TestThrows) { throw 'The event log could not be read.' }
            $finding = New-FfObject -TypeName 'FixForge.kbtest.Finding' -Name @('StepId', 'Indicates', 'Detected', 'Count', 'Message', 'Error') -Value @{
                StepId = 'cache'; Indicates = 'problem'; Detected = $script:Detected; Count = 3; Message = 'Stale cache files'; Error = $null
            }
            New-FfObject -TypeName 'FixForge.kbtest.TestResult' -Name @('Detected', 'Findings', 'Hints') -Value @{ Detected = $script:Detected; Findings = @($finding); Hints = @() }
        }

        function Repair-WizardFix {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([string] $WindowsDirectory, [string] $DataDirectory, [string[]] $Context)
            $script:Calls += ('repair ' + ($Context -join ','))
            $step = New-FfObject -TypeName 'FixForge.kbtest.StepResult' -Name @('Outcome', 'Message') -Value @{ Outcome = $script:StepOutcome; Message = 'Cleared the cache' }
            New-FfObject -TypeName 'FixForge.kbtest.RepairResult' -Name @('Status', 'Steps', 'Changes', 'Problems', 'RebootRequired') -Value @{
                Status = $script:RepairStatus; Steps = @($step); Changes = @(1); Problems = @(); RebootRequired = $false
            }
        }

        function Get-WizardFixStatus {
            param([string] $WindowsDirectory, [string] $DataDirectory, [string[]] $Context)
            $script:Calls += 'status'
            $check = New-FfObject -TypeName 'FixForge.kbtest.Check' -Name @('Passed', 'Description') -Value @{ Passed = $script:Fixed; Description = 'No stale cache files' }
            New-FfObject -TypeName 'FixForge.kbtest.Status' -Name @('Checks', 'IsFixed') -Value @{ Checks = @($check); IsFixed = $script:Fixed }
        }

        function Invoke-TestWizard {
            # Called as FixIt.ps1 calls it: with the script's own $PSBoundParameters (a test run passes the path parameters).
            param([switch] $Quiet, [string[]] $Answers, [string] $WindowsDirectory = $TestDrive, [string] $DataDirectory = $data)
            $PSBoundParameters['WindowsDirectory'] = $WindowsDirectory
            $PSBoundParameters['DataDirectory'] = $DataDirectory
            Invoke-FfFixIt -Quiet:$Quiet -Answers $Answers -BoundParameters $PSBoundParameters -StringTables $tables -WizardTexts $texts `
                -TestCommand 'Test-WizardFix' -RepairCommand 'Repair-WizardFix' -StatusCommand 'Get-WizardFixStatus' `
                -Context @('System') -TestParameterNames @('WindowsDirectory', 'DataDirectory') -RepairParameterNames @('WindowsDirectory', 'DataDirectory')
        }

        $english = @{ heading = 'Fix it'; checking = 'Checking'; found = 'Found:'; notFound = 'Not found.'; checkFailed = 'Could not check:'; ask = 'Repair now? [Y/N]'
            yesLetters = 'y,yes'; noLetters = 'n,no'; declined = 'Nothing was changed.'; repairing = 'Repairing'; stepLine = '  {0}: {1}'; verifying = 'Solved?'
            solved = 'Solved.'; notSolved = 'Not solved.'; restart = 'Restart.'; log = 'Log:'; notElevated = 'Needs administrator rights.' }
        $dutch = $english.Clone()
        $dutch.ask = 'Nu herstellen? [J/N]'
        $dutch.yesLetters = 'j,ja'
        $dutch.noLetters = 'n,nee'
        $dutch.solved = 'Opgelost.'
        $tables = @{ 'en-US' = @{ Title = 'Stale cache'; Description = 'The cache is stale.' }; 'nl-NL' = @{ Title = 'Oude cache'; Description = 'De cache is oud.' } }
        $texts = @{ 'en-US' = $english; 'nl-NL' = $dutch }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $data = [System.IO.Path]::Combine($TestDrive, ('data-' + [guid]::NewGuid().ToString('N')))
        $script:Calls = @()
        $script:Said = @()
        $script:Detected = $true
        $script:TestThrows = $false
        $script:StepOutcome = 'Succeeded'
        $script:RepairStatus = 'Succeeded'
        $script:Fixed = $true
        $savedCulture = [System.Threading.Thread]::CurrentThread.CurrentUICulture
        $savedAnswers = $env:FIXFORGE_FIXIT_ANSWERS
        $env:FIXFORGE_FIXIT_ANSWERS = $null
        Mock Write-FfWizard { $script:Said += $Text }
    }

    AfterEach {
        [System.Threading.Thread]::CurrentThread.CurrentUICulture = $savedCulture
        $env:FIXFORGE_FIXIT_ANSWERS = $savedAnswers
    }

    Describe 'Select-FfCulture' {
        It 'takes the user''s culture when the fix carries it' {
            Select-FfCulture -Name 'nl-NL' -Available @('en-US', 'nl-NL') | Should -Be 'nl-NL'
        }
        It 'takes a culture of the same language when the exact one is missing' {
            Select-FfCulture -Name 'nl-BE' -Available @('en-US', 'nl-NL') | Should -Be 'nl-NL'
        }
        It 'falls back to en-US for another language and for the invariant culture' {
            Select-FfCulture -Name 'fr-FR' -Available @('en-US', 'nl-NL') | Should -Be 'en-US'
            Select-FfCulture -Name '' -Available @('en-US', 'nl-NL') | Should -Be 'en-US'
        }
    }

    Describe 'answers' {
        It 'Test-FfAnswer matches a listed word, ignoring case and spaces, and never $null' {
            Test-FfAnswer -Answer ' YES ' -Words 'y,yes' | Should -BeTrue
            Test-FfAnswer -Answer 'ye' -Words 'y,yes' | Should -BeFalse
            Test-FfAnswer -Answer $null -Words 'y,yes' | Should -BeFalse
        }
        It 'Read-FfAnswer hands out the scripted answers in order, and shows each after its prompt' {
            $script:FfAnswers = @('maybe', 'y')
            Read-FfAnswer -Prompt 'Repair now?' 6>$null | Should -Be 'maybe'
            Read-FfAnswer -Prompt 'Repair now?' 6>$null | Should -Be 'y'
            $script:FfAnswers.Count | Should -Be 0
        }
    }

    Describe 'Invoke-FfFixIt' {
        It 'returns 0 and repairs nothing when the problem is not found' {
            $script:Detected = $false
            Invoke-TestWizard | Should -Be 0
            $script:Calls | Should -Be @('test')
            $script:Said | Should -Contain 'Not found.'
        }

        It 'returns 2 and changes nothing when the person answers no' {
            Invoke-TestWizard -Answers @('n') | Should -Be 2
            $script:Calls | Should -Be @('test')
            $script:Said | Should -Contain 'Nothing was changed.'
            [System.IO.File]::ReadAllText([System.IO.Path]::Combine($data, 'kbtest.log')) | Should -Match 'fixit: declined, nothing changed'
        }

        It 'asks again after an answer it does not know, then repairs for the contexts and returns 0 when solved' {
            Invoke-TestWizard -Answers @('maybe', 'Y') | Should -Be 0
            $script:Calls | Should -Be @('test', 'repair System', 'status')
            $script:Said | Should -Contain 'Solved.'
        }

        It 'does not ask with -Quiet' {
            Invoke-TestWizard -Quiet | Should -Be 0
            $script:Calls | Should -Be @('test', 'repair System', 'status')
        }

        It 'returns 1 when the repair failed, even if the check then passes' {
            $script:RepairStatus = 'Failed'
            Invoke-TestWizard -Quiet | Should -Be 1
            $script:Said | Should -Contain 'Not solved.'
        }

        It 'returns 1 when a step was refused' {
            $script:StepOutcome = 'Refused'
            Invoke-TestWizard -Quiet | Should -Be 1
        }

        It 'returns 1 when the check still finds the problem after the repair' {
            $script:Fixed = $false
            Invoke-TestWizard -Quiet | Should -Be 1
        }

        It 'returns 1, and logs the error, when the check itself fails' {
            $script:TestThrows = $true
            Invoke-TestWizard -Quiet | Should -Be 1
            $script:Calls | Should -Be @('test')
            [System.IO.File]::ReadAllText([System.IO.Path]::Combine($data, 'kbtest.log')) | Should -Match 'fixit: ERROR: '
        }

        It 'takes the answers from FIXFORGE_FIXIT_ANSWERS when -Answers is not given' {
            $env:FIXFORGE_FIXIT_ANSWERS = 'x,no'
            Invoke-TestWizard | Should -Be 2
        }

        It 'speaks the user''s culture: its texts and its yes and no words' {
            [System.Threading.Thread]::CurrentThread.CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('nl-NL')
            Invoke-TestWizard -Answers @('y', 'ja') | Should -Be 0
            $script:Said | Should -Contain 'Fix it: Oude cache'
            $script:Said | Should -Contain 'Opgelost.'
        }

        It 'ends with where the log is' {
            $script:Detected = $false
            [void](Invoke-TestWizard)
            $script:Said[-1] | Should -Be ('Log: ' + [System.IO.Path]::Combine($data, 'kbtest.log'))
        }
    }

    Describe 'the launch checks' {
        It 'Test-FfFixItLanguage is true in FullLanguage' {
            Test-FfFixItLanguage | Should -BeTrue
        }
        It 'Invoke-FfNativeFixIt does nothing in a test run or in a native PowerShell' {
            Invoke-FfNativeFixIt -ScriptPath 'C:\fixit\FixIt.ps1' -TestRun | Should -BeNullOrEmpty
            $saved = $env:PROCESSOR_ARCHITEW6432
            try {
                $env:PROCESSOR_ARCHITEW6432 = $null
                Invoke-FfNativeFixIt -ScriptPath 'C:\fixit\FixIt.ps1' | Should -BeNullOrEmpty
            }
            finally { $env:PROCESSOR_ARCHITEW6432 = $saved }
        }
    }
}
