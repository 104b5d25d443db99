# repair.service: stop one Windows service (its running dependents first when asked, waiting up to
# a timeout, then its own process if it hangs), start it, restart it, or set its start type. Every
# call to the service manager goes through one small function, so that tests can stand in for it:
# the reader (Get-FfServiceInfo, Get-FfServiceEntry) is serviceState.ps1's, shared with
# detect.serviceState; the controls here use Win32_Service through CIM on 3.0+ and WMI on 2.0, as
# the reader does. Services are found by their short name, processes by the service's own process
# id, never by name. Windows PowerShell 2.0-safe.

function Get-FfServicesInProcess {
    # The services that run in a process: svchost hosts several, and stopping it stops them all.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [int] $ProcessId)
    foreach ($service in @(Get-FfServiceEntry -ProcessId $ProcessId)) {
        if ([string]$service.State -ne 'Stopped') { [string]$service.Name }
    }
}

function Invoke-FfServiceControl {
    # Win32_Service's StopService or StartService for one service, without waiting; returns its
    # return code. Through CIM on 3.0 and later (PowerShell 6+ has no WMI), through WMI on 2.0.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Name,
        [Parameter(Mandatory = $true)] [ValidateSet('StopService', 'StartService')] [string] $MethodName
    )
    $service = @(Get-FfServiceEntry -Name $Name)
    if ($service.Count -eq 0) { throw ('Service {0} is not installed.' -f $Name) }
    if ($PSVersionTable.PSVersion.Major -ge 3) {
        return [int](Invoke-CimMethod -InputObject $service[0] -MethodName $MethodName -ErrorAction Stop).ReturnValue
    }
    if ($MethodName -eq 'StopService') { return [int]$service[0].StopService().ReturnValue }
    [int]$service[0].StartService().ReturnValue
}

function Stop-FfServiceOnce {
    # Asks the service to stop, without waiting; returns Win32_Service's return code.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Name)
    Invoke-FfServiceControl -Name $Name -MethodName 'StopService'
}

function Start-FfServiceOnce {
    # Asks the service to start, without waiting; returns Win32_Service's return code.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Name)
    Invoke-FfServiceControl -Name $Name -MethodName 'StartService'
}

function Set-FfServiceStartType {
    # sc.exe config, by full path: Set-Service cannot set "Automatic (Delayed Start)" before
    # PowerShell 6, nor clear it. Returns sc.exe's exit code.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Name,
        [Parameter(Mandatory = $true)] [string] $StartType,
        [Parameter(Mandatory = $true)] [string] $WindowsDirectory
    )
    $values = @{ Automatic = 'auto'; AutomaticDelayed = 'delayed-auto'; Manual = 'demand'; Disabled = 'disabled' }
    if (-not $values.ContainsKey($StartType)) { throw ('Unknown start type ''{0}''.' -f $StartType) }
    $sc = Resolve-FfWindowsPath -WindowsDirectory $WindowsDirectory -Segments @('System32', 'sc.exe')
    [void](& $sc 'config' $Name 'start=' $values[$StartType] 2>&1)
    $LASTEXITCODE
}

function Stop-FfServiceProcess {
    # Ends a hung service's process by its id; throws when it cannot.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [int] $ProcessId)
    Stop-Process -Id $ProcessId -Force -ErrorAction Stop
}

function Start-FfServiceSleep {
    # The one place this kind waits, so that tests do not.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [int] $Seconds)
    Start-Sleep -Seconds $Seconds
}

function Get-FfServiceCodeText {
    # Win32_Service's StopService/StartService return codes, as its documentation words them.
    param([int] $Code)
    $texts = @{
        1 = 'the request is not supported'; 2 = 'access denied'; 3 = 'dependent services are running'
        4 = 'invalid service control'; 5 = 'the service cannot accept the control now'; 6 = 'the service is not active'
        7 = 'the service did not answer in time'; 8 = 'unknown failure'; 9 = 'the service program was not found'
        10 = 'the service is already running'; 11 = 'the service database is locked'; 12 = 'a dependency was deleted'
        13 = 'a dependency failed'; 14 = 'the service is disabled'; 15 = 'the service could not log on'
        16 = 'the service is marked for deletion'; 17 = 'the service has no thread'; 21 = 'invalid parameter'
    }
    if ($texts.ContainsKey($Code)) { return ('{0} (code {1})' -f $texts[$Code], $Code) }
    'code {0}' -f $Code
}

function Wait-FfServiceState {
    # Polls once a second for up to TimeoutSeconds; returns the service as last seen ($null once gone).
    param([string] $Name, [string] $State, [int] $TimeoutSeconds)
    $info = Get-FfServiceInfo -Name $Name
    for ($waited = 0; $info -and $info.State -ne $State -and $waited -lt $TimeoutSeconds; $waited++) {
        Start-FfServiceSleep -Seconds 1
        $info = Get-FfServiceInfo -Name $Name
    }
    $info
}

function Stop-FfServiceAndWait {
    # Stops one service and waits; ends its process when it hangs and the step allows it.
    # Returns @{ Stopped; Changes; Problems }: one service's failure never throws.
    param([hashtable] $Step, [string] $Name, $Info)
    $out = @{ Stopped = $false; Changes = @(); Problems = @() }
    $code = Stop-FfServiceOnce -Name $Name
    if ($code -eq 3) {
        $out.Problems += New-FfProblem -Target $Name -Reason ('cannot stop {0}: services that depend on it are running ({1}); set withDependents to stop them first' -f $Name, (@($Info.Dependents) -join ', '))
        return $out
    }
    # 5: it cannot take the control now (it is already stopping, or it hangs): wait anyway.
    if (-not (@(0, 5, 6) -contains $code)) {
        $out.Problems += New-FfProblem -Target $Name -Reason ('cannot stop {0}: {1}' -f $Name, (Get-FfServiceCodeText -Code $code))
        return $out
    }
    $now = Wait-FfServiceState -Name $Name -State 'Stopped' -TimeoutSeconds $Step.TimeoutSeconds
    if ($now -and $now.State -ne 'Stopped' -and $Step.StopProcessIfHung) {
        $processId = [int]$now.ProcessId
        $sharing = @()
        if ($processId -gt 0) { $sharing = @(Get-FfServicesInProcess -ProcessId $processId | Where-Object { $_ -ne $Name }) }
        if ($processId -le 0) {
            $out.Problems += New-FfProblem -Target $Name -Reason ('{0} hangs ({1}) and reports no process to stop' -f $Name, $now.State)
        }
        elseif ($sharing.Count -gt 0) {
            $out.Problems += New-FfProblem -Target $Name -Reason ('{0} hangs, but its process {1} also runs {2}: not stopped' -f $Name, $processId, ($sharing -join ', '))
        }
        else {
            try {
                Stop-FfServiceProcess -ProcessId $processId
                $out.Changes += New-FfChange -Action 'StopProcess' -Target ('process {0} of service {1}' -f $processId, $Name) -Before $now.State -After 'ended'
                $now = Wait-FfServiceState -Name $Name -State 'Stopped' -TimeoutSeconds $Step.TimeoutSeconds
            }
            catch {
                $out.Problems += New-FfProblem -Target $Name -Reason ('cannot end process {0} of {1}: {2}' -f $processId, $Name, $_.Exception.Message)
            }
        }
    }
    if (-not $now -or $now.State -eq 'Stopped') {
        $out.Stopped = $true
        $out.Changes += New-FfChange -Action 'Stop' -Target $Name -Before $Info.State -After 'Stopped'
    }
    elseif ($out.Problems.Count -eq 0) {
        $out.Problems += New-FfProblem -Target $Name -Reason ('{0} did not stop within {1} s: it is {2}' -f $Name, $Step.TimeoutSeconds, $now.State)
    }
    $out
}

function Start-FfServiceAndWait {
    # Starts one service and waits until it runs. Returns @{ Started; Changes; Problems }.
    param([hashtable] $Step, [string] $Name, $Info)
    $out = @{ Started = $false; Changes = @(); Problems = @() }
    if ($Info.StartType -eq 'Disabled') {
        $out.Problems += New-FfProblem -Target $Name -Reason ('cannot start {0}: it is disabled; set its start type first' -f $Name)
        return $out
    }
    $code = Start-FfServiceOnce -Name $Name
    if (-not (@(0, 10) -contains $code)) {
        $out.Problems += New-FfProblem -Target $Name -Reason ('cannot start {0}: {1}' -f $Name, (Get-FfServiceCodeText -Code $code))
        return $out
    }
    $now = Wait-FfServiceState -Name $Name -State 'Running' -TimeoutSeconds $Step.TimeoutSeconds
    if ($now -and $now.State -eq 'Running') {
        $out.Started = $true
        $out.Changes += New-FfChange -Action 'Start' -Target $Name -Before $Info.State -After 'Running'
    }
    else {
        $state = 'not installed'
        if ($now) { $state = $now.State }
        $out.Problems += New-FfProblem -Target $Name -Reason ('{0} did not start within {1} s: it is {2}' -f $Name, $Step.TimeoutSeconds, $state)
    }
    $out
}

function Stop-FfServiceWithDependents {
    # The step's stop: the running dependents first (when asked), then the service. Returns
    # @{ Stopped; Changes; Problems; Dependents = the dependents it stopped, in stop order }.
    param([hashtable] $Step, $Info)
    $out = @{ Stopped = $false; Changes = @(); Problems = @(); Dependents = @() }
    if ($Step.WithDependents) {
        foreach ($dependent in @($Info.Dependents)) {
            $dependentInfo = Get-FfServiceInfo -Name $dependent
            if (-not $dependentInfo -or $dependentInfo.State -eq 'Stopped') { continue }
            $stop = Stop-FfServiceAndWait -Step $Step -Name $dependent -Info $dependentInfo
            $out.Changes += $stop.Changes
            $out.Problems += $stop.Problems
            if ($stop.Stopped) { $out.Dependents += $dependent }
        }
    }
    $own = Stop-FfServiceAndWait -Step $Step -Name $Step.ServiceName -Info $Info
    $out.Stopped = $own.Stopped
    $out.Changes += $own.Changes
    $out.Problems += $own.Problems
    $out
}

function Invoke-FfServiceRepair {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $name = $Step.ServiceName
    try {
        $info = Get-FfServiceInfo -Name $name
    }
    catch {
        $reason = 'cannot read service {0}: {1}' -f $name, $_.Exception.Message
        return New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Problems @(New-FfProblem -Target $name -Reason $reason)
    }
    if (-not $info) {
        # Nothing runs that is not installed; every other action needs the service.
        if ($Step.Action -eq 'Stop') { return New-FfStepResult -Step $Step -Outcome 'NotNeeded' -Message ('{0} is not installed: nothing to stop' -f $name) }
        $reason = '{0} is not installed' -f $name
        return New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Problems @(New-FfProblem -Target $name -Reason $reason)
    }
    $planned = @()
    switch ($Step.Action) {
        'Stop' {
            if ($info.State -eq 'Stopped') { return New-FfStepResult -Step $Step -Outcome 'NotNeeded' }
            $planned += New-FfChange -Action 'Stop' -Target $name -Before $info.State -After 'Stopped'
        }
        'Start' {
            if ($info.State -eq 'Running') { return New-FfStepResult -Step $Step -Outcome 'NotNeeded' }
            $planned += New-FfChange -Action 'Start' -Target $name -Before $info.State -After 'Running'
        }
        'Restart' {
            # A restart always acts: that is what it is for.
            if ($info.State -ne 'Stopped') { $planned += New-FfChange -Action 'Stop' -Target $name -Before $info.State -After 'Stopped' }
            $planned += New-FfChange -Action 'Start' -Target $name -Before 'Stopped' -After 'Running'
        }
        'SetStartType' {
            if ($info.StartType -eq $Step.StartType) { return New-FfStepResult -Step $Step -Outcome 'NotNeeded' }
            $planned += New-FfChange -Action 'SetStartType' -Target $name -Before $info.StartType -After $Step.StartType
        }
        default { throw ('Unknown service action ''{0}'' in step {1}.' -f $Step.Action, $Step.Id) }
    }
    if (-not $PSCmdlet.ShouldProcess($name, $script:Strings[$Step.DescriptionKey])) {
        return New-FfStepResult -Step $Step -Outcome 'WhatIf' -Changes $planned
    }
    $changes = @()
    $problems = @()
    try {
        switch ($Step.Action) {
            'Stop' {
                $stop = Stop-FfServiceWithDependents -Step $Step -Info $info
                $changes += $stop.Changes
                $problems += $stop.Problems
            }
            'Start' {
                $start = Start-FfServiceAndWait -Step $Step -Name $name -Info $info
                $changes += $start.Changes
                $problems += $start.Problems
            }
            'Restart' {
                $stopped = $true
                $restartDependents = @()
                if ($info.State -ne 'Stopped') {
                    $stop = Stop-FfServiceWithDependents -Step $Step -Info $info
                    $changes += $stop.Changes
                    $problems += $stop.Problems
                    $stopped = $stop.Stopped
                    $restartDependents = @($stop.Dependents)
                }
                if ($stopped) {
                    $start = Start-FfServiceAndWait -Step $Step -Name $name -Info (Get-FfServiceInfo -Name $name)
                    $changes += $start.Changes
                    $problems += $start.Problems
                    # The dependents it stopped run again, in the reverse of their stop order.
                    for ($i = $restartDependents.Count - 1; $start.Started -and $i -ge 0; $i--) {
                        $dependent = $restartDependents[$i]
                        $again = Start-FfServiceAndWait -Step $Step -Name $dependent -Info (Get-FfServiceInfo -Name $dependent)
                        $changes += $again.Changes
                        $problems += $again.Problems
                    }
                }
            }
            'SetStartType' {
                $code = Set-FfServiceStartType -Name $name -StartType $Step.StartType -WindowsDirectory $Paths.WindowsDirectory
                $now = Get-FfServiceInfo -Name $name
                # Test after Repair: the start type counts only once the service manager reports it.
                if ($now -and $now.StartType -eq $Step.StartType) {
                    $changes += New-FfChange -Action 'SetStartType' -Target $name -Before $info.StartType -After $Step.StartType
                }
                else {
                    $problems += New-FfProblem -Target $name -Reason ('cannot set the start type of {0} to {1}: sc.exe exited with code {2}' -f $name, $Step.StartType, $code)
                }
            }
            default { throw ('Unknown service action ''{0}'' in step {1}.' -f $Step.Action, $Step.Id) }
        }
    }
    catch {
        $problems += New-FfProblem -Target $name -Reason $_.Exception.Message
    }
    foreach ($change in $changes) {
        Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1} {2}: {3} -> {4}' -f $Step.Id, $change.Action, $change.Target, $change.Before, $change.After)
    }
    $outcome = Get-FfOutcome -ChangeCount $changes.Count -ProblemCount $problems.Count -WhatIf $false
    $message = $null
    if ($problems.Count -gt 0) { $message = @($problems)[0].Reason }
    New-FfStepResult -Step $Step -Outcome $outcome -Message $message -Changes $changes -Problems $problems
}
