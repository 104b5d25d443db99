# Fakes for the service reader's OS functions (serviceState.ps1, carried by detect.serviceState and
# repair.service), included in a generated module test file when the module carries that file. One
# fake service manager per fake tree (New-FakeTree empties it): a service no test has set up is
# installed, Running and Automatic, alone in process 4242; one set up with -HangsOnStop stays
# StopPending until its process is stopped (repair.service's fakes). -Missing: not installed.
# The fakes answer as Win32_Service does; the reader's own code turns that into the engine's words.
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

$FakeServices = @{}
Register-FakeMachineReset { $FakeServices.Clear() }

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

function ConvertTo-FakeServiceEntry {
    # A fake service as Win32_Service shows it (through CIM or WMI alike): states with spaces
    # ('Stop Pending'), start modes as Auto/Manual/Disabled (the delayed flag is in the registry).
    param([hashtable] $Service)
    $states = @{ StopPending = 'Stop Pending'; StartPending = 'Start Pending'; ContinuePending = 'Continue Pending'; PausePending = 'Pause Pending' }
    $state = $Service.State
    if ($states.ContainsKey($state)) { $state = $states[$state] }
    $startMode = $Service.StartType
    if (@('Automatic', 'AutomaticDelayed') -contains $startMode) { $startMode = 'Auto' }
    New-Object -TypeName PSObject -Property @{ Name = $Service.Name; State = $state; StartMode = $startMode; ProcessId = [uint32]$Service.ProcessId }
}

Mock -ModuleName $ModuleName Get-FfServiceEntry {
    if ($Name) {
        $s = Get-FakeService -Name $Name
        if ($s) { ConvertTo-FakeServiceEntry -Service $s }
        return
    }
    foreach ($s in @($FakeServices.Values)) { if ($s -and $s.ProcessId -eq $ProcessId) { ConvertTo-FakeServiceEntry -Service $s } }
}
Mock -ModuleName $ModuleName Test-FfServiceDelayedStart { (Get-FakeService -Name $Name).StartType -eq 'AutomaticDelayed' }
Mock -ModuleName $ModuleName Get-FfServiceDependent { @((Get-FakeService -Name $Name).Dependents) }
