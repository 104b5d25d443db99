# Pester 5 unit tests for the repair.registryValue handler (registryValue.ps1) on the engine core
# and the registry layer it builds on (../../detection/registryValue/registryValue.ps1), independent
# of any build. There is no registry on Linux: the layer's registry functions are mocked over an
# in-memory registry (hashtables), so a value written is read back; profiles and hive files are
# real files under $TestDrive. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/repair/registryValue/registryValue.Tests.ps1 -Output Detailed

Describe 'repair/registryValue.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot '../../detection/registryValue/registryValue.ps1')
        . (Join-Path $PSScriptRoot 'registryValue.ps1')

        function New-TestStep {
            param([string] $Scope = 'System', [string] $Action = 'set', [string] $Type = 'DWord', [object] $Data = 0, [string] $Context = 'System')
            $step = @{
                Id = 'allowTaskMgr'; Kind = 'registryValue'; Handler = 'Invoke-FfRegistryValueRepair'; Context = $Context; DescriptionKey = 'PolicyDescription'
                Scope = $Scope; Key = 'Software\Policies\Fixture'; ValueName = 'DisableTaskMgr'; Action = $Action
            }
            if ($Action -eq 'set') { $step.ValueType = $Type; $step.ValueData = $Data }
            $step
        }

        function Get-Store {
            # The store a root stands for: a hive file's path while it is loaded under FixForge_*.
            param([string] $Root)
            if ($Root -like 'HKU\FixForge_*') { return $fake.Mounted[$Root.Substring(4)] }
            $Root
        }

        function Set-FakeValue {
            param([string] $Store, [string] $Type, [object] $Data)
            if (-not $fake.Stores.ContainsKey($Store)) { $fake.Stores[$Store] = @{} }
            $fake.Stores[$Store]['software\policies\fixture|disabletaskmgr'] = @{ Type = $Type; Data = $Data }
        }

        function Get-FakeValue {
            param([string] $Store)
            if (-not $fake.Stores.ContainsKey($Store)) { return $null }
            $fake.Stores[$Store]['software\policies\fixture|disabletaskmgr']
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:ModuleVersion = '1.0.0'
        $script:Roots = @{}
        $script:Strings = @{ PolicyDescription = 'Allow Task Manager.' }
        $script:VerifySteps = @()
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $alice = [System.IO.Path]::Combine($base, 'alice')
        $bob = [System.IO.Path]::Combine($base, 'bob')
        $bobHive = [System.IO.Path]::Combine($bob, 'NTUSER.DAT')
        foreach ($folder in @($alice, $bob)) {
            [void][System.IO.Directory]::CreateDirectory($folder)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($folder, 'NTUSER.DAT'), 'hive')
        }
        $paths = @{ WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows'); ProfileDirectory = @($alice, $bob); CurrentUserProfile = $null; DataDirectory = [System.IO.Path]::Combine($base, 'data') }
        $fake = @{ Stores = @{}; Mounted = @{}; Loaded = @() }
        Mock Test-FfWow64Process { $false }
        Mock Get-FfLoadedUserHive { $fake.Loaded }
        Mock Mount-FfUserHive { $fake.Mounted[$Name] = $Path }
        Mock Dismount-FfUserHive { $fake.Mounted.Remove($Name) }
        Mock Get-FfRegistryValue {
            $entry = Get-FakeValue -Store (Get-Store -Root $Root)
            if ($entry) { New-Object -TypeName PSObject -Property $entry }
        }
        Mock Set-FfRegistryValue { Set-FakeValue -Store (Get-Store -Root $Root) -Type $Type -Data $Data }
        Mock Remove-FfRegistryValue { $store = Get-Store -Root $Root; if ($fake.Stores.ContainsKey($store)) { $fake.Stores[$store].Clear() } }
    }

    Describe 'ConvertTo-FfRegistryData' {
        It 'keeps the bits of unsigned DWord and QWord data in the signed .NET integers' {
            ConvertTo-FfRegistryData -Type 'DWord' -Data 4294967295 | Should -Be ([int]-1)
            ConvertTo-FfRegistryData -Type 'DWord' -Data 1 | Should -BeOfType ([int])
            ConvertTo-FfRegistryData -Type 'QWord' -Data 9007199254740991 | Should -Be ([long]9007199254740991)
        }

        It 'gives MultiString as string[] and Binary as byte[], even with one item' {
            $strings = ConvertTo-FfRegistryData -Type 'MultiString' -Data @('only')
            $strings.GetType() | Should -Be ([string[]])
            $bytes = ConvertTo-FfRegistryData -Type 'Binary' -Data @(1, 255)
            $bytes.GetType() | Should -Be ([byte[]])
            @($bytes) | Should -Be @([byte]1, [byte]255)
        }

        It 'throws for a type it does not know' {
            { ConvertTo-FfRegistryData -Type 'Link' -Data 1 } | Should -Throw -ExpectedMessage "Unknown registry type 'Link'."
        }
    }

    Describe 'Invoke-FfRegistryValueRepair' {
        It 'sets an HKLM value and records the previous one: Succeeded, then NotNeeded' {
            Set-FakeValue -Store 'HKLM' -Type 'DWord' -Data 1
            $result = Invoke-FfRegistryValueRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Succeeded'
            @($result.Changes).Count | Should -Be 1
            @($result.Changes)[0].Action | Should -Be 'Set'
            @($result.Changes)[0].Target | Should -Be 'HKLM\Software\Policies\Fixture\DisableTaskMgr'
            @($result.Changes)[0].Before | Should -Be 'DWord:1'
            @($result.Changes)[0].After | Should -Be 'DWord:0'
            (Get-FakeValue -Store 'HKLM').Data | Should -Be 0
            $again = Invoke-FfRegistryValueRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $again.Outcome | Should -Be 'NotNeeded'
            @($again.Changes).Count | Should -Be 0
            Should -Invoke Set-FfRegistryValue -Times 1 -Exactly
        }

        It 'logs the value before and after, so that the change can be undone' {
            [void](Invoke-FfRegistryValueRepair -Step (New-TestStep -Type 'String' -Data "it's") -Paths $paths -Confirm:$false)
            $log = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log'))
            $log | Should -Match ([regex]::Escape("allowTaskMgr: set HKLM\Software\Policies\Fixture\DisableTaskMgr: was absent, now String:'it''s'"))
        }

        It 'removes a value, recording it, and is NotNeeded where it is absent' {
            Set-FakeValue -Store 'HKLM' -Type 'MultiString' -Data @('a', 'b')
            $result = Invoke-FfRegistryValueRepair -Step (New-TestStep -Action 'remove') -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Succeeded'
            @($result.Changes)[0].Action | Should -Be 'Remove'
            @($result.Changes)[0].Before | Should -Be "MultiString:@('a', 'b')"
            @($result.Changes)[0].After | Should -Be 'absent'
            Get-FakeValue -Store 'HKLM' | Should -BeNullOrEmpty
            (Invoke-FfRegistryValueRepair -Step (New-TestStep -Action 'remove') -Paths $paths -Confirm:$false).Outcome | Should -Be 'NotNeeded'
        }

        It 'changes nothing under -WhatIf and reports the change it would make' {
            Set-FakeValue -Store 'HKLM' -Type 'DWord' -Data 1
            $WhatIfPreference = $true
            try { $result = Invoke-FfRegistryValueRepair -Step (New-TestStep) -Paths $paths }
            finally { $WhatIfPreference = $false }
            $result.Outcome | Should -Be 'WhatIf'
            @($result.Changes)[0].Before | Should -Be 'DWord:1'
            (Get-FakeValue -Store 'HKLM').Data | Should -Be 1
            Should -Invoke Set-FfRegistryValue -Times 0 -Exactly
            [System.IO.File]::Exists([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log')) | Should -BeFalse
        }

        It 'reports a value that cannot be written as Failed, with a problem' {
            Mock Set-FfRegistryValue { throw 'Requested registry access is not allowed.' }
            $result = Invoke-FfRegistryValueRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Failed'
            @($result.Problems)[0].Target | Should -Be 'HKLM\Software\Policies\Fixture\DisableTaskMgr'
            @($result.Problems)[0].Reason | Should -Be 'Requested registry access is not allowed.'
            @($result.Changes).Count | Should -Be 0
        }

        It 'reports a value that reads back otherwise as a problem, not a change' {
            Mock Set-FfRegistryValue { Set-FakeValue -Store 'HKLM' -Type 'DWord' -Data 1 }
            $result = Invoke-FfRegistryValueRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Failed'
            @($result.Problems)[0].Reason | Should -Be 'written, but reads back as DWord:1'
        }

        It 'sets every user''s value: the logged-on user''s loaded hive, the others loaded and unloaded' {
            $fake.Loaded = @(New-Object -TypeName PSObject -Property @{ Sid = 'S-1-5-21-1-2-3-1001'; ProfilePath = $alice })
            $result = Invoke-FfRegistryValueRepair -Step (New-TestStep -Scope 'EveryUser' -Type 'DWord' -Data 0 -Context 'EveryUser') -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Succeeded'
            @($result.Changes | ForEach-Object { $_.Target }) | Should -Be @(
                ($alice + '\Software\Policies\Fixture\DisableTaskMgr'),
                ($bob + '\Software\Policies\Fixture\DisableTaskMgr'))
            (Get-FakeValue -Store 'HKU\S-1-5-21-1-2-3-1001').Data | Should -Be 0
            (Get-FakeValue -Store $bobHive).Data | Should -Be 0
            Should -Invoke Mount-FfUserHive -Times 1 -Exactly -ParameterFilter { $Path -eq $bobHive }
            $fake.Mounted.Count | Should -Be 0
        }

        It 'goes on with the other users when one hive fails, reports Partial, and unloads every hive' {
            Mock Set-FfRegistryValue { throw 'Access is denied.' } -ParameterFilter { $Root -like 'HKU\FixForge_*' -and $fake.Mounted[$Root.Substring(4)] -eq $bobHive }
            $result = Invoke-FfRegistryValueRepair -Step (New-TestStep -Scope 'EveryUser' -Context 'EveryUser') -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Partial'
            @($result.Changes).Count | Should -Be 1
            @($result.Problems)[0].Target | Should -Be ($bob + '\Software\Policies\Fixture\DisableTaskMgr')
            Should -Invoke Dismount-FfUserHive -Times 2 -Exactly
            $fake.Mounted.Count | Should -Be 0
        }

        It 'reports a hive left loaded as a problem, naming the hive and its file' {
            Mock Dismount-FfUserHive { throw 'reg.exe unload failed with exit code 1: Access is denied.' }
            $result = Invoke-FfRegistryValueRepair -Step (New-TestStep -Scope 'EveryUser' -Context 'EveryUser') -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Partial'
            $reasons = @($result.Problems | ForEach-Object { $_.Reason })
            $reasons.Count | Should -Be 2
            foreach ($user in @($alice, $bob)) {
                $file = [regex]::Escape([System.IO.Path]::Combine($user, 'NTUSER.DAT'))
                @($reasons | Where-Object { $_ -match ('^left loaded: HKU\\FixForge_\d+_[0-9a-f]{32} \(' + $file + '\) is still loaded: reg\.exe unload failed with exit code 1: Access is denied\.$') }).Count | Should -Be 1
            }
        }

        It 'refuses a profile whose hive file is a link: nothing loaded there, the others changed' {
            $elsewhere = [System.IO.Path]::Combine($base, 'elsewhere.dat')
            [System.IO.File]::WriteAllText($elsewhere, 'another hive')
            [System.IO.File]::Delete($bobHive)
            [void](New-Item -ItemType SymbolicLink -Path $bobHive -Target $elsewhere)
            $result = Invoke-FfRegistryValueRepair -Step (New-TestStep -Scope 'EveryUser' -Context 'EveryUser') -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Partial'
            @($result.Problems)[0].Reason | Should -Match '^Not loaded: refused, nothing touched: it is a link'
            Should -Invoke Mount-FfUserHive -Times 0 -Exactly -ParameterFilter { $Path -eq $bobHive }
        }

        It 'refuses HKLM from a 32-bit process, which would write the WOW6432Node view' {
            Mock Test-FfWow64Process { $true }
            $result = Invoke-FfRegistryValueRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Refused'
            @($result.Problems)[0].Target | Should -Be 'HKLM\Software\Policies\Fixture'
            Should -Invoke Set-FfRegistryValue -Times 0 -Exactly
            Get-FakeValue -Store 'HKLM' | Should -BeNullOrEmpty
        }

        It 'fails the repair through Invoke-FfRepair when the value cannot be written, and repairs when it can' {
            $script:RepairSteps = @(New-TestStep)
            (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Repaired'
            Set-FakeValue -Store 'HKLM' -Type 'DWord' -Data 1
            Mock Set-FfRegistryValue { throw 'Access is denied.' }
            (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Failed'
        }
    }
}
