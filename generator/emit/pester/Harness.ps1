# The shared part of every generated module test file: runs in the Describe block's BeforeAll,
# with $FfTest (module name, command names, contexts, roots) handed in as Describe data.
# The step kinds' cases (generator/steps/<phase>/<kind>/<kind>.Cases.ps1) call these helpers.
# Only kind-neutral helpers live here: the fakes of the engine's OS functions come after this
# file, from each carried engine file's own <kind>.Fakes.ps1 (Engine.Fakes.ps1 for the core).
# Real PowerShell source; needs PowerShell 5.1 or later and Pester 5 (tests never run on 2.0).

$ModuleName = $FfTest.ModuleName
Get-Module -Name $ModuleName | Remove-Module -Force
Import-Module -Name ([System.IO.Path]::Combine($ModuleFolder, ($ModuleName + '.psd1'))) -Force -ErrorAction Stop

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
    # A new tree is a new machine: the fakes' services, processes and registry start from the defaults too.
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

function Test-SameList {
    param([object[]] $Actual, [object[]] $Expected)
    $Actual = @($Actual)
    if ($Actual.Count -ne $Expected.Count) { return $false }
    for ($i = 0; $i -lt $Expected.Count; $i++) { if (-not ([string]$Actual[$i]).Equals([string]$Expected[$i])) { return $false } }
    $true
}

# A fake tree is a fake machine. Each fakes file registers how to empty its tables; New-FakeTree
# empties them all, so no state leaks from one test's machine into the next.
$FakeMachineResets = New-Object -TypeName System.Collections.ArrayList

function Register-FakeMachineReset {
    param([scriptblock] $Reset)
    [void]$FakeMachineResets.Add($Reset)
}

function Clear-FakeMachine {
    foreach ($reset in $FakeMachineResets) { & $reset }
}

# What a kind's fakes install on a fresh tree for the calls made as the help shows them: a machine
# where the fix's own programs are there (a case about a missing one does not call this).
$FakeInstalls = New-Object -TypeName System.Collections.ArrayList
function Register-FakeInstall {
    param([scriptblock] $Install)
    [void]$FakeInstalls.Add($Install)
}

function Install-FakeMachine {
    param([Parameter(Mandatory = $true)] [hashtable] $Tree)
    foreach ($install in $FakeInstalls) { & $install $Tree }
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
