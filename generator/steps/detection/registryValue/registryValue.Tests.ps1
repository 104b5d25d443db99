# Pester 5 unit tests for the detect.registryValue handler and the registry layer it shares with
# repair.registryValue (registryValue.ps1), on the engine core, independent of any build. There is
# no registry on Linux: Get-FfRegistryValue, Get-FfLoadedUserHive, Mount-FfUserHive and
# Dismount-FfUserHive are mocked over an in-memory registry (hashtables), with real profile
# folders and hive files under $TestDrive. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/detection/registryValue/registryValue.Tests.ps1 -Output Detailed

BeforeDiscovery {
    # pwsh on Linux and macOS has the registry types but no hives.
    $hasRegistry = $null -ne [Microsoft.Win32.Registry]::LocalMachine
}

Describe 'detection/registryValue.ps1 where there is no registry' -Skip:$hasRegistry {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'registryValue.ps1')
    }

    It 'reads no values and no loaded hives, and refuses to open a hive' {
        Test-FfRegistryPresent | Should -BeFalse
        Get-FfRegistryValue -Root 'HKLM' -Key 'Software\Fixture' -Name 'x' | Should -BeNullOrEmpty
        @(Get-FfLoadedUserHive).Count | Should -Be 0
        { Open-FfRegistryBaseKey -Root 'HKLM' } | Should -Throw -ExpectedMessage 'This platform has no registry.'
    }
}

Describe 'detection/registryValue.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'registryValue.ps1')

        function New-TestStep {
            param([string] $Scope = 'System', [string] $State = 'equals', [string] $Type = 'DWord', [object] $Data = 1)
            $step = @{
                Id = 'taskMgrPolicy'; Kind = 'registryValue'; Handler = 'Invoke-FfRegistryValueDetection'; Indicates = 'problem'
                DetectedKey = 'PolicyDetected'; CleanKey = 'PolicyClean'
                Scope = $Scope; Key = 'Software\Policies\Fixture'; ValueName = 'DisableTaskMgr'; State = $State
            }
            if ($State -eq 'equals' -or $State -eq 'differs') { $step.ValueType = $Type; $step.ValueData = $Data }
            $step
        }

        function Set-FakeValue {
            # A value in the in-memory registry: Store is 'HKLM', 'HKCU', 'HKU\<SID>' or a hive file's path.
            param([string] $Store, [string] $Type, [object] $Data)
            if (-not $fake.Stores.ContainsKey($Store)) { $fake.Stores[$Store] = @{} }
            $fake.Stores[$Store]['software\policies\fixture|disabletaskmgr'] = @{ Type = $Type; Data = $Data }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Roots = @{}
        $script:Strings = @{ PolicyDetected = 'The policy is set.'; PolicyClean = 'The policy is not set.' }
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $alice = [System.IO.Path]::Combine($base, 'alice')
        $bob = [System.IO.Path]::Combine($base, 'bob')
        foreach ($folder in @($alice, $bob)) {
            [void][System.IO.Directory]::CreateDirectory($folder)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($folder, 'NTUSER.DAT'), 'hive')
        }
        $paths = @{ WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows'); ProfileDirectory = @($alice, $bob); CurrentUserProfile = $null; DataDirectory = [System.IO.Path]::Combine($base, 'data') }
        # Stores: what each hive holds; Mounted: HKU\<name> -> hive file; Loaded: users logged on.
        $fake = @{ Stores = @{}; Mounted = @{}; Loaded = @(); MountCalls = 0 }
        Mock Test-FfWow64Process { $false }
        Mock Get-FfLoadedUserHive { $fake.Loaded }
        Mock Mount-FfUserHive {
            if ($fake.Mounted.ContainsValue($Path)) { throw 'The process cannot access the file because it is being used by another process.' }
            $fake.Mounted[$Name] = $Path
            $fake.MountCalls++
        }
        Mock Dismount-FfUserHive { $fake.Mounted.Remove($Name) }
        Mock Get-FfRegistryValue {
            $store = $Root
            if ($Root -like 'HKU\FixForge_*') { $store = $fake.Mounted[$Root.Substring(4)] }
            if (-not $store -or -not $fake.Stores.ContainsKey($store)) { return $null }
            $entry = $fake.Stores[$store][($Key + '|' + $Name).ToLowerInvariant()]
            if ($entry) { New-Object -TypeName PSObject -Property $entry }
        }
    }

    Describe 'Format-FfRegistryValue' {
        It 'writes each type in one unambiguous text' {
            Format-FfRegistryValue -Absent | Should -Be 'absent'
            Format-FfRegistryValue -Type 'String' -Data "it's" | Should -Be "String:'it''s'"
            Format-FfRegistryValue -Type 'ExpandString' -Data '%SystemRoot%\x' | Should -Be "ExpandString:'%SystemRoot%\x'"
            Format-FfRegistryValue -Type 'MultiString' -Data @('a', 'b c') | Should -Be "MultiString:@('a', 'b c')"
            Format-FfRegistryValue -Type 'Binary' -Data @(0, 171, 255) | Should -Be 'Binary:00abff'
            Format-FfRegistryValue -Type 'QWord' -Data 5 | Should -Be 'QWord:5'
        }

        It 'reads DWord and QWord as unsigned, as .NET hands them over signed' {
            Format-FfRegistryValue -Type 'DWord' -Data ([int]-1) | Should -Be 'DWord:4294967295'
            Format-FfRegistryValue -Type 'DWord' -Data 4294967295 | Should -Be 'DWord:4294967295'
            Format-FfRegistryValue -Type 'QWord' -Data ([long]-1) | Should -Be 'QWord:18446744073709551615'
        }
    }

    Describe 'Test-FfRegistryState' {
        It 'decides exists, missing, equals and differs, differs including absent' {
            Test-FfRegistryState -Step (New-TestStep -State 'exists') -Current 'DWord:0' | Should -BeTrue
            Test-FfRegistryState -Step (New-TestStep -State 'exists') -Current 'absent' | Should -BeFalse
            Test-FfRegistryState -Step (New-TestStep -State 'missing') -Current 'absent' | Should -BeTrue
            Test-FfRegistryState -Step (New-TestStep -State 'equals') -Current 'DWord:1' | Should -BeTrue
            Test-FfRegistryState -Step (New-TestStep -State 'equals') -Current "String:'1'" | Should -BeFalse
            Test-FfRegistryState -Step (New-TestStep -State 'differs') -Current 'absent' | Should -BeTrue
            Test-FfRegistryState -Step (New-TestStep -State 'differs') -Current 'DWord:1' | Should -BeFalse
        }

        It 'compares string data case-sensitively' {
            $step = New-TestStep -State 'equals' -Type 'String' -Data 'On'
            Test-FfRegistryState -Step $step -Current "String:'On'" | Should -BeTrue
            Test-FfRegistryState -Step $step -Current "String:'on'" | Should -BeFalse
        }
    }

    Describe 'Get-FfRegistryHive' {
        It 'gives HKLM for System and HKCU for CurrentUser, never loading anything' {
            (Get-FfRegistryHive -Scope 'System' -Paths $paths).Root | Should -Be 'HKLM'
            (Get-FfRegistryHive -Scope 'CurrentUser' -Paths $paths).Root | Should -Be 'HKCU'
            Should -Invoke Get-FfLoadedUserHive -Times 0 -Exactly
        }

        It 'uses a logged-on user''s loaded hive and the hive file of the others' {
            $fake.Loaded = @(New-Object -TypeName PSObject -Property @{ Sid = 'S-1-5-21-1-2-3-1001'; ProfilePath = ($alice.ToUpperInvariant() + '\') })
            $hives = @(Get-FfRegistryHive -Scope 'EveryUser' -Paths $paths)
            $hives.Count | Should -Be 2
            $hives[0].Root | Should -Be 'HKU\S-1-5-21-1-2-3-1001'
            $hives[0].File | Should -BeNullOrEmpty
            $hives[1].File | Should -Be ([System.IO.Path]::Combine($bob, 'NTUSER.DAT'))
            $hives[1].Refusal | Should -BeNullOrEmpty
        }

        It 'skips a profile folder without a hive file' {
            [System.IO.File]::Delete([System.IO.Path]::Combine($bob, 'NTUSER.DAT'))
            @(Get-FfRegistryHive -Scope 'EveryUser' -Paths $paths | ForEach-Object { $_.Label }) | Should -Be @($alice)
        }

        It 'refuses a hive file that is a link, or lies under one' {
            $elsewhere = [System.IO.Path]::Combine($base, 'elsewhere.dat')
            [System.IO.File]::WriteAllText($elsewhere, 'another hive')
            [System.IO.File]::Delete([System.IO.Path]::Combine($alice, 'NTUSER.DAT'))
            [void](New-Item -ItemType SymbolicLink -Path ([System.IO.Path]::Combine($alice, 'NTUSER.DAT')) -Target $elsewhere)
            $linkedProfile = [System.IO.Path]::Combine($base, 'linked')
            [void](New-Item -ItemType SymbolicLink -Path $linkedProfile -Target $bob)
            $paths.ProfileDirectory = @($alice, $linkedProfile)
            $hives = @(Get-FfRegistryHive -Scope 'EveryUser' -Paths $paths)
            $hives[0].Refusal | Should -Be 'refused, nothing touched: it is a link (junction, symbolic link or mount point)'
            $hives[1].Refusal | Should -Be ('refused, nothing touched: {0} on the way is a link (junction, symbolic link or mount point)' -f $linkedProfile)
        }

        It 'throws for a scope it does not know' {
            { Get-FfRegistryHive -Scope 'Nobody' -Paths $paths } | Should -Throw -ExpectedMessage "Unknown registry scope 'Nobody'."
        }
    }

    Describe 'Invoke-FfRegistryValueDetection' {
        It 'detects an HKLM value that equals the step''s, and reads clean when it differs or is absent' {
            Set-FakeValue -Store 'HKLM' -Type 'DWord' -Data 1
            $found = Invoke-FfRegistryValueDetection -Step (New-TestStep) -Paths $paths
            $found.Detected | Should -BeTrue
            $found.Count | Should -Be 1
            $found.Message | Should -Be 'The policy is set.'
            @($found.Details) | Should -Be @('HKLM\Software\Policies\Fixture\DisableTaskMgr = DWord:1')
            Set-FakeValue -Store 'HKLM' -Type 'DWord' -Data 0
            (Invoke-FfRegistryValueDetection -Step (New-TestStep) -Paths $paths).Detected | Should -BeFalse
            $fake.Stores.Clear()
            $clean = Invoke-FfRegistryValueDetection -Step (New-TestStep) -Paths $paths
            $clean.Detected | Should -BeFalse
            $clean.Message | Should -Be 'The policy is not set.'
        }

        It 'counts every user''s hive where the state holds, loading and always unloading the hives of users not logged on' {
            $fake.Loaded = @(New-Object -TypeName PSObject -Property @{ Sid = 'S-1-5-21-1-2-3-1001'; ProfilePath = $alice })
            Set-FakeValue -Store 'HKU\S-1-5-21-1-2-3-1001' -Type 'DWord' -Data 1
            Set-FakeValue -Store ([System.IO.Path]::Combine($bob, 'NTUSER.DAT')) -Type 'DWord' -Data 1
            $found = Invoke-FfRegistryValueDetection -Step (New-TestStep -Scope 'EveryUser' -State 'exists') -Paths $paths
            $found.Count | Should -Be 2
            $found.Error | Should -BeNullOrEmpty
            $fake.MountCalls | Should -Be 1
            Should -Invoke Mount-FfUserHive -Times 1 -Exactly -ParameterFilter { $Path -eq [System.IO.Path]::Combine($bob, 'NTUSER.DAT') -and $Name -like 'FixForge_*' }
            $fake.Mounted.Count | Should -Be 0
        }

        It 'reports a hive it cannot load as an error of the finding, and still reads the others' {
            Mock Mount-FfUserHive { throw 'reg.exe load failed with exit code 1: Access is denied.' }
            $found = Invoke-FfRegistryValueDetection -Step (New-TestStep -Scope 'EveryUser' -State 'missing') -Paths $paths
            $found.Count | Should -Be 0
            $found.Error | Should -Match ('^Could not read: ' + [regex]::Escape($alice) + '\\Software\\Policies\\Fixture\\DisableTaskMgr: reg\.exe load failed')
            $found.Message | Should -Be $found.Error
            Should -Invoke Dismount-FfUserHive -Times 0 -Exactly
        }

        It 'unloads a loaded hive even when reading it fails' {
            Mock Get-FfRegistryValue { throw 'Access is denied.' }
            $found = Invoke-FfRegistryValueDetection -Step (New-TestStep -Scope 'EveryUser' -State 'exists') -Paths $paths
            $found.Error | Should -Match 'Access is denied'
            Should -Invoke Dismount-FfUserHive -Times 2 -Exactly
            $fake.Mounted.Count | Should -Be 0
        }

        It 'does not read HKLM from a 32-bit process, which would see the WOW6432Node view, and says so' {
            Mock Test-FfWow64Process { $true }
            Set-FakeValue -Store 'HKLM' -Type 'DWord' -Data 1
            $found = Invoke-FfRegistryValueDetection -Step (New-TestStep) -Paths $paths
            $found.Detected | Should -BeFalse
            $found.Error | Should -Be 'Not read: a 32-bit PowerShell sees the 32-bit view of HKLM: run the 64-bit (native) PowerShell'
            Should -Invoke Get-FfRegistryValue -Times 0 -Exactly
        }

        It 'never loads a hive file that is a link, and says so' {
            $elsewhere = [System.IO.Path]::Combine($base, 'elsewhere.dat')
            [System.IO.File]::WriteAllText($elsewhere, 'another hive')
            [System.IO.File]::Delete([System.IO.Path]::Combine($bob, 'NTUSER.DAT'))
            [void](New-Item -ItemType SymbolicLink -Path ([System.IO.Path]::Combine($bob, 'NTUSER.DAT')) -Target $elsewhere)
            $found = Invoke-FfRegistryValueDetection -Step (New-TestStep -Scope 'EveryUser' -State 'missing') -Paths $paths
            Should -Invoke Mount-FfUserHive -Times 0 -Exactly -ParameterFilter { $Path -like '*bob*' }
            $found.Error | Should -Match ([regex]::Escape($bob) + '\\Software\\Policies\\Fixture\\DisableTaskMgr: Not loaded: refused, nothing touched: it is a link')
            $found.Count | Should -Be 1
        }
    }
}

Describe 'detection/registryValue.ps1: hives on Windows (issue 18.3 and 18.8)' {
    # reg.exe is a stand-in that behaves as Windows PowerShell runs a console program
    # (New-FakeConsoleProgram, Engine.Fakes.ps1); keys are fake objects that count open handles,
    # and an unload fails while one is open, as RegUnLoadKey does.
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'registryValue.ps1')
        . (Join-Path $PSScriptRoot '../../../engine/Engine.Fakes.ps1')

        function New-FakeKey {
            # A RegistryKey of a loaded hive: OpenSubKey gives another handle; Close gives one back.
            param([hashtable] $Handles, [hashtable] $Values)
            $key = New-Object -TypeName PSObject -Property @{ Handles = $Handles; Values = $Values }
            $Handles.Open++
            Add-Member -InputObject $key -MemberType ScriptMethod -Name 'OpenSubKey' -Value { param($name, $writable) New-FakeKey -Handles $this.Handles -Values $this.Values }
            Add-Member -InputObject $key -MemberType ScriptMethod -Name 'GetValueNames' -Value { @($this.Values.Keys) }
            Add-Member -InputObject $key -MemberType ScriptMethod -Name 'GetValueKind' -Value { param($name) 'DWord' }
            Add-Member -InputObject $key -MemberType ScriptMethod -Name 'GetValue' -Value { param($name, $default, $options) $this.Values[$name] }
            Add-Member -InputObject $key -MemberType ScriptMethod -Name 'Close' -Value { $this.Handles.Open-- }
            $key
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Roots = @{}
        $script:Strings = @{ PolicyDetected = 'The policy is set.'; PolicyClean = 'The policy is not set.' }
        $windows = [System.IO.Path]::Combine($TestDrive, ('w-' + [guid]::NewGuid().ToString('N')))
        $paths = @{ WindowsDirectory = $windows; ProfileDirectory = @(); DataDirectory = $null }
        Mock Wait-FfHiveRelease { }
    }

    It 'unloads a hive whose unload fails twice and then succeeds, even under -ErrorAction Stop' {
        $denied = @{ ExitCode = 1; Stderr = 'ERROR: Access is denied.' }
        $regExe = New-FakeConsoleProgram -Directory $windows -Answers @($denied, $denied, @{ ExitCode = 0; Stdout = 'The operation completed successfully.' })
        Mock Get-FfRegExePath { $regExe }
        { Dismount-FfUserHive -Name 'FixForge_1_x' -WindowsDirectory $windows -ErrorAction Stop } | Should -Not -Throw
        @(Get-FakeConsoleProgramCall -Path $regExe) | Should -Be @('unload HKU\FixForge_1_x', 'unload HKU\FixForge_1_x', 'unload HKU\FixForge_1_x')
        Should -Invoke Wait-FfHiveRelease -Times 2 -Exactly
    }

    It 'keeps trying for longer than three attempts: a handle held for seconds by another program' {
        $denied = @{ ExitCode = 1; Stderr = 'ERROR: Access is denied.' }
        $regExe = New-FakeConsoleProgram -Directory $windows -Answers @($denied, $denied, $denied, $denied, $denied, @{ ExitCode = 0 })
        Mock Get-FfRegExePath { $regExe }
        { Dismount-FfUserHive -Name 'FixForge_1_x' -WindowsDirectory $windows } | Should -Not -Throw
        @(Get-FakeConsoleProgramCall -Path $regExe).Count | Should -Be 6
        $total = 0
        Should -Invoke Wait-FfHiveRelease -Times 5 -Exactly
    }

    It 'gives up after about 12 s, and says how often and why' {
        $regExe = New-FakeConsoleProgram -Directory $windows -Answers @(@{ ExitCode = 1; Stderr = 'ERROR: Access is denied.' })
        Mock Get-FfRegExePath { $regExe }
        $script:waited = 0
        Mock Wait-FfHiveRelease { $script:waited += $Milliseconds }
        { Dismount-FfUserHive -Name 'FixForge_1_x' -WindowsDirectory $windows -ErrorAction Stop } | Should -Throw -ExpectedMessage 'reg.exe unload HKU\FixForge_1_x failed 8 times, last with exit code 1: ERROR: Access is denied.'
        $script:waited | Should -BeGreaterOrEqual 10000
    }

    It 'reports a failed load with reg.exe''s own words, not as a raw stderr line, under -ErrorAction Stop' {
        $regExe = New-FakeConsoleProgram -Directory $windows -Answers @(@{ ExitCode = 1; Stderr = 'ERROR: The process cannot access the file because it is being used by another process.' })
        Mock Get-FfRegExePath { $regExe }
        { Mount-FfUserHive -Name 'FixForge_1_x' -Path 'C:\Users\bob\NTUSER.DAT' -WindowsDirectory $windows -ErrorAction Stop } | Should -Throw -ExpectedMessage 'reg.exe load C:\Users\bob\NTUSER.DAT failed with exit code 1: ERROR: The process cannot access the file*'
    }

    It 'closes every key it opens in a user hive, so that the unload is not refused' {
        $handles = @{ Open = 0 }
        Mock Test-FfRegistryPresent { $true }
        Mock Open-FfRegistryBaseKey { New-FakeKey -Handles $handles -Values @{ DisableTaskMgr = 1 } }
        $value = Get-FfRegistryValue -Root 'HKU\FixForge_1_x' -Key 'Software\Policies\Fixture' -Name 'DisableTaskMgr'
        $value.Data | Should -Be 1
        $handles.Open | Should -Be 0
        [void](Get-FfRegistryValue -Root 'HKU\FixForge_1_x' -Key 'Software\Policies\Fixture' -Name 'Other')
        $handles.Open | Should -Be 0
    }

    It 'names a hive left loaded, with its file, as an error of the finding' {
        $profileDir = [System.IO.Path]::Combine($windows, 'bob')
        [void][System.IO.Directory]::CreateDirectory($profileDir)
        [System.IO.File]::WriteAllText([System.IO.Path]::Combine($profileDir, 'NTUSER.DAT'), 'hive')
        $paths.ProfileDirectory = @($profileDir)
        Mock Test-FfWow64Process { $false }
        Mock Get-FfLoadedUserHive { }
        Mock Get-FfLoadedHiveName { }
        Mock Mount-FfUserHive { }
        Mock Get-FfRegistryValue { $null }
        Mock Dismount-FfUserHive { throw 'reg.exe unload failed 8 times, last with exit code 1: ERROR: Access is denied.' }
        $step = @{
            Id = 'taskMgrPolicy'; Kind = 'registryValue'; Handler = 'Invoke-FfRegistryValueDetection'; Indicates = 'problem'
            DetectedKey = 'PolicyDetected'; CleanKey = 'PolicyClean'; Scope = 'EveryUser'; Key = 'Software\Policies\Fixture'; ValueName = 'DisableTaskMgr'; State = 'exists'
        }
        $finding = Invoke-FfRegistryValueDetection -Step $step -Paths $paths
        $finding.Error | Should -Match ('HKU\\FixForge_{0}_[0-9a-f]{{32}} \({1}\) is still loaded: reg\.exe unload failed' -f $PID, [regex]::Escape([System.IO.Path]::Combine($profileDir, 'NTUSER.DAT')))
    }

    It 'first unloads the hives earlier runs left loaded, leaving those of runs still going' {
        $alive = 'FixForge_{0}_{1}' -f 4242, ('a' * 32)
        $dead = 'FixForge_{0}_{1}' -f 4343, ('b' * 32)
        $older = 'FixForge_' + ('c' * 32)
        Mock Get-FfLoadedHiveName { @('S-1-5-21-1-2-3-1001', 'S-1-5-21-1-2-3-1001_Classes', $alive, $dead, $older, 'FixForge_someone_else') }
        Mock Test-FfProcessAlive { $Id -eq 4242 }
        Mock Dismount-FfUserHive { }
        Mock Dismount-FfUserHive { throw 'ERROR: Access is denied.' } -ParameterFilter { $Name -eq $older }
        Mock Get-FfLoadedUserHive { }
        $hives = @(Get-FfRegistryHive -Scope 'EveryUser' -Paths $paths)
        Should -Invoke Dismount-FfUserHive -Times 1 -Exactly -ParameterFilter { $Name -eq $dead }
        Should -Invoke Dismount-FfUserHive -Times 1 -Exactly -ParameterFilter { $Name -eq $older }
        Should -Invoke Dismount-FfUserHive -Times 2 -Exactly
        $hives.Count | Should -Be 1
        $hives[0].Label | Should -Be ('HKU\' + $older)
        $hives[0].Refusal | Should -Be 'left loaded by an earlier run, and still loaded: ERROR: Access is denied.'
    }

    It 'names the hives it loads after its own process, so that a later run can tell an orphan' {
        Mock Mount-FfUserHive { }
        $hive = New-Object -TypeName PSObject -Property @{ Label = 'C:\Users\bob'; Root = $null; File = 'C:\Users\bob\NTUSER.DAT'; Refusal = $null }
        Open-FfRegistryHive -Hive $hive -Paths $paths | Should -Match ('^HKU\\FixForge_{0}_[0-9a-f]{{32}}$' -f $PID)
    }
}
