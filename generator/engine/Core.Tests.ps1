# Pester 5 unit tests for the engine core (Core.ps1), independent of any build: the data tables a
# build would put before it are set up here, small and made up. Needs PowerShell 5.1 or later
# (pwsh 7 on Linux too: nothing here needs the registry, services or the event log).
# Invoke-Pester -Path generator/engine/Core.Tests.ps1 -Output Detailed

Describe 'Core.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Core.ps1')

        function Reset-FfTestData {
            $script:FixId = 'kbtest'
            $script:ModuleVersion = '9.9.9'
            $script:Roots = @{
                cache = @{ Kind = 'windows'; Segments = @('ServiceProfiles', 'LocalService'); Label = 'LocalService profile' }
                system32Root = @{ Kind = 'windows'; Segments = @('System32', 'config', 'systemprofile'); Label = 'LocalSystem profile' }
                plainWindows = @{ Kind = 'windows'; Segments = @(); Label = 'Windows directory' }
                users = @{ Kind = 'everyUserProfile'; Segments = @(); Label = 'every user profile' }
                me = @{ Kind = 'currentUserProfile'; Segments = @(); Label = 'current user profile' }
                strange = @{ Kind = 'network'; Segments = @(); Label = 'a kind from a newer compiler' }
            }
            $script:DetectionSteps = @()
            $script:RepairSteps = @()
            $script:VerifySteps = @()
            $script:Hints = @()
            $script:Strings = @{
                ProblemDetected = 'The problem is there.'
                ProblemClean = 'The problem is not there.'
                EvidenceDetected = 'Evidence is there.'
                EvidenceClean = 'No evidence.'
                StepDescription = 'Does the step.'
                CheckDescription = 'Checks the step.'
            }
        }

        function New-TestPaths {
            # A fake machine under $TestDrive: the Windows directory, two profiles, the current user, data.
            $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
            $paths = @{
                WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows')
                ProfileDirectory = @([System.IO.Path]::Combine($base, 'alice'), [System.IO.Path]::Combine($base, 'bob'))
                CurrentUserProfile = [System.IO.Path]::Combine($base, 'current')
                DataDirectory = [System.IO.Path]::Combine($base, 'ProgramData')
            }
            [void][System.IO.Directory]::CreateDirectory($paths.WindowsDirectory)
            $paths
        }

        function New-RepairStep {
            # A repair step for Invoke-FakeRepair: the outcome, changes, problems and restart it reports.
            param(
                [string] $Id,
                [string] $Outcome = 'Succeeded',
                [int] $Changes = 1,
                [int] $Problems = 0,
                [bool] $Reboot = $false,
                [string] $Context = 'System',
                [string] $Handler = 'Invoke-FakeRepair'
            )
            @{
                Id = $Id; Kind = 'fake'; Handler = $Handler; Context = $Context; DescriptionKey = 'StepDescription'
                Outcome = $Outcome; ChangeCount = $Changes; ProblemCount = $Problems; Reboot = $Reboot
            }
        }

        function Invoke-FakeRepair {
            # Stands in for a kind's handler: honours -WhatIf like the real ones, reports what the step says.
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([hashtable] $Step, [hashtable] $Paths)
            $script:HandlerCalls += @($Step.Id)
            if (-not $PSCmdlet.ShouldProcess($Step.Id, 'fake repair')) {
                return New-FfStepResult -Step $Step -Outcome 'WhatIf' -Changes @(New-FfChange -Action 'Fake' -Target $Step.Id)
            }
            $changes = @()
            for ($i = 1; $i -le $Step.ChangeCount; $i++) { $changes += New-FfChange -Action 'Fake' -Target ('{0}/change{1}' -f $Step.Id, $i) }
            $problems = @()
            for ($i = 1; $i -le $Step.ProblemCount; $i++) { $problems += New-FfProblem -Target ('{0}/item{1}' -f $Step.Id, $i) -Reason 'in use' }
            New-FfStepResult -Step $Step -Outcome $Step.Outcome -Changes $changes -Problems $problems -RebootRequired $Step.Reboot
        }

        function Invoke-ThrowingRepair {
            param([hashtable] $Step, [hashtable] $Paths)
            throw 'The handler broke down.'
        }

        function Invoke-FakeDetection {
            param([hashtable] $Step, [hashtable] $Paths, [object] $LastRepair)
            $script:DetectionCalls += @(@{ Id = $Step.Id; LastRepair = $LastRepair })
            New-FfFinding -Step $Step -Count $Step.Count -Hints $Step.FakeHints
        }

        function Invoke-FakeVerification {
            param([hashtable] $Step, [hashtable] $Paths, [string[]] $Context)
            $script:VerifyCalls += @(@{ Id = $Step.Id; Context = $Context })
            $test = $null
            if ($Step.CarryTest) { $test = New-FfObject -TypeName 'Fake.Test' -Name @('Detected') -Value @{ Detected = $false } }
            New-FfCheck -Step $Step -Passed $Step.Pass -Test $test
        }

        function Read-TestLog {
            param([hashtable] $Paths)
            $file = [System.IO.Path]::Combine($Paths.DataDirectory, ($script:FixId + '.log'))
            if (-not [System.IO.File]::Exists($file)) { return @() }
            @([System.IO.File]::ReadAllLines($file))
        }
    }

    BeforeEach {
        # The generated scripts run the engine under StrictMode 2.0; so do these tests.
        Set-StrictMode -Version 2.0
        Reset-FfTestData
        $script:HandlerCalls = @()
        $script:DetectionCalls = @()
        $script:VerifyCalls = @()
    }

    Describe 'New-FfObject' {
        It 'creates the properties in the given order, with the type name first' {
            $object = New-FfObject -TypeName 'FixForge.Test' -Name @('B', 'A', 'C') -Value @{ A = 1; B = 'two'; C = $null }
            @($object.PSObject.Properties | ForEach-Object { $_.Name }) | Should -Be @('B', 'A', 'C')
            $object.B | Should -Be 'two'
            $object.A | Should -Be 1
            $object.C | Should -BeNullOrEmpty
            $object.PSObject.TypeNames[0] | Should -Be 'FixForge.Test'
        }
    }

    Describe 'Get-FfDataDirectory' {
        BeforeEach {
            $savedProgramData = $env:ProgramData
            $savedLocalAppData = $env:LOCALAPPDATA
        }
        AfterEach {
            $env:ProgramData = $savedProgramData
            $env:LOCALAPPDATA = $savedLocalAppData
        }

        It 'returns the folder it is given, untouched' {
            $given = [System.IO.Path]::Combine($TestDrive, 'given')
            Get-FfDataDirectory -DataDirectory $given | Should -Be $given
            [System.IO.Directory]::Exists($given) | Should -BeFalse
        }

        It 'uses FixForge\<FixId> under ProgramData, creates it and leaves no probe file behind' {
            $env:ProgramData = [System.IO.Path]::Combine($TestDrive, 'pd-' + [guid]::NewGuid().ToString('N'))
            $expected = [System.IO.Path]::Combine([System.IO.Path]::Combine($env:ProgramData, 'FixForge'), 'kbtest')
            Get-FfDataDirectory | Should -Be $expected
            [System.IO.Directory]::Exists($expected) | Should -BeTrue
            @([System.IO.Directory]::GetFileSystemEntries($expected)).Count | Should -Be 0
        }

        It 'falls back to LOCALAPPDATA when ProgramData cannot be written' {
            $blocker = [System.IO.Path]::Combine($TestDrive, 'blocker-' + [guid]::NewGuid().ToString('N'))
            [System.IO.File]::WriteAllText($blocker, 'a file where a folder would have to be')
            $env:ProgramData = $blocker
            $env:LOCALAPPDATA = [System.IO.Path]::Combine($TestDrive, 'local')
            Get-FfDataDirectory | Should -Be ([System.IO.Path]::Combine([System.IO.Path]::Combine($env:LOCALAPPDATA, 'FixForge'), 'kbtest'))
        }
    }

    Describe 'Write-FfLog' {
        It 'appends one line per event with a UTC timestamp and the message' {
            $paths = New-TestPaths
            Write-FfLog -DataDirectory $paths.DataDirectory -Message 'first event'
            Write-FfLog -DataDirectory $paths.DataDirectory -Message 'second event'
            $lines = Read-TestLog $paths
            $lines.Count | Should -Be 2
            $lines[0] | Should -Match '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z \[[^\]]*\] first event$'
            $lines[1] | Should -Match ' second event$'
            $bytes = [System.IO.File]::ReadAllBytes([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log'))
            [System.Text.Encoding]::ASCII.GetString($bytes, $bytes.Length - 2, 2) | Should -Be "`r`n"
        }

        It 'never throws and writes no error when the log cannot be written' {
            $blocker = [System.IO.Path]::Combine($TestDrive, 'log-blocker')
            [System.IO.File]::WriteAllText($blocker, 'a file where the data folder would be')
            $output = @(Write-FfLog -DataDirectory ([System.IO.Path]::Combine($blocker, 'sub')) -Message 'lost' -ErrorAction Stop 2>&1)
            $output.Count | Should -Be 0
            { Write-FfLog -DataDirectory $blocker -Message 'lost too' -ErrorAction Stop } | Should -Not -Throw
        }

        It 'says why on the verbose stream when the log cannot be written' {
            $blocker = [System.IO.Path]::Combine($TestDrive, 'log-blocker-verbose')
            [System.IO.File]::WriteAllText($blocker, 'x')
            $verbose = @(Write-FfLog -DataDirectory ([System.IO.Path]::Combine($blocker, 'sub')) -Message 'lost' -Verbose 4>&1)
            @($verbose | ForEach-Object { [string]$_ }) | Should -Contain 'lost'
            @($verbose | Where-Object { ([string]$_).StartsWith('Cannot write the log: ') }).Count | Should -Be 1
        }
    }

    Describe 'Get-FfLastRepairTime and Set-FfLastRepairTime' {
        It 'reads back the time it wrote, to the second, as local time' {
            $paths = New-TestPaths
            $time = Get-Date
            Set-FfLastRepairTime -DataDirectory $paths.DataDirectory -Time $time
            $back = Get-FfLastRepairTime -DataDirectory $paths.DataDirectory
            $back | Should -BeOfType [DateTime]
            $back.Kind | Should -Be ([System.DateTimeKind]::Local)
            $back | Should -Be $time.AddTicks(-($time.Ticks % [TimeSpan]::TicksPerSecond))
        }

        It 'stores UTC in an ASCII state file and reads a UTC time back as the same instant' {
            $paths = New-TestPaths
            $utc = New-Object -TypeName DateTime -ArgumentList 2024, 2, 29, 23, 30, 15, ([System.DateTimeKind]::Utc)
            Set-FfLastRepairTime -DataDirectory $paths.DataDirectory -Time $utc
            [System.IO.File]::ReadAllText([System.IO.Path]::Combine($paths.DataDirectory, 'state.txt')) | Should -Be "LastRepairUtc=2024-02-29T23:30:15Z`r`n"
            (Get-FfLastRepairTime -DataDirectory $paths.DataDirectory).ToUniversalTime() | Should -Be $utc
        }

        It 'returns nothing without a state file' {
            $paths = New-TestPaths
            Get-FfLastRepairTime -DataDirectory $paths.DataDirectory | Should -BeNullOrEmpty
        }

        It 'returns nothing for a state file it cannot read' {
            $paths = New-TestPaths
            [void][System.IO.Directory]::CreateDirectory($paths.DataDirectory)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($paths.DataDirectory, 'state.txt'), "Other=1`r`nLastRepairUtc=yesterday`r`n")
            Get-FfLastRepairTime -DataDirectory $paths.DataDirectory | Should -BeNullOrEmpty
        }
    }

    Describe 'Test-FfWow64Process' {
        BeforeEach { $saved = $env:PROCESSOR_ARCHITEW6432 }
        AfterEach { $env:PROCESSOR_ARCHITEW6432 = $saved }

        It 'is true in a 32-bit process on 64-bit Windows (PROCESSOR_ARCHITEW6432 set)' {
            $env:PROCESSOR_ARCHITEW6432 = 'AMD64'
            Test-FfWow64Process | Should -BeTrue
        }

        It 'is false otherwise' {
            $env:PROCESSOR_ARCHITEW6432 = $null
            Test-FfWow64Process | Should -BeFalse
        }
    }

    Describe 'Join-FfPath' {
        It 'joins the segments with the platform separator and never expands wildcards' {
            $sep = [System.IO.Path]::DirectorySeparatorChar
            Join-FfPath -Base 'base' -Segments @('a*', '[b]', 'c?.txt') | Should -Be ('base{0}a*{0}[b]{0}c?.txt' -f $sep)
            Join-FfPath -Base 'base' -Segments @() | Should -Be 'base'
            Join-FfPath -Base 'base' | Should -Be 'base'
        }
    }

    Describe 'Resolve-FfWindowsPath' {
        BeforeEach {
            $windows = [System.IO.Path]::Combine($TestDrive, 'Win-' + [guid]::NewGuid().ToString('N'))
            [void][System.IO.Directory]::CreateDirectory($windows)
        }

        It 'joins under the Windows directory in a native process' {
            Mock Test-FfWow64Process { $false }
            Resolve-FfWindowsPath -WindowsDirectory $windows -Segments @('System32', 'certutil.exe') | Should -Be (Join-FfPath -Base $windows -Segments @('System32', 'certutil.exe'))
        }

        It 'maps System32 to Sysnative in a 32-bit process on 64-bit Windows' {
            Mock Test-FfWow64Process { $true }
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($windows, 'Sysnative'))
            Resolve-FfWindowsPath -WindowsDirectory $windows -Segments @('System32', 'config', 'systemprofile') | Should -Be (Join-FfPath -Base $windows -Segments @('Sysnative', 'config', 'systemprofile'))
            Resolve-FfWindowsPath -WindowsDirectory $windows -Segments @('system32') | Should -Be ([System.IO.Path]::Combine($windows, 'Sysnative'))
        }

        It 'keeps System32 when there is no Sysnative (no redirection to undo)' {
            Mock Test-FfWow64Process { $true }
            Resolve-FfWindowsPath -WindowsDirectory $windows -Segments @('System32', 'x.exe') | Should -Be (Join-FfPath -Base $windows -Segments @('System32', 'x.exe'))
        }

        It 'leaves other folders alone, SysWOW64 included' {
            Mock Test-FfWow64Process { $true }
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($windows, 'Sysnative'))
            Resolve-FfWindowsPath -WindowsDirectory $windows -Segments @('SysWOW64', 'config') | Should -Be (Join-FfPath -Base $windows -Segments @('SysWOW64', 'config'))
            Resolve-FfWindowsPath -WindowsDirectory $windows -Segments @('ServiceProfiles', 'System32') | Should -Be (Join-FfPath -Base $windows -Segments @('ServiceProfiles', 'System32'))
            Resolve-FfWindowsPath -WindowsDirectory $windows -Segments @() | Should -Be $windows
        }
    }

    Describe 'Get-FfUserProfilePath' {
        It 'returns the profile folders it is given' {
            Get-FfUserProfilePath -ProfileDirectory @('/p/alice', '/p/bob') | Should -Be @('/p/alice', '/p/bob')
        }

        It 'returns nothing where there is no ProfileList (no registry)' -Skip:([bool](Get-PSDrive -Name 'HKLM' -ErrorAction SilentlyContinue)) {
            @(Get-FfUserProfilePath).Count | Should -Be 0
        }
    }

    Describe 'Resolve-FfLocation' {
        It 'resolves a windows root under the Windows directory' {
            $paths = New-TestPaths
            Mock Test-FfWow64Process { $false }
            Resolve-FfLocation -Location @{ Root = 'cache'; Segments = @('AppData', 'Cache') } -Paths $paths |
                Should -Be (Join-FfPath -Base $paths.WindowsDirectory -Segments @('ServiceProfiles', 'LocalService', 'AppData', 'Cache'))
            Resolve-FfLocation -Location @{ Root = 'plainWindows'; Segments = @('Temp') } -Paths $paths | Should -Be ([System.IO.Path]::Combine($paths.WindowsDirectory, 'Temp'))
        }

        It 'resolves a windows root under System32 through Sysnative in a 32-bit process' {
            $paths = New-TestPaths
            Mock Test-FfWow64Process { $true }
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($paths.WindowsDirectory, 'Sysnative'))
            Resolve-FfLocation -Location @{ Root = 'system32Root'; Segments = @('AppData') } -Paths $paths |
                Should -Be (Join-FfPath -Base $paths.WindowsDirectory -Segments @('Sysnative', 'config', 'systemprofile', 'AppData'))
        }

        It 'resolves everyUserProfile to one folder per profile on disk' {
            $paths = New-TestPaths
            $resolved = @(Resolve-FfLocation -Location @{ Root = 'users'; Segments = @('AppData', 'Cache') } -Paths $paths)
            $resolved | Should -Be @(
                (Join-FfPath -Base $paths.ProfileDirectory[0] -Segments @('AppData', 'Cache')),
                (Join-FfPath -Base $paths.ProfileDirectory[1] -Segments @('AppData', 'Cache'))
            )
        }

        It 'resolves currentUserProfile under the current profile, and to nothing without one' {
            $paths = New-TestPaths
            Resolve-FfLocation -Location @{ Root = 'me'; Segments = @('AppData') } -Paths $paths | Should -Be ([System.IO.Path]::Combine($paths.CurrentUserProfile, 'AppData'))
            $paths.CurrentUserProfile = $null
            @(Resolve-FfLocation -Location @{ Root = 'me'; Segments = @('AppData') } -Paths $paths).Count | Should -Be 0
        }

        It 'throws for a root the data table does not list' {
            $paths = New-TestPaths
            { Resolve-FfLocation -Location @{ Root = 'nowhere'; Segments = @() } -Paths $paths } | Should -Throw -ExpectedMessage "Unknown root 'nowhere'*"
        }

        It 'throws for a root kind the engine does not know, rather than resolving to nothing' {
            $paths = New-TestPaths
            { Resolve-FfLocation -Location @{ Root = 'strange'; Segments = @('x') } -Paths $paths } | Should -Throw -ExpectedMessage "*kind 'network'*does not know*"
        }
    }

    Describe 'Get-FfPaths and Select-FfPathParameter' {
        It 'passes the given folders on and finds the data directory' {
            $data = [System.IO.Path]::Combine($TestDrive, 'data')
            $paths = Get-FfPaths -WindowsDirectory 'W' -ProfileDirectory @('P1', 'P2') -CurrentUserProfile 'C' -DataDirectory $data
            $paths.WindowsDirectory | Should -Be 'W'
            $paths.ProfileDirectory | Should -Be @('P1', 'P2')
            $paths.CurrentUserProfile | Should -Be 'C'
            $paths.DataDirectory | Should -Be $data
        }

        It 'defaults to windir and USERPROFILE' {
            $savedWindir = $env:windir
            $savedProfile = $env:USERPROFILE
            try {
                $env:windir = 'WinFromEnv'
                $env:USERPROFILE = 'ProfileFromEnv'
                $paths = Get-FfPaths -DataDirectory ([System.IO.Path]::Combine($TestDrive, 'data'))
                $paths.WindowsDirectory | Should -Be 'WinFromEnv'
                $paths.CurrentUserProfile | Should -Be 'ProfileFromEnv'
            }
            finally {
                $env:windir = $savedWindir
                $env:USERPROFILE = $savedProfile
            }
        }

        It 'selects only the path parameters a function was given' {
            $selected = Select-FfPathParameter -BoundParameters @{ WindowsDirectory = 'W'; DataDirectory = 'D'; Context = @('System'); WhatIf = $true }
            @($selected.Keys | Sort-Object) | Should -Be @('DataDirectory', 'WindowsDirectory')
            $selected.WindowsDirectory | Should -Be 'W'
        }
    }

    Describe 'Get-FfDefaultContext' {
        It 'returns contexts the engine knows, CurrentUser when the identity cannot be read' {
            $contexts = @(Get-FfDefaultContext)
            $contexts.Count | Should -BeGreaterThan 0
            foreach ($context in $contexts) { $context | Should -BeIn @('System', 'EveryUser', 'CurrentUser') }
        }
    }

    Describe 'Result constructors' {
        It 'New-FfFinding: detected with the detected message when the count is positive' {
            $step = @{ Id = 'p1'; Kind = 'eventLog'; Indicates = 'problem'; DetectedKey = 'ProblemDetected'; CleanKey = 'ProblemClean' }
            $since = Get-Date
            $finding = New-FfFinding -Step $step -Count 2 -Details @('a', 'b') -Hints @('hint') -Since $since
            $finding.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.Finding'
            $finding.StepId | Should -Be 'p1'
            $finding.Kind | Should -Be 'eventLog'
            $finding.Indicates | Should -Be 'problem'
            $finding.Detected | Should -BeTrue
            $finding.Count | Should -Be 2
            $finding.Message | Should -Be 'The problem is there.'
            $finding.Details | Should -Be @('a', 'b')
            $finding.Hints | Should -Be @('hint')
            $finding.Since | Should -Be $since
            $finding.Error | Should -BeNullOrEmpty
        }

        It 'New-FfFinding: clean with the clean message when nothing was found' {
            $step = @{ Id = 'e1'; Kind = 'fileContent'; Indicates = 'evidence'; DetectedKey = 'EvidenceDetected'; CleanKey = 'EvidenceClean' }
            $finding = New-FfFinding -Step $step
            $finding.Detected | Should -BeFalse
            $finding.Count | Should -Be 0
            $finding.Message | Should -Be 'No evidence.'
            @($finding.Details).Count | Should -Be 0
        }

        It 'New-FfFinding: an error is the message and the Error, and is not "detected"' {
            $step = @{ Id = 'p1'; Kind = 'eventLog'; Indicates = 'problem'; DetectedKey = 'ProblemDetected'; CleanKey = 'ProblemClean' }
            $finding = New-FfFinding -Step $step -ErrorText 'The RPC server is unavailable.'
            $finding.Detected | Should -BeFalse
            $finding.Error | Should -Be 'The RPC server is unavailable.'
            $finding.Message | Should -Be 'The RPC server is unavailable.'
        }

        It 'New-FfChange and New-FfProblem carry what is needed to undo or follow up by hand' {
            $change = New-FfChange -Action 'Delete' -Target '/x/y' -Before 'file'
            $change.PSObject.TypeNames[0] | Should -Be 'FixForge.Change'
            @($change.PSObject.Properties | ForEach-Object { $_.Name }) | Should -Be @('Action', 'Target', 'Before', 'After')
            $change.Before | Should -Be 'file'
            $change.After | Should -BeNullOrEmpty
            $problem = New-FfProblem -Target '/x/z' -Reason 'in use'
            $problem.PSObject.TypeNames[0] | Should -Be 'FixForge.Problem'
            $problem.Target | Should -Be '/x/z'
            $problem.Reason | Should -Be 'in use'
        }

        It 'New-FfStepResult: the step''s description by default, its own message when given' {
            $step = @{ Id = 'r1'; Kind = 'fake'; Context = 'EveryUser'; DescriptionKey = 'StepDescription' }
            $result = New-FfStepResult -Step $step -Outcome 'Succeeded' -Changes @(New-FfChange -Action 'A' -Target 'T') -RebootRequired $true
            $result.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.StepResult'
            $result.StepId | Should -Be 'r1'
            $result.Kind | Should -Be 'fake'
            $result.Context | Should -Be 'EveryUser'
            $result.Outcome | Should -Be 'Succeeded'
            $result.Message | Should -Be 'Does the step.'
            @($result.Changes).Count | Should -Be 1
            @($result.Problems).Count | Should -Be 0
            $result.RebootRequired | Should -BeTrue
            (New-FfStepResult -Step $step -Outcome 'Failed' -Message 'Exit code 5').Message | Should -Be 'Exit code 5'
        }

        It 'New-FfStepResult: accepts every outcome it documents and no other' {
            $step = @{ Id = 'r1'; Kind = 'fake'; Context = 'System'; DescriptionKey = 'StepDescription' }
            foreach ($outcome in @('Succeeded', 'NotNeeded', 'Partial', 'Failed', 'Refused', 'WhatIf', 'Skipped')) {
                (New-FfStepResult -Step $step -Outcome $outcome).Outcome | Should -Be $outcome
            }
            { New-FfStepResult -Step $step -Outcome 'Done' } | Should -Throw
        }

        It 'Get-FfOutcome: <Expected> for <Changes> change(s), <Problems> problem(s), WhatIf <WhatIf>' -ForEach @(
            @{ Changes = 0; Problems = 0; WhatIf = $false; Expected = 'NotNeeded' }
            @{ Changes = 3; Problems = 0; WhatIf = $false; Expected = 'Succeeded' }
            @{ Changes = 3; Problems = 1; WhatIf = $false; Expected = 'Partial' }
            @{ Changes = 0; Problems = 1; WhatIf = $false; Expected = 'Failed' }
            @{ Changes = 0; Problems = 0; WhatIf = $true; Expected = 'WhatIf' }
            @{ Changes = 2; Problems = 1; WhatIf = $true; Expected = 'WhatIf' }
        ) {
            Get-FfOutcome -ChangeCount $Changes -ProblemCount $Problems -WhatIf $WhatIf | Should -Be $Expected
        }

        It 'New-FfCheck: passed or not, the description, what remains and the detection it ran' {
            $step = @{ Id = 'v1'; Kind = 'foldersEmpty'; DescriptionKey = 'CheckDescription' }
            $check = New-FfCheck -Step $step -Passed $false -Remaining @('/a', '/b')
            $check.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.Check'
            $check.StepId | Should -Be 'v1'
            $check.Passed | Should -BeFalse
            $check.Description | Should -Be 'Checks the step.'
            $check.Remaining | Should -Be @('/a', '/b')
            $check.Test | Should -BeNullOrEmpty
            (New-FfCheck -Step $step -Passed $true -Test 'ran').Test | Should -Be 'ran'
        }

        It 'Get-FfRepairSummary: the status and the counts, and the restart when one is required' {
            $repair = New-FfObject -TypeName 'x' -Name @('Status', 'Changes', 'Problems', 'RebootRequired') -Value @{
                Status = 'Partial'; Changes = @(1, 2); Problems = @(3); RebootRequired = $true
            }
            Get-FfRepairSummary -Repair $repair | Should -Be 'Partial, 2 change(s), 1 problem(s), restart required'
            $repair.RebootRequired = $false
            $repair.Changes = @()
            Get-FfRepairSummary -Repair $repair | Should -Be 'Partial, 0 change(s), 1 problem(s)'
        }
    }

    Describe 'Invoke-FfHandler' {
        It 'runs the function the step names, with the parameters, and returns its output' {
            $step = New-RepairStep -Id 'one'
            $result = Invoke-FfHandler -Step $step -Parameters @{ Step = $step; Paths = @{} }
            $result.StepId | Should -Be 'one'
            $result.Outcome | Should -Be 'Succeeded'
            $script:HandlerCalls | Should -Be @('one')
        }

        It 'throws for a step whose handler this script does not carry: a missing kind is never a success' {
            $step = @{ Id = 'later'; Kind = 'registryValue'; Handler = 'Invoke-FfRegistryValueRepair' }
            { Invoke-FfHandler -Step $step -Parameters @{ Step = $step } } | Should -Throw -ExpectedMessage "Step 'later' of kind 'registryValue' needs handler 'Invoke-FfRegistryValueRepair'*"
        }

        It 'throws for a step that names no handler' {
            $step = @{ Id = 'bare'; Kind = 'fake'; Handler = '' }
            { Invoke-FfHandler -Step $step -Parameters @{ Step = $step } } | Should -Throw -ExpectedMessage "Step 'bare'*"
        }

        It 'runs only functions: a cmdlet of the handler''s name is not a handler' {
            $step = @{ Id = 'cmdlet'; Kind = 'fake'; Handler = 'Get-Date' }
            { Invoke-FfHandler -Step $step -Parameters @{} } | Should -Throw -ExpectedMessage "*needs handler 'Get-Date'*"
        }
    }

    Describe 'Invoke-FfDetection' {
        It 'runs every detection step; only a problem step that found something decides' {
            $paths = New-TestPaths
            $script:DetectionSteps = @(
                @{ Id = 'evidence'; Kind = 'fake'; Handler = 'Invoke-FakeDetection'; Indicates = 'evidence'; DetectedKey = 'EvidenceDetected'; CleanKey = 'EvidenceClean'; Count = 4; FakeHints = @() }
                @{ Id = 'problem'; Kind = 'fake'; Handler = 'Invoke-FakeDetection'; Indicates = 'problem'; DetectedKey = 'ProblemDetected'; CleanKey = 'ProblemClean'; Count = 0; FakeHints = @() }
            )
            $test = Invoke-FfDetection -Paths $paths
            $test.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.TestResult'
            $test.FixId | Should -Be 'kbtest'
            @($test.Findings | ForEach-Object { $_.StepId }) | Should -Be @('evidence', 'problem')
            $test.Detected | Should -BeFalse
            $script:DetectionSteps[1].Count = 1
            (Invoke-FfDetection -Paths $paths).Detected | Should -BeTrue
        }

        It 'gives each handler the last repair time and collects the hints once each' {
            $paths = New-TestPaths
            $repaired = (Get-Date).AddHours(-2)
            Set-FfLastRepairTime -DataDirectory $paths.DataDirectory -Time $repaired
            $script:DetectionSteps = @(
                @{ Id = 'a'; Kind = 'fake'; Handler = 'Invoke-FakeDetection'; Indicates = 'problem'; DetectedKey = 'ProblemDetected'; CleanKey = 'ProblemClean'; Count = 1; FakeHints = @('Check the proxy.', 'Renew it.') }
                @{ Id = 'b'; Kind = 'fake'; Handler = 'Invoke-FakeDetection'; Indicates = 'problem'; DetectedKey = 'ProblemDetected'; CleanKey = 'ProblemClean'; Count = 1; FakeHints = @('Check the proxy.') }
            )
            $test = Invoke-FfDetection -Paths $paths
            $test.Hints | Should -Be @('Check the proxy.', 'Renew it.')
            $test.LastRepair | Should -Be (Get-FfLastRepairTime -DataDirectory $paths.DataDirectory)
            $script:DetectionCalls.Count | Should -Be 2
            foreach ($call in $script:DetectionCalls) { $call.LastRepair | Should -Be $test.LastRepair }
        }

        It 'throws when a detection step''s handler is missing, never reports clean' {
            $paths = New-TestPaths
            $script:DetectionSteps = @(@{ Id = 'gone'; Kind = 'wmiQuery'; Handler = 'Invoke-FfWmiQueryDetection'; Indicates = 'problem' })
            { Invoke-FfDetection -Paths $paths } | Should -Throw -ExpectedMessage "*'gone'*'wmiQuery'*"
        }
    }

    Describe 'Invoke-FfVerification' {
        It 'is fixed when every check passes, and carries the detection a check ran' {
            $paths = New-TestPaths
            $script:VerifySteps = @(
                @{ Id = 'v1'; Kind = 'fake'; Handler = 'Invoke-FakeVerification'; DescriptionKey = 'CheckDescription'; Pass = $true; CarryTest = $false }
                @{ Id = 'v2'; Kind = 'fake'; Handler = 'Invoke-FakeVerification'; DescriptionKey = 'CheckDescription'; Pass = $true; CarryTest = $true }
            )
            $status = Invoke-FfVerification -Paths $paths -Context @('System', 'EveryUser')
            $status.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.Status'
            $status.IsFixed | Should -BeTrue
            @($status.Checks).Count | Should -Be 2
            $status.Test.PSObject.TypeNames[0] | Should -Be 'Fake.Test'
            foreach ($call in $script:VerifyCalls) { $call.Context | Should -Be @('System', 'EveryUser') }
        }

        It 'is not fixed when one check fails' {
            $paths = New-TestPaths
            $script:VerifySteps = @(
                @{ Id = 'v1'; Kind = 'fake'; Handler = 'Invoke-FakeVerification'; DescriptionKey = 'CheckDescription'; Pass = $true; CarryTest = $false }
                @{ Id = 'v2'; Kind = 'fake'; Handler = 'Invoke-FakeVerification'; DescriptionKey = 'CheckDescription'; Pass = $false; CarryTest = $false }
            )
            $status = Invoke-FfVerification -Paths $paths -Context @('System')
            $status.IsFixed | Should -BeFalse
            $status.Test | Should -BeNullOrEmpty
        }
    }

    Describe 'Invoke-FfRepair' {
        BeforeEach {
            $paths = New-TestPaths
            $script:VerifySteps = @(@{ Id = 'verify'; Kind = 'fake'; Handler = 'Invoke-FakeVerification'; DescriptionKey = 'CheckDescription'; Pass = $true; CarryTest = $false })
        }

        It 'is Repaired when every step succeeds or has nothing to do; verifies and records the repair time' {
            $script:RepairSteps = @((New-RepairStep -Id 'a' -Changes 2), (New-RepairStep -Id 'b' -Outcome 'NotNeeded' -Changes 0))
            $repair = Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false
            $repair.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.RepairResult'
            $repair.Status | Should -Be 'Repaired'
            @($repair.Steps | ForEach-Object { $_.StepId }) | Should -Be @('a', 'b')
            @($repair.Changes | ForEach-Object { $_.Target }) | Should -Be @('a/change1', 'a/change2')
            @($repair.Problems).Count | Should -Be 0
            $repair.RebootRequired | Should -BeFalse
            $repair.Verification | Should -Not -BeNullOrEmpty
            $repair.Verification.IsFixed | Should -BeTrue
            $script:VerifyCalls.Count | Should -Be 1
            Get-FfLastRepairTime -DataDirectory $paths.DataDirectory | Should -Not -BeNullOrEmpty
            $repair.LogPath | Should -Be ([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log'))
            $log = Read-TestLog $paths
            $log[0] | Should -Match 'kbtest 9\.9\.9: repair started, context System$'
            $log[-1] | Should -Match 'kbtest: Repaired, 2 change\(s\), 0 problem\(s\)$'
        }

        It 'is Partial when a step is Partial; still verifies and records the repair time' {
            $script:RepairSteps = @((New-RepairStep -Id 'a'), (New-RepairStep -Id 'b' -Outcome 'Partial' -Changes 1 -Problems 1))
            $repair = Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false
            $repair.Status | Should -Be 'Partial'
            @($repair.Changes).Count | Should -Be 2
            @($repair.Problems | ForEach-Object { $_.Target }) | Should -Be @('b/item1')
            $repair.Verification | Should -Not -BeNullOrEmpty
            Get-FfLastRepairTime -DataDirectory $paths.DataDirectory | Should -Not -BeNullOrEmpty
            @(Read-TestLog $paths | Where-Object { $_ -match ' b: b/item1: in use$' }).Count | Should -Be 1
        }

        It 'is Failed when a step <Outcome>, whatever the other steps did; no verification, no repair time' -ForEach @(
            @{ Outcome = 'Failed' }
            @{ Outcome = 'Refused' }
        ) {
            $script:RepairSteps = @((New-RepairStep -Id 'a' -Outcome 'Partial' -Problems 1), (New-RepairStep -Id 'b' -Outcome $Outcome -Changes 0 -Problems 1), (New-RepairStep -Id 'c'))
            $repair = Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false
            $repair.Status | Should -Be 'Failed'
            $script:HandlerCalls | Should -Be @('a', 'b', 'c')
            $repair.Verification | Should -BeNullOrEmpty
            $script:VerifyCalls.Count | Should -Be 0
            Get-FfLastRepairTime -DataDirectory $paths.DataDirectory | Should -BeNullOrEmpty
            (Read-TestLog $paths)[-1] | Should -Match 'kbtest: Failed, '
        }

        It 'turns a throwing handler into a Failed step with a problem, and goes on with the others' {
            $script:RepairSteps = @((New-RepairStep -Id 'boom' -Handler 'Invoke-ThrowingRepair'), (New-RepairStep -Id 'after'))
            $repair = Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false
            $repair.Status | Should -Be 'Failed'
            $boom = @($repair.Steps)[0]
            $boom.StepId | Should -Be 'boom'
            $boom.Outcome | Should -Be 'Failed'
            $boom.Message | Should -Be 'The handler broke down.'
            @($boom.Problems).Count | Should -Be 1
            @($boom.Problems)[0].Target | Should -Be 'boom'
            @($boom.Problems)[0].Reason | Should -Be 'The handler broke down.'
            @($repair.Steps)[1].Outcome | Should -Be 'Succeeded'
            @($repair.Problems).Count | Should -Be 1
            (Read-TestLog $paths) -match 'boom: boom: The handler broke down\.$' | Should -Not -BeNullOrEmpty
        }

        It 'fails a step whose kind the script does not carry, never counts it as done' {
            $script:RepairSteps = @(New-RepairStep -Id 'unknown' -Handler 'Invoke-FfNotCarriedRepair')
            $repair = Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false
            $repair.Status | Should -Be 'Failed'
            @($repair.Steps)[0].Outcome | Should -Be 'Failed'
            @($repair.Problems)[0].Reason | Should -Match "needs handler 'Invoke-FfNotCarriedRepair'"
        }

        It 'gathers every step''s changes and problems, and a restart any step requires' {
            $script:RepairSteps = @(
                (New-RepairStep -Id 'a' -Changes 1),
                (New-RepairStep -Id 'b' -Outcome 'Partial' -Changes 2 -Problems 2 -Reboot $true),
                (New-RepairStep -Id 'c' -Changes 1)
            )
            $repair = Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false
            @($repair.Changes | ForEach-Object { $_.Target }) | Should -Be @('a/change1', 'b/change1', 'b/change2', 'c/change1')
            @($repair.Problems | ForEach-Object { $_.Target }) | Should -Be @('b/item1', 'b/item2')
            $repair.RebootRequired | Should -BeTrue
            (Read-TestLog $paths)[-1] | Should -Match 'Partial, 4 change\(s\), 2 problem\(s\), restart required$'
        }

        It 'runs only the steps of the requested contexts' {
            $script:RepairSteps = @((New-RepairStep -Id 'sys' -Context 'System'), (New-RepairStep -Id 'users' -Context 'EveryUser'), (New-RepairStep -Id 'me' -Context 'CurrentUser'))
            $repair = Invoke-FfRepair -Paths $paths -Context @('CurrentUser', 'System') -Confirm:$false
            $script:HandlerCalls | Should -Be @('sys', 'me')
            @($repair.Steps | ForEach-Object { $_.StepId }) | Should -Be @('sys', 'users', 'me')
            @($repair.Steps | ForEach-Object { $_.Outcome }) | Should -Be @('Succeeded', 'Skipped', 'Succeeded')
            $repair.Status | Should -Be 'Repaired'
            $repair.Context | Should -Be @('CurrentUser', 'System')
        }

        It 'is WhatIf under -WhatIf: handlers are asked, nothing is verified or recorded' {
            $script:RepairSteps = @((New-RepairStep -Id 'a'), (New-RepairStep -Id 'b'))
            $repair = Invoke-FfRepair -Paths $paths -Context @('System') -WhatIf
            $repair.Status | Should -Be 'WhatIf'
            @($repair.Steps | ForEach-Object { $_.Outcome }) | Should -Be @('WhatIf', 'WhatIf')
            $repair.Verification | Should -BeNullOrEmpty
            $script:VerifyCalls.Count | Should -Be 0
            Get-FfLastRepairTime -DataDirectory $paths.DataDirectory | Should -BeNullOrEmpty
            @(Read-TestLog $paths | Where-Object { $_ -match 'change\(s\)' }).Count | Should -Be 0
        }

        It 'is WhatIf with some steps WhatIf and the others NotNeeded or Skipped' {
            $script:RepairSteps = @((New-RepairStep -Id 'a' -Outcome 'NotNeeded' -Changes 0), (New-RepairStep -Id 'b' -Outcome 'WhatIf'), (New-RepairStep -Id 'c' -Outcome 'Skipped' -Changes 0))
            (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'WhatIf'
        }

        It 'ranks the outcomes the same whatever the order of the steps: <First> then <Second> is <Expected>' -ForEach @(
            @{ First = 'Partial'; Second = 'WhatIf'; Expected = 'Partial' }
            @{ First = 'WhatIf'; Second = 'Partial'; Expected = 'Partial' }
            @{ First = 'Failed'; Second = 'Partial'; Expected = 'Failed' }
            @{ First = 'Partial'; Second = 'Failed'; Expected = 'Failed' }
            @{ First = 'WhatIf'; Second = 'Refused'; Expected = 'Failed' }
            @{ First = 'Skipped'; Second = 'Succeeded'; Expected = 'Repaired' }
        ) {
            $script:RepairSteps = @((New-RepairStep -Id 'first' -Outcome $First), (New-RepairStep -Id 'second' -Outcome $Second))
            (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be $Expected
        }

        It 'verifies after a repair with the contexts it ran' {
            $script:RepairSteps = @(New-RepairStep -Id 'a' -Context 'EveryUser')
            $script:VerifySteps = @(
                @{ Id = 'v1'; Kind = 'fake'; Handler = 'Invoke-FakeVerification'; DescriptionKey = 'CheckDescription'; Pass = $false; CarryTest = $true }
            )
            $repair = Invoke-FfRepair -Paths $paths -Context @('EveryUser') -Confirm:$false
            $repair.Status | Should -Be 'Repaired'
            $repair.Verification.IsFixed | Should -BeFalse
            @($repair.Verification.Checks)[0].StepId | Should -Be 'v1'
            $script:VerifyCalls[0].Context | Should -Be @('EveryUser')
        }
    }
}
