# The shared part of every generated module test file: runs in the Describe block's BeforeAll,
# with $FfTest (module name, command names, contexts, roots) handed in as Describe data.
# The step kinds' cases (generator/steps/<phase>/<kind>/<kind>.Cases.ps1) call these helpers.
# Real PowerShell source; needs PowerShell 5.1 or later and Pester 5 (tests never run on 2.0).

$ModuleName = $FfTest.ModuleName
Get-Module -Name $ModuleName | Remove-Module -Force
Import-Module -Name ([System.IO.Path]::Combine($ModuleFolder, ($ModuleName + '.psd1'))) -Force -ErrorAction Stop

# Get-WinEvent exists only on Windows; a stub lets the mocks below stand in for it elsewhere.
if (-not (Get-Command -Name 'Get-WinEvent' -ErrorAction SilentlyContinue)) {
    function global:Get-WinEvent { param($FilterHashtable, $ErrorAction) }
}

$AllContexts = $FfTest.Contexts
$Roots = $FfTest.Roots

function Join-TestPath {
    param([string] $Base, [string[]] $Segments)
    $path = $Base
    foreach ($segment in $Segments) { $path = [System.IO.Path]::Combine($path, $segment) }
    $path
}

function New-FakeTree {
    # A Windows directory, two user profiles on disk, the current user's profile, a data folder and a folder outside every root.
    $base = [System.IO.Path]::Combine($TestDrive, ('tree-' + [guid]::NewGuid().ToString('N')))
    $tree = @{
        WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows')
        ProfileDirectory = @((Join-TestPath $base @('Users', 'alice')), (Join-TestPath $base @('Users', 'bob')))
        CurrentUserProfile = Join-TestPath $base @('Users', 'current')
        DataDirectory = [System.IO.Path]::Combine($base, 'ProgramData')
        Outside = [System.IO.Path]::Combine($base, 'Outside')
    }
    foreach ($folder in @($tree.WindowsDirectory, $tree.CurrentUserProfile, $tree.Outside) + $tree.ProfileDirectory) {
        [void][System.IO.Directory]::CreateDirectory($folder)
    }
    # A new tree is a new machine: its services and processes start from the defaults too.
    Clear-FakeMachine
    $tree
}

function Get-TreeArgument {
    # The tree's paths as parameters, limited to those the command has.
    param([string] $Command, [hashtable] $Tree)
    $parameters = (Get-Command -Name $Command -Module $ModuleName).Parameters
    $arguments = @{}
    foreach ($name in @('WindowsDirectory', 'ProfileDirectory', 'CurrentUserProfile', 'DataDirectory')) {
        if ($parameters.ContainsKey($name)) { $arguments[$name] = $Tree[$name] }
    }
    $arguments
}

function Get-FakeFolder {
    # Where a location lies in the fake tree.
    param([hashtable] $Tree, [hashtable] $Location)
    $root = $Roots[$Location.Root]
    switch ($root.Kind) {
        'windows' { Join-TestPath (Join-TestPath $Tree.WindowsDirectory $root.Segments) $Location.Segments }
        'everyUserProfile' { foreach ($userProfile in $Tree.ProfileDirectory) { Join-TestPath $userProfile $Location.Segments } }
        'currentUserProfile' { Join-TestPath $Tree.CurrentUserProfile $Location.Segments }
        'special' {
            # The engine puts ProgramData and Program Files beside a Windows directory it is given.
            $names = @{ programData = 'ProgramData'; programFiles = 'Program Files'; programFilesX86 = 'Program Files (x86)' }
            Join-TestPath (Join-TestPath ([System.IO.Path]::GetDirectoryName($Tree.WindowsDirectory)) @($names[$root.Folder])) $Location.Segments
        }
        'profile' {
            $inProfile = @($root.Segments) + @($Location.Segments)
            switch ($Location.Context) {
                'EveryUser' { foreach ($userProfile in $Tree.ProfileDirectory) { Join-TestPath $userProfile $inProfile } }
                'CurrentUser' { Join-TestPath $Tree.CurrentUserProfile $inProfile }
                default { throw ('No profile context for root ' + $Location.Root) }
            }
        }
        default { throw ('The test harness does not know root kind ' + $root.Kind) }
    }
}

function Get-FakeSegment {
    # The folders from a location's anchor (the profile folder, the Windows directory) down to it:
    # the root's own segments, then the location's. Every one of them is a place to plant a link.
    param([hashtable] $Location)
    @(@($Roots[$Location.Root].Segments) | Where-Object { $_ }) + @($Location.Segments)
}

function Get-FakeAnchor {
    # The anchor a fake folder hangs from: the folder minus Get-FakeSegment's count of levels.
    param([string] $Folder, [hashtable] $Location)
    $anchor = $Folder
    foreach ($segment in @(Get-FakeSegment -Location $Location)) { $anchor = [System.IO.Path]::GetDirectoryName($anchor) }
    $anchor
}

function Add-FakeContent {
    # Two files and a subfolder with a file in every location; returns the folders.
    param([hashtable] $Tree, [object[]] $Locations)
    foreach ($location in $Locations) {
        foreach ($folder in @(Get-FakeFolder -Tree $Tree -Location $location)) {
            $sub = [System.IO.Path]::Combine($folder, 'sub')
            [void][System.IO.Directory]::CreateDirectory($sub)
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($folder, 'entry1.bin'), 'cached entry')
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($folder, 'entry2.dat'), 'cached entry')
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($sub, 'nested.bin'), 'cached entry')
            $folder
        }
    }
}

function Get-Entry {
    param([string] $Folder)
    @([System.IO.Directory]::GetFileSystemEntries($Folder))
}

function Invoke-Repair {
    # The kinds' cases exercise each step on its own: optional steps included. A fix with `when` or
    # `onFailure = stop` is repaired through the engine with -EachStepAlone (Options.Cases.ps1 tests those).
    param([hashtable] $Tree, [string[]] $Context = $AllContexts, [switch] $WhatIf)
    $arguments = Get-TreeArgument -Command $FfTest.Commands.Repair -Tree $Tree
    foreach ($switch in $FfTest.OptionalSwitches) { $arguments[$switch] = $true }
    if (-not $FfTest.HasStepOrder) {
        return & $FfTest.Commands.Repair @arguments -Context $Context -Confirm:$false -WhatIf:$WhatIf
    }
    $include = $FfTest.OptionalStepIds
    & (Get-Module -Name $ModuleName) {
        param($a, $c, $i, $w)
        Invoke-FfRepair -Paths (Get-FfPaths @a) -Context $c -Include $i -EachStepAlone -Confirm:$false -WhatIf:$w
    } (Select-TreePath $arguments) $Context $include $WhatIf
}

function Select-TreePath {
    # Only the path parameters of a Repair argument set (Get-FfPaths takes no switches).
    param([hashtable] $Arguments)
    $paths = @{}
    foreach ($name in @('WindowsDirectory', 'ProfileDirectory', 'CurrentUserProfile', 'DataDirectory')) {
        if ($Arguments.ContainsKey($name)) { $paths[$name] = $Arguments[$name] }
    }
    $paths
}

function Invoke-Test {
    [CmdletBinding()]
    param([hashtable] $Tree)
    $arguments = Get-TreeArgument -Command $FfTest.Commands.Test -Tree $Tree
    & $FfTest.Commands.Test @arguments
}

function Invoke-Status {
    param([hashtable] $Tree, [string[]] $Context = $AllContexts)
    $arguments = Get-TreeArgument -Command $FfTest.Commands.Status -Tree $Tree
    & $FfTest.Commands.Status @arguments -Context $Context
}

function Find-StepResult {
    # The result of one step in a repair, a test (its finding) or a status (its check).
    param($Result, [string] $StepId)
    $items = @()
    foreach ($name in @('Steps', 'Findings', 'Checks')) {
        if ($Result.PSObject.Properties[$name]) { $items += @($Result.$name) }
    }
    @($items | Where-Object { $_.StepId -eq $StepId })[0]
}

function Get-ModuleString {
    param([string] $Key)
    & (Get-Module -Name $ModuleName) { param($k) $script:Strings[$k] } $Key
}

function Test-ModuleCommand {
    # Whether the module carries a private function (it carries only the handlers its steps use).
    param([string] $Name)
    [bool](& (Get-Module -Name $ModuleName) { param($n) Get-Command -Name $n -CommandType Function -ErrorAction SilentlyContinue } $Name)
}

function New-FakeEvent {
    # An object shaped like an EventLogRecord: the properties the module reads and ToXml().
    param([string] $LogName, [string] $ProviderName, [int] $Id, [int] $Level, [string[]] $Data, [string] $Message = '', [DateTime] $TimeCreated = (Get-Date))
    $xml = '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="' + [System.Security.SecurityElement]::Escape($ProviderName) + '" /><EventID>' + $Id + '</EventID><Level>' + $Level + '</Level><Channel>' + [System.Security.SecurityElement]::Escape($LogName) + '</Channel></System><EventData>'
    foreach ($item in $Data) { $xml += '<Data>' + [System.Security.SecurityElement]::Escape($item) + '</Data>' }
    $xml += '</EventData></Event>'
    $record = New-Object -TypeName PSObject -Property @{ LogName = $LogName; ProviderName = $ProviderName; Id = $Id; Level = $Level; TimeCreated = $TimeCreated; Message = $Message }
    Add-Member -InputObject $record -MemberType NoteProperty -Name 'Xml' -Value $xml
    Add-Member -InputObject $record -MemberType ScriptMethod -Name 'ToXml' -Value { $this.Xml }
    $record
}

function New-EventData {
    # Event data fields with Text at Index and the error text in every other field.
    param([int] $Index, [string] $Text, [string] $ErrorText = 'The data is not what was expected.')
    $count = [Math]::Max($Index + 2, 2)
    for ($i = 0; $i -lt $count; $i++) { if ($i -eq $Index) { $Text } else { $ErrorText } }
}

function Select-FakeEvent {
    # What the real Get-WinEvent would return for these events: those since StartTime, or "no events found".
    param([object[]] $Events, [hashtable] $FilterHashtable)
    $selected = @($Events | Where-Object { -not $FilterHashtable.ContainsKey('StartTime') -or $_.TimeCreated -ge $FilterHashtable.StartTime })
    if ($selected.Count -eq 0) { Write-NoEventsFound }
    $selected
}

function Write-NoEventsFound {
    $exception = New-Object -TypeName System.Exception -ArgumentList 'No events were found that match the specified selection criteria.'
    throw (New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand', ([System.Management.Automation.ErrorCategory]::ObjectNotFound), $null)
}

function Test-SameList {
    param([object[]] $Actual, [object[]] $Expected)
    $Actual = @($Actual)
    if ($Actual.Count -ne $Expected.Count) { return $false }
    for ($i = 0; $i -lt $Expected.Count; $i++) { if (-not ([string]$Actual[$i]).Equals([string]$Expected[$i])) { return $false } }
    $true
}

# A clean machine unless a test says otherwise: no events, and programs that succeed.
Mock -ModuleName $ModuleName Get-WinEvent { Write-NoEventsFound }
# Retries wait between attempts; tests never do.
Mock -ModuleName $ModuleName Start-FfSleep { }
if (Test-ModuleCommand 'Invoke-FfProgram') {
    Mock -ModuleName $ModuleName Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 0; Output = @() } }
}

#region Fake services and processes (detect.serviceState, repair.service, repair.stopProcess)
# One fake service manager and process table per fake tree (New-FakeTree empties them). A service
# no test has set up is installed, Running and Automatic, alone in process 4242; one set up with
# -HangsOnStop stays StopPending until its process is stopped. No process runs unless a test adds
# it. The mocks below stand in for the kinds' engine functions and keep these tables up to date.
$FakeServices = @{}
$FakeProcesses = @{}

function Clear-FakeMachine {
    $FakeServices.Clear()
    $FakeProcesses.Clear()
    Clear-FakeRegistry
}

function Set-FakeService {
    param([string] $Name, [string] $State = 'Running', [string] $StartType = 'Automatic', [int] $ProcessId = -1, [string[]] $Dependents = @(), [switch] $HangsOnStop, [switch] $Missing)
    if ($Missing) { $FakeServices[$Name] = $null; return }
    if ($ProcessId -lt 0) { if ($State -eq 'Stopped') { $ProcessId = 0 } else { $ProcessId = 4242 } }
    $FakeServices[$Name] = @{ Name = $Name; State = $State; StartType = $StartType; ProcessId = $ProcessId; Dependents = @($Dependents); HangsOnStop = [bool]$HangsOnStop }
}

function Get-FakeService {
    # The service's entry ($null when not installed), created with the defaults on first use.
    param([string] $Name)
    if (-not $FakeServices.ContainsKey($Name)) { Set-FakeService -Name $Name }
    $FakeServices[$Name]
}

function Add-FakeProcess {
    # -Denied: stopping it throws (access denied); -Lingers: it survives being stopped.
    param([string] $Name, [int] $Id, [int] $SessionId = ([System.Diagnostics.Process]::GetCurrentProcess().SessionId), [switch] $Denied, [switch] $Lingers)
    $FakeProcesses[$Id] = @{ Id = $Id; Name = $Name; SessionId = $SessionId; Denied = [bool]$Denied; Lingers = [bool]$Lingers }
}

function Invoke-OneRepairStep {
    # One repair step on its own, through its handler as Invoke-FfRepair runs it: for what a step
    # promises by itself when other steps of the fix act on the same thing (a stop, then a start).
    param([hashtable] $Tree, [string] $StepId, [switch] $WhatIf)
    & (Get-Module -Name $ModuleName) {
        param($Tree, $StepId, $WhatIf)
        $paths = Get-FfPaths -WindowsDirectory $Tree.WindowsDirectory -ProfileDirectory $Tree.ProfileDirectory -CurrentUserProfile $Tree.CurrentUserProfile -DataDirectory $Tree.DataDirectory
        $step = @($script:RepairSteps | Where-Object { $_.Id -eq $StepId })[0]
        Invoke-FfHandler -Step $step -Parameters @{ Step = $step; Paths = $paths; WhatIf = [bool]$WhatIf; Confirm = $false }
    } $Tree $StepId $WhatIf
}

if (Test-ModuleCommand 'Get-FfServiceStateInfo') {
    Mock -ModuleName $ModuleName Get-FfServiceStateInfo {
        $s = Get-FakeService -Name $Name
        if ($s) { New-Object -TypeName PSObject -Property @{ Name = $s.Name; State = $s.State; StartType = $s.StartType } }
    }
}
if (Test-ModuleCommand 'Get-FfServiceInfo') {
    Mock -ModuleName $ModuleName Get-FfServiceInfo {
        $s = Get-FakeService -Name $Name
        if ($s) { New-Object -TypeName PSObject -Property @{ Name = $s.Name; State = $s.State; StartType = $s.StartType; ProcessId = $s.ProcessId; Dependents = @($s.Dependents) } }
    }
    Mock -ModuleName $ModuleName Get-FfServicesInProcess {
        @($FakeServices.Values | Where-Object { $_ -and $_.ProcessId -eq $ProcessId -and $_.State -ne 'Stopped' } | ForEach-Object { $_.Name })
    }
    # Win32_Service return codes: 0 done, 3 dependents running, 6 not active, 10 already running, 14 disabled.
    Mock -ModuleName $ModuleName Stop-FfServiceOnce {
        $s = Get-FakeService -Name $Name
        if ($s.State -eq 'Stopped') { return 6 }
        foreach ($dependent in $s.Dependents) { if ((Get-FakeService -Name $dependent).State -ne 'Stopped') { return 3 } }
        if ($s.HangsOnStop) { $s.State = 'StopPending' } else { $s.State = 'Stopped'; $s.ProcessId = 0 }
        0
    }
    Mock -ModuleName $ModuleName Start-FfServiceOnce {
        $s = Get-FakeService -Name $Name
        if ($s.StartType -eq 'Disabled') { return 14 }
        if ($s.State -eq 'Running') { return 10 }
        $s.State = 'Running'
        $s.ProcessId = 4242
        0
    }
    Mock -ModuleName $ModuleName Set-FfServiceStartType { (Get-FakeService -Name $Name).StartType = $StartType; 0 }
    Mock -ModuleName $ModuleName Stop-FfServiceProcess {
        foreach ($s in @($FakeServices.Values)) { if ($s -and $s.ProcessId -eq $ProcessId) { $s.State = 'Stopped'; $s.ProcessId = 0 } }
    }
    Mock -ModuleName $ModuleName Start-FfServiceSleep { }
}
if (Test-ModuleCommand 'Get-FfProcessByName') {
    Mock -ModuleName $ModuleName Get-FfProcessByName {
        @($FakeProcesses.Values | Where-Object { $_.Name -eq $Name } | ForEach-Object { New-Object -TypeName PSObject -Property @{ Id = $_.Id; Name = $_.Name; SessionId = $_.SessionId } })
    }
    Mock -ModuleName $ModuleName Stop-FfProcessById {
        $p = $FakeProcesses[$Id]
        if ($p -and $p.Denied) { throw 'Access is denied.' }
        if ($p -and -not $p.Lingers) { $FakeProcesses.Remove($Id) }
    }
    Mock -ModuleName $ModuleName Start-FfProcessSleep { }
}
#endregion

#region Fake registry (detect.registryValue, repair.registryValue)
# An in-memory registry per fake tree (New-FakeTree empties it): a store per hive, named 'HKLM',
# 'HKCU', 'HKU\<SID>' (a logged-on user's hive) or a hive file's path (NTUSER.DAT of a user who
# is not logged on, reached only while Mount-FfUserHive has it loaded); the users logged on; and
# the hives loaded right now. A clean machine has no values. The mocks below stand in for the
# kinds' engine functions, so values written by a repair are read back by the next detection.
$FakeRegistry = @{ Stores = @{}; Mounted = @{}; Loaded = @() }

function Clear-FakeRegistry {
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

if (Test-ModuleCommand 'Get-FfRegistryValue') {
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
}
if (Test-ModuleCommand 'Set-FfRegistryValue') {
    Mock -ModuleName $ModuleName Set-FfRegistryValue { Set-FakeRegistryValue -Store (Get-FakeRegistryStore -Root $Root) -Key $Key -Name $Name -Type $Type -Data $Data }
    Mock -ModuleName $ModuleName Remove-FfRegistryValue { Set-FakeRegistryValue -Store (Get-FakeRegistryStore -Root $Root) -Key $Key -Name $Name -Absent }
}
#endregion

# repair.wait: no test sleeps; a case that counts the pauses mocks it again.
if (Test-ModuleCommand 'Start-FfWait') {
    Mock -ModuleName $ModuleName Start-FfWait { }
}
