# Pester 5 unit tests for the engine core (Core.ps1), independent of any build: the data tables a
# build would put before it are set up here, small and made up. Needs PowerShell 5.1 or later
# (pwsh 7 on Linux too: nothing here needs the registry, services or the event log).
# Invoke-Pester -Path generator/engine/Core.Tests.ps1 -Output Detailed

Describe 'Core.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Core.ps1')
        . (Join-Path $PSScriptRoot 'Engine.Fakes.ps1')
        . (Join-Path $PSScriptRoot '../emit/pester/HostileTree.ps1')

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
            Remove-Variable -Name FfDataDirectoryCache -Scope Script -ErrorAction SilentlyContinue
            $env:ProgramData = [System.IO.Path]::Combine($TestDrive, 'pd-' + [guid]::NewGuid().ToString('N'))
            [void][System.IO.Directory]::CreateDirectory($env:ProgramData)
            $env:LOCALAPPDATA = [System.IO.Path]::Combine($TestDrive, 'local-' + [guid]::NewGuid().ToString('N'))
            $machine = [System.IO.Path]::Combine([System.IO.Path]::Combine($env:ProgramData, 'FixForge'), 'kbtest')
            # Linux cannot express owners or ACLs: the calls that would are stood in for; who owns
            # what is in $script:Owners (path -> SID), and whatever the engine creates is SYSTEM's.
            $script:Owners = @{}
            $script:Protected = @()
            $script:EventLog = @()
            Mock Get-FfProcessRole { 'System' }
            Mock New-FfProtectedDirectory { [void][System.IO.Directory]::CreateDirectory($Path); if (-not $script:Owners.ContainsKey($Path)) { $script:Owners[$Path] = 'S-1-5-18' } }
            Mock Get-FfItemOwnerSid { if ($script:Owners.ContainsKey($Path)) { $script:Owners[$Path] } else { 'S-1-5-21-1-2-3-1001' } }
            Mock Set-FfProtectedAcl { $script:Protected += $Path }
            Mock Write-FfEventLog { $script:EventLog += $Message }
        }
        AfterEach {
            $env:ProgramData = $savedProgramData
            $env:LOCALAPPDATA = $savedLocalAppData
            Remove-Variable -Name FfDataDirectoryCache -Scope Script -ErrorAction SilentlyContinue
        }

        It 'returns the folder it is given, untouched' {
            $given = [System.IO.Path]::Combine($TestDrive, 'given')
            Get-FfDataDirectory -DataDirectory $given | Should -Be $given
            [System.IO.Directory]::Exists($given) | Should -BeFalse
            Should -Invoke New-FfProtectedDirectory -Times 0 -Exactly
        }

        It 'as <Role>: creates FixForge\<FixId> under ProgramData protected, both levels, and uses it' -ForEach @(@{ Role = 'System' }, @{ Role = 'Administrator' }) {
            Mock Get-FfProcessRole { $Role }
            Get-FfDataDirectory | Should -Be $machine
            [System.IO.Directory]::Exists($machine) | Should -BeTrue
            Should -Invoke New-FfProtectedDirectory -Times 2 -Exactly
            $script:Protected | Should -Be @([System.IO.Path]::GetDirectoryName($machine), $machine)
            @([System.IO.Directory]::GetFileSystemEntries($machine)).Count | Should -Be 0
            $script:EventLog.Count | Should -Be 0
        }

        It 'uses a folder that exists already when SYSTEM or Administrators own it, and protects it again' {
            [void][System.IO.Directory]::CreateDirectory($machine)
            $script:Owners[[System.IO.Path]::GetDirectoryName($machine)] = 'S-1-5-32-544'
            $script:Owners[$machine] = 'S-1-5-18'
            Get-FfDataDirectory | Should -Be $machine
            $script:Protected | Should -Contain $machine
        }

        It 'trusts folders, state and log an elevated administrator made by hand: owned by the admin''s own SID (issue 18.7)' {
            # Client Windows: what an elevated member of Administrators creates is owned by their SID.
            Remove-Variable -Name FfAdministratorSidCache -Scope Script -ErrorAction SilentlyContinue
            Mock Test-FfAdministratorsMember { $Sid -eq 'S-1-5-21-1-2-3-500' }
            [void][System.IO.Directory]::CreateDirectory($machine)
            $parent = [System.IO.Path]::GetDirectoryName($machine)
            $script:Owners[$parent] = 'S-1-5-21-1-2-3-500'
            $script:Owners[$machine] = 'S-1-5-21-1-2-3-500'
            $state = [System.IO.Path]::Combine($machine, 'state.txt')
            $log = [System.IO.Path]::Combine($machine, 'kbtest.log')
            [System.IO.File]::WriteAllText($state, "LastRepairUtc=2020-01-01T00:00:00Z`r`n")
            [System.IO.File]::WriteAllText($log, "earlier`r`n")
            $script:Owners[$state] = 'S-1-5-21-1-2-3-500'
            $script:Owners[$log] = 'S-1-5-21-1-2-3-500'
            Get-FfDataDirectory | Should -Be $machine
            $script:EventLog.Count | Should -Be 0
            [System.IO.File]::Exists($state) | Should -BeTrue
            [System.IO.File]::ReadAllText($log) | Should -Match 'earlier'
            @([System.IO.Directory]::GetDirectories($env:ProgramData) | Where-Object { [System.IO.Path]::GetFileName($_) -like 'FixForge-*' }).Count | Should -Be 0
            $script:Protected | Should -Contain $machine
        }

        It 'still refuses a folder owned by a user who is not an administrator, asking once per SID' {
            Remove-Variable -Name FfAdministratorSidCache -Scope Script -ErrorAction SilentlyContinue
            Mock Test-FfAdministratorsMember { $false }
            [void][System.IO.Directory]::CreateDirectory($machine)
            $script:Owners[[System.IO.Path]::GetDirectoryName($machine)] = 'S-1-5-21-1-2-3-1001'
            Get-FfDataDirectory | Should -Not -Be $machine
            Test-FfTrustedOwnerSid -Sid 'S-1-5-21-1-2-3-1001' | Should -BeFalse
            Should -Invoke Test-FfAdministratorsMember -Times 1 -Exactly
            Test-FfTrustedOwnerSid -Sid 'S-1-5-19' | Should -BeFalse
        }

        It 'refuses a pre-created <Which> owned by a user: a fresh protected folder, said in the event log and its log' -ForEach @(@{ Which = 'fix folder' }, @{ Which = 'FixForge folder' }) {
            # What a user can do: %ProgramData% lets anyone create folders.
            [void][System.IO.Directory]::CreateDirectory($machine)
            $parent = [System.IO.Path]::GetDirectoryName($machine)
            $script:Owners[$parent] = 'S-1-5-18'
            $script:Owners[$machine] = 'S-1-5-18'
            if ($Which -eq 'fix folder') { $script:Owners[$machine] = 'S-1-5-21-1-2-3-1001' } else { $script:Owners[$parent] = 'S-1-5-21-1-2-3-1001' }
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($machine, 'state.txt'), "LastRepairUtc=2099-01-01T00:00:00Z`r`n")
            $used = Get-FfDataDirectory
            $used | Should -Not -Be $machine
            [System.IO.Path]::GetDirectoryName($used) | Should -Be $env:ProgramData
            [System.IO.Path]::GetFileName($used) | Should -Match '^FixForge-kbtest-[0-9a-f]{32}$'
            $script:EventLog.Count | Should -Be 1
            $script:EventLog[0] | Should -Match 'owned by S-1-5-21-1-2-3-1001, not by SYSTEM or Administrators'
            $script:EventLog[0] | Should -Match ([regex]::Escape($used))
            $log = @([System.IO.File]::ReadAllLines([System.IO.Path]::Combine($used, 'kbtest.log')))
            $log[0] | Should -Match 'the data folder is not trusted and is not used'
            Get-FfLastRepairTime -DataDirectory $used | Should -BeNullOrEmpty
            [System.IO.File]::ReadAllText([System.IO.Path]::Combine($machine, 'state.txt')) | Should -Match '2099'
        }

        It 'refuses a <Which> that is a link, whoever owns it, and writes nothing through it' -ForEach @(@{ Which = 'fix folder' }, @{ Which = 'FixForge folder' }) {
            $elsewhere = [System.IO.Path]::Combine($TestDrive, 'elsewhere-' + [guid]::NewGuid().ToString('N'))
            [void][System.IO.Directory]::CreateDirectory($elsewhere)
            $parent = [System.IO.Path]::GetDirectoryName($machine)
            if ($Which -eq 'fix folder') {
                [void][System.IO.Directory]::CreateDirectory($parent)
                $script:Owners[$parent] = 'S-1-5-18'
                New-HostileLink -Path $machine -Target $elsewhere
                $script:Owners[$machine] = 'S-1-5-18'
            }
            else {
                New-HostileLink -Path $parent -Target $elsewhere
                $script:Owners[$parent] = 'S-1-5-18'
            }
            $used = Get-FfDataDirectory
            $used | Should -Not -Be $machine
            $script:EventLog[0] | Should -Match 'is a link'
            @([System.IO.Directory]::GetFileSystemEntries($elsewhere)).Count | Should -Be 0
            Write-FfLog -DataDirectory $used -Message 'after'
            Set-FfLastRepairTime -DataDirectory $used -Time (Get-Date)
            @([System.IO.Directory]::GetFileSystemEntries($elsewhere)).Count | Should -Be 0
        }

        It 'deletes a state file or log someone else owns, or that is a link, from a trusted folder' {
            [void][System.IO.Directory]::CreateDirectory($machine)
            $script:Owners[[System.IO.Path]::GetDirectoryName($machine)] = 'S-1-5-18'
            $script:Owners[$machine] = 'S-1-5-18'
            $state = [System.IO.Path]::Combine($machine, 'state.txt')
            [System.IO.File]::WriteAllText($state, "LastRepairUtc=2020-01-01T00:00:00Z`r`n")
            $precious = New-HostileSentinel -Folder ([System.IO.Path]::Combine($TestDrive, 'precious-' + [guid]::NewGuid().ToString('N')))
            $logLink = [System.IO.Path]::Combine($machine, 'kbtest.log')
            New-HostileLink -Path $logLink -Target $precious -File
            Get-FfDataDirectory | Should -Be $machine
            [System.IO.File]::Exists($state) | Should -BeFalse
            Test-HostileLinkGone -Path $logLink | Should -BeFalse
            [System.IO.File]::ReadAllText($precious) | Should -Be ('sentinel ' + $precious)
            ((Get-Item -LiteralPath $logLink -Force).Attributes -band [System.IO.FileAttributes]::ReparsePoint) | Should -Be 0
        }

        It 'decides once per run: a second call neither checks nor creates again' {
            $first = Get-FfDataDirectory
            Get-FfDataDirectory | Should -Be $first
            Should -Invoke Get-FfItemOwnerSid -Times 2 -Exactly
        }

        It 'as a user: the user''s own folder under LOCALAPPDATA, never ProgramData''s' {
            Mock Get-FfProcessRole { 'User' }
            [void][System.IO.Directory]::CreateDirectory($machine)
            $expected = [System.IO.Path]::Combine([System.IO.Path]::Combine($env:LOCALAPPDATA, 'FixForge'), 'kbtest')
            Get-FfDataDirectory | Should -Be $expected
            [System.IO.Directory]::Exists($expected) | Should -BeTrue
            Should -Invoke New-FfProtectedDirectory -Times 0 -Exactly
            Should -Invoke Get-FfItemOwnerSid -Times 0 -Exactly
        }

        It 'keeps user and SYSTEM state apart: a user''s repair time never reads as SYSTEM''s' {
            Mock Get-FfProcessRole { 'User' }
            $userFolder = Get-FfDataDirectory
            Set-FfLastRepairTime -DataDirectory $userFolder -Time (Get-Date)
            Mock Get-FfProcessRole { 'System' }
            Remove-Variable -Name FfDataDirectoryCache -Scope Script -ErrorAction SilentlyContinue
            $systemFolder = Get-FfDataDirectory
            $systemFolder | Should -Not -Be $userFolder
            Get-FfLastRepairTime -DataDirectory $systemFolder | Should -BeNullOrEmpty
            Get-FfLastRepairTime -DataDirectory $userFolder | Should -Not -BeNullOrEmpty
        }
    }

    Describe 'Get-FfProcessRole and Get-FfDefaultContext' {
        It 'is one of the roles it documents (User where no Windows token can be read)' {
            Get-FfProcessRole | Should -BeIn @('System', 'Administrator', 'User')
            if (-not ([System.IO.Path]::DirectorySeparatorChar -eq '\')) { Get-FfProcessRole | Should -Be 'User' }
        }

        It 'runs <Expected> as <Role> of a fix with contexts <Available>' -ForEach @(
            @{ Role = 'System'; Available = @('System', 'EveryUser', 'CurrentUser'); Expected = @('System', 'EveryUser') }
            @{ Role = 'Administrator'; Available = @('System', 'EveryUser', 'CurrentUser'); Expected = @('System', 'EveryUser', 'CurrentUser') }
            @{ Role = 'User'; Available = @('System', 'EveryUser', 'CurrentUser'); Expected = @('CurrentUser') }
            @{ Role = 'System'; Available = @('System'); Expected = @('System') }
            @{ Role = 'Administrator'; Available = @('CurrentUser', 'System'); Expected = @('System', 'CurrentUser') }
            @{ Role = 'System'; Available = @('EveryUser'); Expected = @('EveryUser') }
        ) {
            Mock Get-FfProcessRole { $Role }
            $script:Contexts = $Available
            try { @(Get-FfDefaultContext) | Should -Be $Expected }
            finally { Remove-Variable -Name Contexts -Scope Script }
            @(Get-FfDefaultContext -Available $Available) | Should -Be $Expected
        }

        It 'runs nothing as <Role> of a fix with only <Available>, and says why' -ForEach @(
            @{ Role = 'User'; Available = @('System', 'EveryUser'); Reason = '*needs SYSTEM or an elevated administrator*standard user*' }
            @{ Role = 'System'; Available = @('CurrentUser'); Reason = '*runs as SYSTEM*run it as the user*' }
        ) {
            Mock Get-FfProcessRole { $Role }
            @(Get-FfDefaultContext -Available $Available).Count | Should -Be 0
            Get-FfRoleContextReason -Context $Available[0] | Should -BeLike $Reason
        }

        It 'throws for a role it does not know' {
            Mock Get-FfProcessRole { 'Guest' }
            { Get-FfDefaultContext } | Should -Throw -ExpectedMessage "*'Guest'*"
        }
    }

    Describe 'Set-FfProtectedAcl, New-FfProtectedSecurity and Get-FfItemOwnerSid on Windows' {
        It 'grant SYSTEM and Administrators only, inheritance off, owned by Administrators' -Skip:(-not ([System.IO.Path]::DirectorySeparatorChar -eq '\')) {
            $security = New-FfProtectedSecurity
            $security.AreAccessRulesProtected | Should -BeTrue
            $sids = @($security.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]) | ForEach-Object { $_.IdentityReference.Value })
            $sids | Sort-Object | Should -Be @('S-1-5-18', 'S-1-5-32-544')
            $security.GetOwner([System.Security.Principal.SecurityIdentifier]).Value | Should -Be 'S-1-5-32-544'
        }

        It 'Write-FfEventLog never throws, even where there is no event log' {
            { Write-FfEventLog -Message 'kbtest: a test entry' -ErrorAction Stop } | Should -Not -Throw
        }

        It 'are not reached on Linux: ownership is Windows''s (the suites stand in for them)' -Skip:([System.IO.Path]::DirectorySeparatorChar -eq '\') {
            { Get-FfItemOwnerSid -Path $TestDrive } | Should -Throw
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

        It 'never writes through a log file that is a link' {
            $paths = New-TestPaths
            [void][System.IO.Directory]::CreateDirectory($paths.DataDirectory)
            $precious = New-HostileSentinel -Folder ([System.IO.Path]::Combine($TestDrive, 'precious-' + [guid]::NewGuid().ToString('N')))
            New-HostileLink -Path ([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log')) -Target $precious -File
            $verbose = @(Write-FfLog -DataDirectory $paths.DataDirectory -Message 'through the link?' -Verbose 4>&1)
            [System.IO.File]::ReadAllText($precious) | Should -Be ('sentinel ' + $precious)
            @($verbose | Where-Object { ([string]$_) -match 'is a link: nothing is written through it' }).Count | Should -Be 1
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($TestDrive, 'x'), '')
            New-HostileLink -Path ([System.IO.Path]::Combine($paths.DataDirectory, 'state.txt')) -Target $precious -File
            { Set-FfLastRepairTime -DataDirectory $paths.DataDirectory -Time (Get-Date) } | Should -Throw -ExpectedMessage '*is a link*'
            [System.IO.File]::ReadAllText($precious) | Should -Be ('sentinel ' + $precious)
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

        It 'does not believe a repair time in the future (a planted state file would hide the problem for ever)' {
            $paths = New-TestPaths
            [void][System.IO.Directory]::CreateDirectory($paths.DataDirectory)
            $future = [DateTime]::UtcNow.AddDays(1).ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($paths.DataDirectory, 'state.txt'), "LastRepairUtc=$future`r`n")
            Get-FfLastRepairTime -DataDirectory $paths.DataDirectory | Should -BeNullOrEmpty
            $recent = [DateTime]::UtcNow.AddMinutes(-1).ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($paths.DataDirectory, 'state.txt'), "LastRepairUtc=$recent`r`n")
            Get-FfLastRepairTime -DataDirectory $paths.DataDirectory | Should -Not -BeNullOrEmpty
        }

        It 'does not read a state file that is a link, and takes an empty data folder as no state' {
            $paths = New-TestPaths
            [void][System.IO.Directory]::CreateDirectory($paths.DataDirectory)
            $elsewhere = [System.IO.Path]::Combine($TestDrive, 'planted-' + [guid]::NewGuid().ToString('N') + '.txt')
            [System.IO.File]::WriteAllText($elsewhere, "LastRepairUtc=2020-01-01T00:00:00Z`r`n")
            New-HostileLink -Path ([System.IO.Path]::Combine($paths.DataDirectory, 'state.txt')) -Target $elsewhere -File
            Get-FfLastRepairTime -DataDirectory $paths.DataDirectory | Should -BeNullOrEmpty
            Get-FfLastRepairTime -DataDirectory '' | Should -BeNullOrEmpty
            { Set-FfLastRepairTime -DataDirectory '' -Time (Get-Date) } | Should -Throw -ExpectedMessage 'No data folder*'
            { Write-FfLog -DataDirectory '' -Message 'nowhere' } | Should -Not -Throw
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
        BeforeEach {
            function New-ProfileEntry {
                param([string] $KeyName, [string] $ProfileImagePath, [int64] $State = 0)
                New-Object -TypeName PSObject -Property @{ KeyName = $KeyName; ProfileImagePath = $ProfileImagePath; State = $State; ProfilesDirectory = 'C:\Users' }
            }
        }

        It 'returns the profile folders it is given' {
            Mock Get-FfProfileListEntry { throw 'not read' }
            Get-FfUserProfilePath -ProfileDirectory @('/p/alice', '/p/bob') | Should -Be @('/p/alice', '/p/bob')
            Should -Invoke Get-FfProfileListEntry -Times 0 -Exactly
        }

        It 'returns nothing where there is no ProfileList (no registry)' -Skip:([bool](Get-PSDrive -Name 'HKLM' -ErrorAction SilentlyContinue)) {
            @(Get-FfUserProfilePath).Count | Should -Be 0
        }

        It 'takes local and domain (S-1-5-21-*) and Entra ID (S-1-12-1-*) users, each folder once' {
            Mock Get-FfProfileListEntry {
                New-ProfileEntry 'S-1-5-21-1004336348-1177238915-682003330-1001' 'C:\Users\alice'
                New-ProfileEntry 'S-1-5-21-3623811015-3361044348-30300820-1013' 'C:\Users\bob.CONTOSO'
                New-ProfileEntry 'S-1-12-1-3165860161-1093124930-1718357176-3010516548' 'C:\Users\carol'
                New-ProfileEntry 'S-1-5-21-1004336348-1177238915-682003330-1002' 'C:\Users\Alice\'
                New-ProfileEntry 'S-1-5-21-1004336348-1177238915-682003330-500' 'D:\Profiles\admin' 256
            }
            Get-FfUserProfilePath -WindowsDirectory 'C:\Windows' | Should -Be @('C:\Users\alice', 'C:\Users\bob.CONTOSO', 'C:\Users\carol', 'D:\Profiles\admin')
        }

        It 'skips <What>' -ForEach @(
            @{ What = 'a .bak key (the real profile of a user now in a temporary one)'; Key = 'S-1-5-21-1-2-3-1001.bak'; Path = 'C:\Users\alice'; State = 0; Reason = '\.bak key' }
            @{ What = 'a temporary profile (State 0x800)'; Key = 'S-1-5-21-1-2-3-1001'; Path = 'C:\Users\TEMP'; State = 0x804; Reason = 'temporary' }
            @{ What = 'a mandatory profile (State 0x1)'; Key = 'S-1-5-21-1-2-3-1003'; Path = 'C:\Users\kiosk'; State = 5; Reason = 'mandatory' }
            @{ What = 'SYSTEM, LocalService and NetworkService'; Key = 'S-1-5-18'; Path = 'C:\Windows\system32\config\systemprofile'; State = 0; Reason = 'not a local, domain or Entra ID user' }
            @{ What = 'a service or virtual account (NT SERVICE, IIS AppPool, DWM, UMFD)'; Key = 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464'; Path = 'C:\Users\MSSQLSERVER'; State = 0; Reason = 'not a local, domain or Entra ID user' }
            @{ What = 'a SID with a suffix'; Key = 'S-1-5-21-1-2-3-1001_Classes'; Path = 'C:\Users\x'; State = 0; Reason = 'not a local' }
            @{ What = 'a relative path (it would resolve against SYSTEM''s working folder)'; Key = 'S-1-5-21-1-2-3-1004'; Path = 'Users\eve'; State = 0; Reason = 'not a full local path' }
            @{ What = 'a network path'; Key = 'S-1-5-21-1-2-3-1005'; Path = '\\server\share\eve'; State = 0; Reason = 'not a full local path' }
            @{ What = 'a device path'; Key = 'S-1-5-21-1-2-3-1005'; Path = '\\?\C:\Users\eve'; State = 0; Reason = 'not a full local path' }
            @{ What = 'a drive root'; Key = 'S-1-5-21-1-2-3-1006'; Path = 'C:\'; State = 0; Reason = 'not a full local path' }
            @{ What = 'a path with ..'; Key = 'S-1-5-21-1-2-3-1007'; Path = 'C:\Users\eve\..\..\Windows'; State = 0; Reason = "'\.\.' component" }
            @{ What = 'the profiles directory itself'; Key = 'S-1-5-21-1-2-3-1008'; Path = 'C:\Users'; State = 0; Reason = 'profiles directory itself' }
            @{ What = 'a folder in the Windows directory'; Key = 'S-1-5-21-1-2-3-1009'; Path = 'C:\WINDOWS\System32'; State = 0; Reason = 'Windows directory' }
            @{ What = 'an entry without ProfileImagePath'; Key = 'S-1-5-21-1-2-3-1010'; Path = ''; State = 0; Reason = 'no ProfileImagePath' }
        ) {
            $entry = New-ProfileEntry $Key $Path $State
            Get-FfProfileSkipReason -Entry $entry -WindowsDirectory 'C:\Windows' | Should -Match $Reason
            Mock Get-FfProfileListEntry { $entry; New-ProfileEntry 'S-1-5-21-1-2-3-2000' 'C:\Users\kept' }
            Get-FfUserProfilePath -WindowsDirectory 'C:\Windows' | Should -Be @('C:\Users\kept')
        }

        It 'keeps a guest or administrator profile, and one outside the profiles directory on another drive' {
            foreach ($entry in @((New-ProfileEntry 'S-1-5-21-1-2-3-501' 'C:\Users\Guest' 0x80), (New-ProfileEntry 'S-1-5-21-1-2-3-1011' 'D:\Users\moved' 0x100))) {
                Get-FfProfileSkipReason -Entry $entry -WindowsDirectory 'C:\Windows' | Should -BeNullOrEmpty
            }
        }

        It 'refuses, through the step, a profile folder that is a link (checked from the profile folder itself)' {
            $paths = New-TestPaths
            $outside = [System.IO.Path]::Combine($TestDrive, 'outside-' + [guid]::NewGuid().ToString('N'))
            $case = New-HostileCase -Anchor $paths.ProfileDirectory[0] -Segments @('AppData') -Outside $outside -LinkAt 0
            $details = @(Resolve-FfLocationDetail -Location @{ Root = 'users'; Segments = @('AppData') } -Paths $paths)
            $details[0].Root | Should -Be $paths.ProfileDirectory[0]
            $details[0].Refusal | Should -Match ([regex]::Escape($case.Link) + ' on the way is a link')
            $details[1].Refusal | Should -BeNullOrEmpty
        }
    }

    Describe 'Links: Get-FfPathChain, Find-FfLinkInChain, Get-FfPathRefusal, Resolve-FfLocationDetail' {
        BeforeEach {
            $base = [System.IO.Path]::Combine($TestDrive, 'links-' + [guid]::NewGuid().ToString('N'))
            $anchor = [System.IO.Path]::Combine($base, 'alice')
            $outside = [System.IO.Path]::Combine($base, 'Outside')
            $segments = @('AppData', 'LocalLow', 'Cache')
            $target = Join-FfPath -Base $anchor -Segments $segments
        }

        It 'walks from the anchor, included, to the target, included' {
            Get-FfPathChain -Root $anchor -Path $target | Should -Be @($anchor, (Join-FfPath $anchor @('AppData')), (Join-FfPath $anchor @('AppData', 'LocalLow')), $target)
            Get-FfPathChain -Root ($anchor + [System.IO.Path]::DirectorySeparatorChar) -Path $anchor | Should -Be @($anchor)
        }

        It 'refuses a root that is not a full path, a path not under it, and . or .. components' {
            { Get-FfPathChain -Root 'relative' -Path 'relative/x' } | Should -Throw -ExpectedMessage '*not a full*'
            { Get-FfPathChain -Root $anchor -Path ($anchor + '-sibling') } | Should -Throw -ExpectedMessage '*does not lie under*'
            { Get-FfPathChain -Root $anchor -Path (Join-FfPath $anchor @('..', 'bob')) } | Should -Throw -ExpectedMessage "*'..'*"
            { Get-FfPathChain -Root $anchor -Path ($anchor + '//x') } | Should -Throw -ExpectedMessage '*empty*'
            Get-FfPathRefusal -Root 'relative' -Path 'relative/x' | Should -Match '^refused, nothing touched: .*not a full'
        }

        It 'follows the Windows rules on Windows paths: case-insensitive, both separators, no drive root' {
            Mock Test-FfWindowsPlatform { $true }
            Get-FfPathChain -Root 'C:\Users\alice' -Path 'c:\users\ALICE\AppData/Local' | Should -Be @('C:\Users\alice', 'C:\Users\alice\AppData', 'C:\Users\alice\AppData\Local')
            { Get-FfPathChain -Root 'C:\' -Path 'C:\x' } | Should -Throw -ExpectedMessage '*drive root*'
            { Get-FfPathChain -Root '\\server\share' -Path '\\server\share\x' } | Should -Throw -ExpectedMessage '*not a full local path*'
            { Get-FfPathChain -Root 'C:\Users\alice' -Path 'C:\Users\alice\..\bob' } | Should -Throw -ExpectedMessage "*'..'*"
        }

        It 'finds no link in a real tree, nor below a component that does not exist' {
            [void][System.IO.Directory]::CreateDirectory($target)
            Get-FfPathRefusal -Root $anchor -Path $target | Should -BeNullOrEmpty
            Test-FfSafePath -Root $anchor -Path $target | Should -BeTrue
            Get-FfPathRefusal -Root $anchor -Path (Join-FfPath $target @('missing', 'deeper')) | Should -BeNullOrEmpty
            $file = [System.IO.Path]::Combine($target, 'file')
            [System.IO.File]::WriteAllText($file, 'x')
            Get-FfPathRefusal -Root $anchor -Path (Join-FfPath $file @('below')) | Should -BeNullOrEmpty
        }

        It 'refuses a link at depth <Depth> (0 = the anchor, 3 = the target) and names it' -ForEach @(@{ Depth = 0 }, @{ Depth = 1 }, @{ Depth = 2 }, @{ Depth = 3 }) {
            $case = New-HostileCase -Anchor $anchor -Segments $segments -Outside $outside -LinkAt $Depth
            $case.Target | Should -Be $target
            Find-FfLinkInChain -Chain @(Get-FfPathChain -Root $anchor -Path $target) | Should -Be $case.Link
            $refusal = Get-FfPathRefusal -Root $anchor -Path $target
            if ($Depth -eq 3) { $refusal | Should -Be 'refused, nothing touched: it is a link (junction, symbolic link or mount point)' }
            else { $refusal | Should -Be ('refused, nothing touched: {0} on the way is a link (junction, symbolic link or mount point)' -f $case.Link) }
            Test-FfSafePath -Root $anchor -Path $target | Should -BeFalse
            [System.IO.Directory]::Exists($target) | Should -BeTrue -Because 'the link leads somewhere: only the check stops it'
        }

        It 'refuses a dangling link and a link loop on the way' {
            [void][System.IO.Directory]::CreateDirectory($anchor)
            New-HostileLink -Path ([System.IO.Path]::Combine($anchor, 'AppData')) -Target ([System.IO.Path]::Combine($outside, 'gone'))
            Get-FfPathRefusal -Root $anchor -Path $target | Should -Match 'AppData on the way is a link'
            $loopAnchor = [System.IO.Path]::Combine($base, 'bob')
            [void][System.IO.Directory]::CreateDirectory($loopAnchor)
            New-HostileLink -Path ([System.IO.Path]::Combine($loopAnchor, 'AppData')) -Target $loopAnchor
            Get-FfPathRefusal -Root $loopAnchor -Path (Join-FfPath $loopAnchor @('AppData', 'AppData', 'AppData')) | Should -Match 'AppData on the way is a link'
        }

        It 'refuses a component it cannot read, rather than guess' {
            # GetAttributes fails here only for an absent entry; Get-FfItemAttribute stands in for "denied".
            [void][System.IO.Directory]::CreateDirectory($anchor)
            Mock Get-FfItemAttribute { throw (New-Object -TypeName System.UnauthorizedAccessException -ArgumentList 'Access denied.') }
            { Find-FfLinkInChain -Chain @($anchor, $target) } | Should -Throw -ExpectedMessage 'Access denied.'
            Get-FfPathRefusal -Root $anchor -Path $target | Should -Be 'refused, nothing touched: Access denied.'
        }

        It 'Get-FfItemAttribute: the entry itself, $null when absent, throws otherwise' {
            [void][System.IO.Directory]::CreateDirectory($anchor)
            $link = [System.IO.Path]::Combine($anchor, 'dangling')
            New-HostileLink -Path $link -Target ([System.IO.Path]::Combine($outside, 'gone')) -File
            Test-FfReparsePoint -Attributes (Get-FfItemAttribute -Path $link) | Should -BeTrue
            Get-FfItemAttribute -Path ([System.IO.Path]::Combine($anchor, 'absent')) | Should -BeNullOrEmpty
            Get-FfItemAttribute -Path (Join-FfPath $anchor @('absent', 'deeper')) | Should -BeNullOrEmpty
        }

        It 'Resolve-FfLocationDetail: the anchor is the folder minus the root''s segments and the location''s' {
            $paths = New-TestPaths
            Mock Test-FfWow64Process { $false }
            $service = @(Resolve-FfLocationDetail -Location @{ Root = 'cache'; Segments = @('AppData', 'Cache') } -Paths $paths)
            $service.Count | Should -Be 1
            $service[0].Root | Should -Be $paths.WindowsDirectory
            $service[0].Path | Should -Be (Join-FfPath -Base $paths.WindowsDirectory -Segments @('ServiceProfiles', 'LocalService', 'AppData', 'Cache'))
            $service[0].Refusal | Should -BeNullOrEmpty
            $users = @(Resolve-FfLocationDetail -Location @{ Root = 'users'; Segments = @('AppData') } -Paths $paths)
            @($users | ForEach-Object { $_.Root }) | Should -Be $paths.ProfileDirectory
            $me = @(Resolve-FfLocationDetail -Location @{ Root = 'me'; Segments = @() } -Paths $paths)
            $me[0].Root | Should -Be $paths.CurrentUserProfile
            $me[0].Path | Should -Be $paths.CurrentUserProfile
        }

        It 'Resolve-FfLocationDetail: a link at any depth of a windows root, from the Windows directory down, is refused' {
            $paths = New-TestPaths
            Mock Test-FfWow64Process { $false }
            $all = @('ServiceProfiles', 'LocalService', 'AppData', 'Cache')
            foreach ($depth in 0..$all.Count) {
                $paths = New-TestPaths
                $case = New-HostileCase -Anchor $paths.WindowsDirectory -Segments $all -Outside ([System.IO.Path]::Combine($TestDrive, 'o-' + [guid]::NewGuid().ToString('N'))) -LinkAt $depth
                $detail = @(Resolve-FfLocationDetail -Location @{ Root = 'cache'; Segments = @('AppData', 'Cache') } -Paths $paths)[0]
                $detail.Refusal | Should -Match 'is a link' -Because ('depth {0}' -f $depth)
                if ($depth -lt $all.Count) { $detail.Refusal | Should -Match ([regex]::Escape($case.Link)) }
            }
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

    Describe 'Detection by context (Invoke-FfDetection as each role)' {
        BeforeEach {
            $paths = New-TestPaths
            $script:DetectionSteps = @(
                @{ Id = 'machine'; Kind = 'fake'; Handler = 'Invoke-FakeDetection'; Indicates = 'problem'; DetectedKey = 'ProblemDetected'; CleanKey = 'ProblemClean'; Count = 1; FakeHints = @(); Contexts = @('System') }
                @{ Id = 'everyone'; Kind = 'fake'; Handler = 'Invoke-FakeDetection'; Indicates = 'problem'; DetectedKey = 'ProblemDetected'; CleanKey = 'ProblemClean'; Count = 1; FakeHints = @(); Contexts = @('EveryUser') }
                @{ Id = 'mine'; Kind = 'fake'; Handler = 'Invoke-FakeDetection'; Indicates = 'problem'; DetectedKey = 'ProblemDetected'; CleanKey = 'ProblemClean'; Count = 1; FakeHints = @(); Contexts = @('CurrentUser') }
            )
        }

        It 'as <Role> reads <Read> and skips <Skipped>, with the reason' -ForEach @(
            @{ Role = 'System'; Read = @('System', 'EveryUser'); Skipped = @('mine') }
            @{ Role = 'Administrator'; Read = @('System', 'EveryUser', 'CurrentUser'); Skipped = @() }
            @{ Role = 'User'; Read = @('System', 'CurrentUser'); Skipped = @('everyone') }
        ) {
            Mock Get-FfProcessRole { $Role }
            $test = Invoke-FfDetection -Paths $paths
            @($test.Contexts) | Should -Be $Read
            @($test.Findings | Where-Object { $_.Skipped } | ForEach-Object { $_.StepId }) | Should -Be $Skipped
            foreach ($finding in @($test.Findings)) {
                if ($finding.Skipped) {
                    $finding.Detected | Should -BeFalse
                    $finding.Message | Should -BeLike 'Skipped: context *'
                    @($finding.Contexts).Count | Should -Be 0
                }
                else { @($finding.Contexts).Count | Should -Be 1 }
            }
            # The handler never ran for a skipped step: nothing of SYSTEM's own profile is read as a user's.
            @($script:DetectionCalls | ForEach-Object { $_.Id }) | Should -Not -Contain @($Skipped)[0]
        }
    }

    Describe 'The run lock (Enter-FfRunLock) and Invoke-FfRepair''s InProgress and Skipped' {
        BeforeEach {
            $paths = New-TestPaths
            $script:FixId = 'kbtest-' + [guid]::NewGuid().ToString('N')
            $script:VerifySteps = @()
            $script:RepairSteps = @((New-RepairStep -Id 'a' -Changes 1))
        }

        It 'reports InProgress and runs no step while another process holds the mutex Global\FixForge-(fix id)' {
            # Another thread, as another process would: a named mutex belongs to the thread that took it.
            $name = 'Global\FixForge-' + $script:FixId
            $holder = [powershell]::Create()
            [void]$holder.AddScript({ param($n) $m = New-Object -TypeName System.Threading.Mutex -ArgumentList $false, $n; [void]$m.WaitOne(); Start-Sleep -Seconds 5; $m.ReleaseMutex() }).AddArgument($name)
            $async = $holder.BeginInvoke()
            try {
                Start-Sleep -Milliseconds 700
                Mock Get-FfRunLockWaitSeconds { 0 }
                $script:HandlerCalls = @()
                $repair = Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false
                $repair.Status | Should -Be 'InProgress'
                @($repair.Steps | ForEach-Object { $_.Outcome }) | Should -Be @('Skipped')
                @($repair.Steps)[0].Message | Should -BeLike ('another run of kbtest-* is in progress (it holds Global\FixForge-kbtest-*')
                @($repair.Changes).Count | Should -Be 0
                @($script:HandlerCalls).Count | Should -Be 0
                (Read-TestLog $paths) | Should -Match ': InProgress: another run'
            }
            finally {
                [void]$holder.EndInvoke($async)
                $holder.Dispose()
            }
            # Released: the next run gets it.
            (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Repaired'
        }

        It 'takes a lock its previous holder abandoned (the process was killed)' {
            $name = 'Global\FixForge-' + $script:FixId
            $holder = [powershell]::Create()
            [void]$holder.AddScript({ param($n) $m = New-Object -TypeName System.Threading.Mutex -ArgumentList $false, $n; [void]$m.WaitOne() }).AddArgument($name)
            [void]$holder.Invoke()
            $holder.Dispose()
            (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Repaired'
        }

        It 'is Skipped, every step saying what it needs, when no context is left for the role; takes no lock' {
            Mock Get-FfProcessRole { 'User' }
            Mock Enter-FfRunLock { throw 'no lock wanted' }
            $repair = Invoke-FfRepair -Paths $paths -Context @() -Confirm:$false
            $repair.Status | Should -Be 'Skipped'
            @($repair.Steps)[0].Message | Should -BeLike 'context System needs SYSTEM or an elevated administrator; this process runs as a standard user*'
        }

        It 'takes no lock under -WhatIf' {
            Mock Enter-FfRunLock { throw 'no lock wanted' }
            (Invoke-FfRepair -Paths $paths -Context @('System') -WhatIf).Status | Should -Be 'WhatIf'
        }
    }

    Describe 'Invoke-FfNativeCommand (issue 18.8)' {
        It 'returns the exit code and every line, stderr too, when the caller asked for -ErrorAction Stop' {
            # Windows PowerShell turns each stderr line behind 2>&1 into an error record; under the
            # caller's Stop that used to end the step before the exit code was read.
            $program = New-FakeConsoleProgram -Directory (Join-Path $TestDrive 'native') -Answers @(@{ ExitCode = 5; Stdout = 'partly done'; Stderr = '[SC] ChangeServiceConfig FAILED 5: Access is denied.' })
            $run = Invoke-FfNativeCommand -FilePath $program -ArgumentList @('config', 'W32Time', 'start=', 'auto') -ErrorAction Stop
            $run.ExitCode | Should -Be 5
            @($run.Output) | Should -Be @('partly done', '[SC] ChangeServiceConfig FAILED 5: Access is denied.')
            @(Get-FakeConsoleProgramCall -Path $program) | Should -Be @('config W32Time start= auto')
        }

        It 'leaves the caller''s preference as it was' {
            $program = New-FakeConsoleProgram -Directory (Join-Path $TestDrive 'native') -Answers @(@{ ExitCode = 0; Stderr = 'warning' })
            $ErrorActionPreference = 'Stop'
            [void](Invoke-FfNativeCommand -FilePath $program)
            $ErrorActionPreference | Should -Be 'Stop'
        }
    }

    Describe 'Get-FfOverTheShoulderUser (issue 18.9)' {
        It 'names the signed-in person when an administrator elevated with their own account' {
            Mock Get-FfProcessUserSid { 'S-1-5-21-1-2-3-500' }
            Mock Get-FfSessionUserSid { 'S-1-5-21-1-2-3-1001' }
            Get-FfOverTheShoulderUser | Should -Be 'S-1-5-21-1-2-3-1001'
        }

        It 'is $null when the signed-in person elevated themselves, or it cannot be told' {
            Mock Get-FfProcessUserSid { 'S-1-5-21-1-2-3-1001' }
            Mock Get-FfSessionUserSid { 'S-1-5-21-1-2-3-1001' }
            Get-FfOverTheShoulderUser | Should -BeNullOrEmpty
            Mock Get-FfSessionUserSid { $null }
            Get-FfOverTheShoulderUser | Should -BeNullOrEmpty
        }
    }
}
