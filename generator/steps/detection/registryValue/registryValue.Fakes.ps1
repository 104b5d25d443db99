# Fakes for the registry reader's OS functions (registryValue.ps1 of detect.registryValue, carried
# by repair.registryValue too), included in a generated module test file when the module carries
# that file. An in-memory registry per fake tree (New-FakeTree empties it): a store per hive, named
# 'HKLM', 'HKCU', 'HKU\<SID>' (a logged-on user's hive) or a hive file's path (NTUSER.DAT of a user
# who is not logged on, reached only while Mount-FfUserHive has it loaded); the users logged on;
# and the hives loaded right now. A clean machine has no values. Values written by a repair
# (repair.registryValue's fakes) are read back by the next detection.
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

$FakeRegistry = @{ Stores = @{}; Mounted = @{}; Loaded = @() }
Register-FakeMachineReset {
    $FakeRegistry.Stores.Clear()
    $FakeRegistry.Mounted.Clear()
    $FakeRegistry.Loaded = @()
}

function Get-FakeRegistryStore {
    # The store a root the engine uses stands for; a FixForge_ root only while it is loaded.
    param([string] $Root)
    if ($Root -like 'HKU\FixForge_*') {
        $file = $FakeRegistry.Mounted[$Root.Substring(4)]
        if (-not $file) { throw ('The user hive {0} is not loaded.' -f $Root) }
        return $file
    }
    $Root
}

function Set-FakeRegistryValue {
    # -Absent removes the value.
    param([string] $Store, [string] $Key, [string] $Name, [string] $Type, [object] $Data, [switch] $Absent)
    if (-not $FakeRegistry.Stores.ContainsKey($Store)) { $FakeRegistry.Stores[$Store] = @{} }
    $id = ($Key + '|' + $Name).ToLowerInvariant()
    if ($Absent) { $FakeRegistry.Stores[$Store].Remove($id); return }
    $FakeRegistry.Stores[$Store][$id] = @{ Type = $Type; Data = $Data }
}

function Get-FakeRegistryValue {
    # @{ Type; Data }, or $null when absent.
    param([string] $Store, [string] $Key, [string] $Name)
    if (-not $FakeRegistry.Stores.ContainsKey($Store)) { return $null }
    $FakeRegistry.Stores[$Store][($Key + '|' + $Name).ToLowerInvariant()]
}

Mock -ModuleName $ModuleName Get-FfLoadedUserHive { $FakeRegistry.Loaded }
Mock -ModuleName $ModuleName Mount-FfUserHive {
    # Windows refuses to load a hive file twice.
    if ($FakeRegistry.Mounted.ContainsValue($Path)) { throw 'The process cannot access the file because it is being used by another process.' }
    $FakeRegistry.Mounted[$Name] = $Path
}
Mock -ModuleName $ModuleName Dismount-FfUserHive { $FakeRegistry.Mounted.Remove($Name) }
Mock -ModuleName $ModuleName Get-FfRegistryValue {
    $entry = Get-FakeRegistryValue -Store (Get-FakeRegistryStore -Root $Root) -Key $Key -Name $Name
    if ($entry) { New-Object -TypeName PSObject -Property @{ Type = $entry.Type; Data = $entry.Data } }
}
