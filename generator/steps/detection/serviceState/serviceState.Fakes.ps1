# Fakes for the service reader (serviceState.ps1, carried by detect.serviceState and repair.service),
# included in a generated module test file when the module carries serviceState.ps1. One fake
# service manager per fake tree (New-FakeTree empties it): a service no test has set up is
# installed, Running and Automatic, alone in process 4242; one set up with -HangsOnStop stays
# StopPending until its process is stopped (repair.service's fakes). -Missing: not installed.
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

Mock -ModuleName $ModuleName Get-FfServiceStateInfo {
    $s = Get-FakeService -Name $Name
    if ($s) { New-Object -TypeName PSObject -Property @{ Name = $s.Name; State = $s.State; StartType = $s.StartType } }
}
