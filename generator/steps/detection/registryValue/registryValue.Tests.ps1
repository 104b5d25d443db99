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
