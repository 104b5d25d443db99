# fixforge engine core: what every generated script carries, whatever its steps.
# Real PowerShell source: it parses and runs on its own (see Core.Tests.ps1) and must stay valid
# Windows PowerShell 2.0 (.NET 2.0); CI checks it with scripts/ps/Test-Ps2Compatibility.ps1.
# The emitters put the fix's data tables ($script:FixId, $script:Roots, $script:DetectionSteps,
# $script:RepairSteps, $script:VerifySteps, $script:Hints, $script:Strings) before it and the
# handlers of the step kinds the fix uses after it. A step names its handler in its data entry.

function New-FfObject {
    # New-Object PSObject with properties in a fixed order (2.0 has no [ordered] or [pscustomobject]).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $TypeName,
        [Parameter(Mandatory = $true)] [string[]] $Name,
        [Parameter(Mandatory = $true)] [hashtable] $Value
    )
    $object = New-Object -TypeName PSObject
    foreach ($propertyName in $Name) {
        Add-Member -InputObject $object -MemberType NoteProperty -Name $propertyName -Value $Value[$propertyName]
    }
    $object.PSObject.TypeNames.Insert(0, $TypeName)
    $object
}

function Get-FfDataDirectory {
    # Log and state live under %ProgramData%; a user without write access there falls back to %LOCALAPPDATA%.
    [CmdletBinding()]
    param([string] $DataDirectory)
    if ($DataDirectory) { return $DataDirectory }
    $base = $env:ProgramData
    if (-not $base) { $base = [System.IO.Path]::GetTempPath() }
    $candidate = [System.IO.Path]::Combine([System.IO.Path]::Combine($base, 'FixForge'), $script:FixId)
    try {
        [void][System.IO.Directory]::CreateDirectory($candidate)
        $probe = [System.IO.Path]::Combine($candidate, '.write-test')
        [System.IO.File]::WriteAllText($probe, '')
        [System.IO.File]::Delete($probe)
        return $candidate
    }
    catch {
        if ($env:LOCALAPPDATA) {
            return [System.IO.Path]::Combine([System.IO.Path]::Combine($env:LOCALAPPDATA, 'FixForge'), $script:FixId)
        }
        return $candidate
    }
}

function Write-FfLog {
    # One line per event, UTC timestamps; a log that cannot be written never fails the run.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $DataDirectory,
        [Parameter(Mandatory = $true)] [string] $Message
    )
    $line = '{0} [{1}] {2}' -f [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture), $env:USERNAME, $Message
    Write-Verbose $Message
    try {
        [void][System.IO.Directory]::CreateDirectory($DataDirectory)
        $path = [System.IO.Path]::Combine($DataDirectory, ($script:FixId + '.log'))
        [System.IO.File]::AppendAllText($path, $line + "`r`n", [System.Text.Encoding]::UTF8)
    }
    catch {
        Write-Verbose ('Cannot write the log: ' + $_.Exception.Message)
    }
}

function Get-FfLastRepairTime {
    # The detection window starts at the last successful repair, so a repaired machine reads clean.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $DataDirectory)
    $path = [System.IO.Path]::Combine($DataDirectory, 'state.txt')
    if (-not [System.IO.File]::Exists($path)) { return $null }
    foreach ($line in [System.IO.File]::ReadAllLines($path)) {
        if ($line.StartsWith('LastRepairUtc=')) {
            $text = $line.Substring('LastRepairUtc='.Length)
            $styles = [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal
            $parsed = [DateTime]::MinValue
            if ([DateTime]::TryParseExact($text, 'yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture, $styles, [ref]$parsed)) {
                return $parsed.ToLocalTime()
            }
        }
    }
    $null
}

function Set-FfLastRepairTime {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $DataDirectory,
        [Parameter(Mandatory = $true)] [DateTime] $Time
    )
    [void][System.IO.Directory]::CreateDirectory($DataDirectory)
    $path = [System.IO.Path]::Combine($DataDirectory, 'state.txt')
    $text = 'LastRepairUtc=' + $Time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
    [System.IO.File]::WriteAllText($path, $text + "`r`n", [System.Text.Encoding]::ASCII)
}

function Test-FfWow64Process {
    # A 32-bit process on 64-bit Windows: System32 is silently redirected to SysWOW64.
    [CmdletBinding()]
    param()
    [bool]$env:PROCESSOR_ARCHITEW6432
}

function Join-FfPath {
    # Joins segments with the platform's separator; never interprets wildcards.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Base,
        [string[]] $Segments
    )
    $path = $Base
    foreach ($segment in $Segments) { $path = [System.IO.Path]::Combine($path, $segment) }
    $path
}

function Resolve-FfWindowsPath {
    # System32 under a 32-bit process is reached through Sysnative, or the wrong folder is used.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $WindowsDirectory,
        [string[]] $Segments
    )
    $first = @($Segments)[0]
    if ($first -eq 'System32' -and (Test-FfWow64Process)) {
        $sysnative = [System.IO.Path]::Combine($WindowsDirectory, 'Sysnative')
        if ([System.IO.Directory]::Exists($sysnative)) {
            $rest = @($Segments | Select-Object -Skip 1)
            return Join-FfPath -Base $sysnative -Segments $rest
        }
    }
    Join-FfPath -Base $WindowsDirectory -Segments $Segments
}

function Get-FfUserProfilePath {
    # Every local and domain user profile on disk (SIDs S-1-5-21-*), logged on or not.
    [CmdletBinding()]
    param([string[]] $ProfileDirectory)
    if ($ProfileDirectory) { return $ProfileDirectory }
    $key = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'
    if (-not (Test-Path -LiteralPath $key)) { return @() }
    foreach ($entry in @(Get-ChildItem -LiteralPath $key -ErrorAction SilentlyContinue)) {
        if ($entry.PSChildName -like 'S-1-5-21-*') {
            $value = (Get-ItemProperty -LiteralPath $entry.PSPath -Name 'ProfileImagePath' -ErrorAction SilentlyContinue)
            if ($value -and $value.ProfileImagePath) {
                [Environment]::ExpandEnvironmentVariables([string]$value.ProfileImagePath)
            }
        }
    }
}

function Resolve-FfLocation {
    # The folders a location stands for on this machine (or in a fake tree given by parameters).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Location,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $root = $script:Roots[$Location.Root]
    if (-not $root) { throw ('Unknown root ''{0}'': the data table does not list it.' -f $Location.Root) }
    switch ($root.Kind) {
        'windows' {
            $base = Resolve-FfWindowsPath -WindowsDirectory $Paths.WindowsDirectory -Segments $root.Segments
            Join-FfPath -Base $base -Segments $Location.Segments
        }
        'everyUserProfile' {
            foreach ($userProfile in @(Get-FfUserProfilePath -ProfileDirectory $Paths.ProfileDirectory)) {
                Join-FfPath -Base $userProfile -Segments $Location.Segments
            }
        }
        'currentUserProfile' {
            if ($Paths.CurrentUserProfile) { Join-FfPath -Base $Paths.CurrentUserProfile -Segments $Location.Segments }
        }
        default {
            throw ('Root ''{0}'' has kind ''{1}'', which this engine does not know.' -f $Location.Root, $root.Kind)
        }
    }
}

function Get-FfDefaultContext {
    # SYSTEM does the machine-wide work; a user can only change what is theirs.
    [CmdletBinding()]
    param()
    $contexts = @()
    try {
        $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
        $principal = New-Object -TypeName System.Security.Principal.WindowsPrincipal -ArgumentList $identity
        if ($identity.User.Value -eq 'S-1-5-18') {
            $contexts = @('System', 'EveryUser')
        }
        elseif ($principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)) {
            $contexts = @('System', 'EveryUser', 'CurrentUser')
        }
        else {
            $contexts = @('CurrentUser')
        }
    }
    catch {
        $contexts = @('CurrentUser')
    }
    $contexts
}

function Get-FfPaths {
    [CmdletBinding()]
    param(
        [string] $WindowsDirectory,
        [string[]] $ProfileDirectory,
        [string] $CurrentUserProfile,
        [string] $DataDirectory
    )
    if (-not $WindowsDirectory) { $WindowsDirectory = $env:windir }
    if (-not $CurrentUserProfile) { $CurrentUserProfile = $env:USERPROFILE }
    @{
        WindowsDirectory = $WindowsDirectory
        ProfileDirectory = $ProfileDirectory
        CurrentUserProfile = $CurrentUserProfile
        DataDirectory = (Get-FfDataDirectory -DataDirectory $DataDirectory)
    }
}

function Select-FfPathParameter {
    # The path parameters a public function was given, to pass on to the others.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $BoundParameters)
    $selected = @{}
    foreach ($name in @('WindowsDirectory', 'ProfileDirectory', 'CurrentUserProfile', 'DataDirectory')) {
        if ($BoundParameters.ContainsKey($name)) { $selected[$name] = $BoundParameters[$name] }
    }
    $selected
}

#region Results
# Every step reports the same shapes, whatever its kind: a finding (detection), a step result
# (repair) or a check (verify). Summaries, exit codes and help are built from these alone.

function New-FfFinding {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [int] $Count = 0,
        [object[]] $Details = @(),
        [object[]] $Hints = @(),
        [object] $Since = $null,
        [string] $ErrorText
    )
    $detected = $Count -gt 0
    if ($detected) { $message = $script:Strings[$Step.DetectedKey] } else { $message = $script:Strings[$Step.CleanKey] }
    if ($ErrorText) { $message = $ErrorText } else { $ErrorText = $null }
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.Finding') -Name @('StepId', 'Kind', 'Indicates', 'Detected', 'Count', 'Message', 'Hints', 'Details', 'Since', 'Error') -Value @{
        StepId = $Step.Id
        Kind = $Step.Kind
        Indicates = $Step.Indicates
        Detected = $detected
        Count = $Count
        Message = $message
        Hints = $Hints
        Details = $Details
        Since = $Since
        Error = $ErrorText
    }
}

function New-FfChange {
    # One change a repair made (or, under -WhatIf, would make): enough to undo it by hand.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Action,
        [Parameter(Mandatory = $true)] [string] $Target,
        [object] $Before = $null,
        [object] $After = $null
    )
    New-FfObject -TypeName 'FixForge.Change' -Name @('Action', 'Target', 'Before', 'After') -Value @{ Action = $Action; Target = $Target; Before = $Before; After = $After }
}

function New-FfProblem {
    # One thing a step could not do, and why; it never stops the step's other work.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Target,
        [Parameter(Mandatory = $true)] [string] $Reason
    )
    New-FfObject -TypeName 'FixForge.Problem' -Name @('Target', 'Reason') -Value @{ Target = $Target; Reason = $Reason }
}

function New-FfStepResult {
    # Outcome: Succeeded, NotNeeded, Partial, Failed, Refused, WhatIf or Skipped.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [ValidateSet('Succeeded', 'NotNeeded', 'Partial', 'Failed', 'Refused', 'WhatIf', 'Skipped')] [string] $Outcome,
        [string] $Message,
        [object[]] $Changes = @(),
        [object[]] $Problems = @(),
        [bool] $RebootRequired = $false
    )
    if (-not $Message) { $Message = $script:Strings[$Step.DescriptionKey] }
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.StepResult') -Name @('StepId', 'Kind', 'Context', 'Outcome', 'Message', 'Changes', 'Problems', 'RebootRequired') -Value @{
        StepId = $Step.Id
        Kind = $Step.Kind
        Context = $Step.Context
        Outcome = $Outcome
        Message = $Message
        Changes = @($Changes)
        Problems = @($Problems)
        RebootRequired = $RebootRequired
    }
}

function Get-FfOutcome {
    # The outcome of a step from what it did: nothing to do, all done, some done, nothing done.
    [CmdletBinding()]
    param([int] $ChangeCount, [int] $ProblemCount, [bool] $WhatIf)
    if ($WhatIf) { return 'WhatIf' }
    if ($ProblemCount -eq 0) {
        if ($ChangeCount -eq 0) { return 'NotNeeded' }
        return 'Succeeded'
    }
    if ($ChangeCount -gt 0) { return 'Partial' }
    'Failed'
}

function New-FfCheck {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [bool] $Passed,
        [object[]] $Remaining = @(),
        [object] $Test = $null
    )
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.Check') -Name @('StepId', 'Kind', 'Passed', 'Description', 'Remaining', 'Test') -Value @{
        StepId = $Step.Id
        Kind = $Step.Kind
        Passed = $Passed
        Description = $script:Strings[$Step.DescriptionKey]
        Remaining = @($Remaining)
        Test = $Test
    }
}

function Get-FfRepairSummary {
    # One line for logs and deployment tools: the status, then counts from the generic results.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] $Repair)
    $text = '{0}, {1} change(s), {2} problem(s)' -f $Repair.Status, @($Repair.Changes).Count, @($Repair.Problems).Count
    if ($Repair.RebootRequired) { $text += ', restart required' }
    $text
}
#endregion

#region Dispatch
function Invoke-FfHandler {
    # Runs the handler a step's data entry names. A kind the engine lacks is an error, never a success.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Parameters
    )
    $command = $null
    if ($Step.Handler) { $command = Get-Command -Name $Step.Handler -CommandType Function -ErrorAction SilentlyContinue }
    if (-not $command) {
        throw ('Step ''{0}'' of kind ''{1}'' needs handler ''{2}'', which this script does not carry.' -f $Step.Id, $Step.Kind, $Step.Handler)
    }
    & $command @Parameters
}

function Invoke-FfDetection {
    # The body of Test-<Noun>: every detection step, then whether any problem step found something.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $Paths)
    $lastRepair = Get-FfLastRepairTime -DataDirectory $Paths.DataDirectory
    $findings = @()
    foreach ($step in $script:DetectionSteps) {
        Write-Verbose ('Detection step {0}' -f $step.Id)
        $findings += Invoke-FfHandler -Step $step -Parameters @{ Step = $step; Paths = $Paths; LastRepair = $lastRepair }
    }
    $detected = $false
    $hints = @()
    foreach ($finding in $findings) {
        if ($finding.Indicates -eq 'problem' -and $finding.Detected) { $detected = $true }
        foreach ($hint in $finding.Hints) { if (-not ($hints -contains $hint)) { $hints += $hint } }
    }
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.TestResult') -Name @('FixId', 'ComputerName', 'Detected', 'Findings', 'Hints', 'LastRepair') -Value @{
        FixId = $script:FixId
        ComputerName = $env:COMPUTERNAME
        Detected = $detected
        Findings = $findings
        Hints = $hints
        LastRepair = $lastRepair
    }
}

function Invoke-FfVerification {
    # The body of Get-<Noun>Status: every verify step; the fix is in place when all pass.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [Parameter(Mandatory = $true)] [string[]] $Context
    )
    $checks = @()
    $test = $null
    foreach ($step in $script:VerifySteps) {
        $check = Invoke-FfHandler -Step $step -Parameters @{ Step = $step; Paths = $Paths; Context = $Context }
        if ($check.Test) { $test = $check.Test }
        $checks += $check
    }
    $isFixed = $true
    foreach ($check in $checks) { if (-not $check.Passed) { $isFixed = $false } }
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.Status') -Name @('FixId', 'ComputerName', 'IsFixed', 'Checks', 'Test') -Value @{
        FixId = $script:FixId
        ComputerName = $env:COMPUTERNAME
        IsFixed = $isFixed
        Checks = $checks
        Test = $test
    }
}

function Invoke-FfRepair {
    # The body of Repair-<Noun>: the steps of the requested contexts, then the verification.
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [Parameter(Mandatory = $true)] [string[]] $Context
    )
    $started = Get-Date
    Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0} {1}: repair started, context {2}' -f $script:FixId, $script:ModuleVersion, ($Context -join ', '))
    $steps = @()
    foreach ($step in $script:RepairSteps) {
        if (-not ($Context -contains $step.Context)) {
            # Reported, not hidden: the result says which steps this run left to another context.
            Write-Verbose ('Skipping {0}: context {1} not requested' -f $step.Id, $step.Context)
            $steps += New-FfStepResult -Step $step -Outcome 'Skipped' -Message ('context {0} not requested' -f $step.Context)
            continue
        }
        Write-Verbose ('Repair step {0}' -f $step.Id)
        $result = $null
        try {
            $result = Invoke-FfHandler -Step $step -Parameters @{ Step = $step; Paths = $Paths }
        }
        catch {
            $result = New-FfStepResult -Step $step -Outcome 'Failed' -Message $_.Exception.Message -Problems @(New-FfProblem -Target $step.Id -Reason $_.Exception.Message)
        }
        foreach ($problem in @($result.Problems)) {
            Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1}: {2}' -f $step.Id, $problem.Target, $problem.Reason)
        }
        $steps += $result
    }
    $status = 'Repaired'
    foreach ($result in $steps) {
        if ($result.Outcome -eq 'Failed' -or $result.Outcome -eq 'Refused') { $status = 'Failed' }
        elseif ($result.Outcome -eq 'Partial' -and $status -ne 'Failed') { $status = 'Partial' }
        elseif ($result.Outcome -eq 'WhatIf' -and $status -eq 'Repaired') { $status = 'WhatIf' }
    }
    $changes = @()
    $problems = @()
    $rebootRequired = $false
    foreach ($result in $steps) {
        $changes += $result.Changes
        $problems += $result.Problems
        if ($result.RebootRequired) { $rebootRequired = $true }
    }
    $verification = $null
    if ($status -eq 'Repaired' -or $status -eq 'Partial') {
        try {
            Set-FfLastRepairTime -DataDirectory $Paths.DataDirectory -Time $started
        }
        catch {
            Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('Cannot record the repair time: ' + $_.Exception.Message)
        }
        $verification = Invoke-FfVerification -Paths $Paths -Context $Context
    }
    $repair = New-FfObject -TypeName ('FixForge.' + $script:FixId + '.RepairResult') -Name @('FixId', 'ComputerName', 'Status', 'Context', 'Steps', 'Changes', 'Problems', 'RebootRequired', 'Verification', 'LogPath') -Value @{
        FixId = $script:FixId
        ComputerName = $env:COMPUTERNAME
        Status = $status
        Context = $Context
        Steps = $steps
        Changes = $changes
        Problems = $problems
        RebootRequired = $rebootRequired
        Verification = $verification
        LogPath = [System.IO.Path]::Combine($Paths.DataDirectory, ($script:FixId + '.log'))
    }
    if ($status -ne 'WhatIf') {
        Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1}' -f $script:FixId, (Get-FfRepairSummary -Repair $repair))
    }
    $repair
}
#endregion
