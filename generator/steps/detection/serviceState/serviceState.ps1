# The service reader both service kinds share (detect.serviceState, and repair.service through its
# engine.uses), and detect.serviceState's handler. A service's state, start type, process id and
# dependents come from the service manager's Win32_Service class and, for the delayed start flag,
# the service's registry key. What differs between PowerShell editions is chosen at run time in the
# small functions that call Windows: CIM (Get-CimInstance) on Windows PowerShell 3.0 and later and
# on PowerShell 6+, which has no WMI cmdlets; WMI (Get-WmiObject) on 2.0, which has no CIM cmdlets.
# The registry and ServiceController serve every edition alike. Windows PowerShell 2.0-safe.

function Get-FfServiceFilter {
    # The WQL filter for one service by name or for the services of one process. A WQL string
    # literal escapes a quote with a backslash; service names never hold a backslash.
    [CmdletBinding()]
    param([string] $Name, [int] $ProcessId = -1)
    if ($Name) { return ("Name='" + $Name.Replace("'", "\'") + "'") }
    if ($ProcessId -lt 0) { throw 'A service filter needs a name or a process id.' }
    'ProcessId=' + $ProcessId
}

function Get-FfServiceEntry {
    # The service manager's Win32_Service entries for one service name or one process id: none when
    # nothing matches; throws when the service manager cannot be read. The same class through CIM
    # or WMI, so the same properties (Name, State as 'Stop Pending', StartMode as 'Auto', ProcessId).
    [CmdletBinding()]
    param([string] $Name, [int] $ProcessId = -1)
    $filter = Get-FfServiceFilter -Name $Name -ProcessId $ProcessId
    if ($PSVersionTable.PSVersion.Major -ge 3) {
        @(Get-CimInstance -ClassName 'Win32_Service' -Filter $filter -ErrorAction Stop)
    }
    else {
        @(Get-WmiObject -Class 'Win32_Service' -Filter $filter -ErrorAction Stop)
    }
}

function Test-FfServiceDelayedStart {
    # Win32_Service reports "Automatic (Delayed Start)" as Auto; the flag is in the service's key.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Name)
    $delayed = Get-ItemProperty -LiteralPath ('HKLM:\SYSTEM\CurrentControlSet\Services\' + $Name) -Name 'DelayedAutostart' -ErrorAction SilentlyContinue
    [bool]($delayed -and [int]$delayed.DelayedAutostart -eq 1)
}

function Get-FfServiceDependent {
    # Every service that depends on this one, directly or not, in the order they must be stopped
    # (EnumDependentServices, through ServiceController: in every edition on Windows). The class
    # lives in System.ServiceProcess on the .NET Framework and in its own assembly on .NET (6+).
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Name)
    if (-not ('System.ServiceProcess.ServiceController' -as [type])) {
        if ($PSVersionTable.PSVersion.Major -ge 6) { Add-Type -AssemblyName 'System.ServiceProcess.ServiceController' }
        else { Add-Type -AssemblyName 'System.ServiceProcess' }
    }
    $controller = New-Object -TypeName System.ServiceProcess.ServiceController -ArgumentList $Name
    try { foreach ($dependent in $controller.DependentServices) { [string]$dependent.ServiceName } }
    finally { $controller.Close() }
}

function ConvertTo-FfServiceStartType {
    # Win32_Service's StartMode in the engine's words; Boot and System (drivers) as Windows names them.
    param([string] $StartMode, [bool] $Delayed)
    switch ($StartMode) {
        'Auto' {
            if ($Delayed) { return 'AutomaticDelayed' }
            return 'Automatic'
        }
        default { return $StartMode }
    }
}

function Get-FfServiceInfo {
    # The one service reader of the service kinds: Name, State (ServiceControllerStatus names, no
    # spaces), StartType, ProcessId and Dependents, or $null when the service is not installed.
    # Throws when the service manager cannot be read.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Name)
    $service = @(Get-FfServiceEntry -Name $Name)
    if ($service.Count -eq 0) { return $null }
    $startMode = [string]$service[0].StartMode
    # The delayed flag matters, and is read, only for an automatic start.
    $delayed = $false
    if ($startMode -eq 'Auto') { $delayed = Test-FfServiceDelayedStart -Name $Name }
    New-FfObject -TypeName 'FixForge.ServiceInfo' -Name @('Name', 'State', 'StartType', 'ProcessId', 'Dependents') -Value @{
        Name = [string]$service[0].Name
        State = ([string]$service[0].State).Replace(' ', '')
        StartType = ConvertTo-FfServiceStartType -StartMode $startMode -Delayed $delayed
        ProcessId = [int]$service[0].ProcessId
        Dependents = @(Get-FfServiceDependent -Name $Name)
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
        $info = Get-FfServiceInfo -Name $Step.ServiceName
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
