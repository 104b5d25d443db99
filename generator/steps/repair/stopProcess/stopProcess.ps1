# repair.stopProcess: ends every process of one image name (all sessions for System, the current
# session for CurrentUser) and waits for them to go. Processes are listed by their exact name
# (GetProcessesByName: no wildcards) and ended by id, after checking the id still has that name.
# Windows PowerShell 2.0-safe.

function Get-FfProcessByName {
    # The processes of an image name (without '.exe'), with their session; the one place this kind lists processes.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Name)
    foreach ($process in @([System.Diagnostics.Process]::GetProcessesByName($Name))) {
        New-FfObject -TypeName 'FixForge.ProcessInfo' -Name @('Id', 'Name', 'SessionId') -Value @{ Id = $process.Id; Name = $process.ProcessName; SessionId = $process.SessionId }
    }
}

function Stop-FfProcessById {
    # Ends a process by id, unless the id now belongs to another program (ids are reused); throws when denied.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [int] $Id,
        [Parameter(Mandatory = $true)] [string] $Name
    )
    $process = $null
    try { $process = [System.Diagnostics.Process]::GetProcessById($Id) } catch { return }
    if ($process.ProcessName -ne $Name) { return }
    Stop-Process -Id $Id -Force -ErrorAction Stop
}

function Start-FfProcessSleep {
    # The one place this kind waits, so that tests do not.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [int] $Seconds)
    Start-Sleep -Seconds $Seconds
}

function Get-FfStepProcess {
    # The step's processes: every session for System, only this session for CurrentUser.
    param([hashtable] $Step)
    $session = [System.Diagnostics.Process]::GetCurrentProcess().SessionId
    foreach ($process in @(Get-FfProcessByName -Name $Step.ProcessName)) {
        if ($Step.Context -eq 'CurrentUser' -and $process.SessionId -ne $session) { continue }
        $process
    }
}

function Invoke-FfStopProcessRepair {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $image = $Step.ProcessName + '.exe'
    try {
        $running = @(Get-FfStepProcess -Step $Step)
    }
    catch {
        $reason = 'cannot list the {0} processes: {1}' -f $image, $_.Exception.Message
        return New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Problems @(New-FfProblem -Target $image -Reason $reason)
    }
    if ($running.Count -eq 0) { return New-FfStepResult -Step $Step -Outcome 'NotNeeded' }
    $targets = @{}
    foreach ($process in $running) { $targets[[int]$process.Id] = '{0} (process {1}, session {2})' -f $image, $process.Id, $process.SessionId }
    if (-not $PSCmdlet.ShouldProcess($image, $script:Strings[$Step.DescriptionKey])) {
        $planned = @()
        foreach ($process in $running) { $planned += New-FfChange -Action 'StopProcess' -Target $targets[[int]$process.Id] -Before 'running' -After 'ended' }
        return New-FfStepResult -Step $Step -Outcome 'WhatIf' -Changes $planned
    }
    $problems = @()
    $asked = @()
    foreach ($process in $running) {
        try {
            Stop-FfProcessById -Id $process.Id -Name $Step.ProcessName
            $asked += [int]$process.Id
        }
        catch {
            $problems += New-FfProblem -Target $targets[[int]$process.Id] -Reason ('cannot end it: ' + $_.Exception.Message)
        }
    }
    # Ending is asynchronous: wait up to the timeout, once a second, for the processes to go.
    $left = @($asked)
    for ($waited = 0; $waited -le $Step.TimeoutSeconds; $waited++) {
        $now = @(Get-FfProcessByName -Name $Step.ProcessName | ForEach-Object { [int]$_.Id })
        $left = @($asked | Where-Object { $now -contains $_ })
        if ($left.Count -eq 0 -or $waited -eq $Step.TimeoutSeconds) { break }
        Start-FfProcessSleep -Seconds 1
    }
    $changes = @()
    foreach ($id in $asked) {
        if ($left -contains $id) {
            $problems += New-FfProblem -Target $targets[$id] -Reason ('it did not end within {0} s' -f $Step.TimeoutSeconds)
            continue
        }
        $changes += New-FfChange -Action 'StopProcess' -Target $targets[$id] -Before 'running' -After 'ended'
        Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: ended {1}' -f $Step.Id, $targets[$id])
    }
    $message = $null
    if ($problems.Count -gt 0) { $message = '{0} of {1} {2} process(es) could not be ended' -f $problems.Count, $running.Count, $image }
    New-FfStepResult -Step $Step -Outcome (Get-FfOutcome -ChangeCount $changes.Count -ProblemCount $problems.Count -WhatIf $false) -Message $message -Changes $changes -Problems $problems
}
