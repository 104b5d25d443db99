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
        default { throw ('The test harness does not know root kind ' + $root.Kind) }
    }
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
    param([hashtable] $Tree, [string[]] $Context = $AllContexts, [switch] $WhatIf)
    $arguments = Get-TreeArgument -Command $FfTest.Commands.Repair -Tree $Tree
    & $FfTest.Commands.Repair @arguments -Context $Context -Confirm:$false -WhatIf:$WhatIf
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
if (Test-ModuleCommand 'Invoke-FfProgram') {
    Mock -ModuleName $ModuleName Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 0; Output = @() } }
}
