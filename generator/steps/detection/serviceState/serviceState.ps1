# detect.serviceState: a service's state and start type, read from the service manager through
# WMI (Win32_Service: there since Windows PowerShell 1.0, no CIM needed) and, for the delayed
# start flag, the service's registry key. Windows PowerShell 2.0-safe.

function Get-FfServiceStateInfo {
    # The one place this kind reads a service, so that tests can stand in for it. $null when the
    # service is not installed; throws when the service manager cannot be read.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Name)
    # A WQL string literal escapes a quote with a backslash; service names never hold a backslash.
    $filter = "Name='" + $Name.Replace("'", "\'") + "'"
    $service = @(Get-WmiObject -Class Win32_Service -Filter $filter -ErrorAction Stop)
    if ($service.Count -eq 0) { return $null }
    $startType = [string]$service[0].StartMode
    switch ($startType) {
        'Auto' {
            $startType = 'Automatic'
            # Win32_Service reports "Automatic (Delayed Start)" as Auto; the flag is in the registry.
            $key = 'HKLM:\SYSTEM\CurrentControlSet\Services\' + $Name
            $delayed = Get-ItemProperty -LiteralPath $key -Name 'DelayedAutostart' -ErrorAction SilentlyContinue
            if ($delayed -and [int]$delayed.DelayedAutostart -eq 1) { $startType = 'AutomaticDelayed' }
        }
        'Manual' { }
        'Disabled' { }
        default {
            # Boot or System: a driver's start types, reported as Windows names them.
        }
    }
    New-FfObject -TypeName 'FixForge.ServiceState' -Name @('Name', 'State', 'StartType') -Value @{
        Name = [string]$service[0].Name
        State = ([string]$service[0].State).Replace(' ', '')
        StartType = $startType
    }
}

function Invoke-FfServiceStateDetection {
    # Found when the service is in one of the step's states and has one of its start types (an
    # empty list allows any). A service that is not installed is never found; an unreadable one
    # is an error, never "clean".
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [object] $LastRepair
    )
    try {
        $info = Get-FfServiceStateInfo -Name $Step.ServiceName
    }
    catch {
        return New-FfFinding -Step $Step -ErrorText ('Cannot read service {0}: {1}' -f $Step.ServiceName, $_.Exception.Message)
    }
    if (-not $info) {
        return New-FfFinding -Step $Step -Details @(('{0}: not installed' -f $Step.ServiceName))
    }
    $states = @($Step.States)
    $startTypes = @($Step.StartTypes)
    $stateMatches = ($states.Count -eq 0) -or ($states -contains $info.State)
    $startTypeMatches = ($startTypes.Count -eq 0) -or ($startTypes -contains $info.StartType)
    $count = 0
    if ($stateMatches -and $startTypeMatches) { $count = 1 }
    New-FfFinding -Step $Step -Count $count -Details @(('{0}: {1}, start type {2}' -f $Step.ServiceName, $info.State, $info.StartType))
}
