# Fakes for repair.stopProcess's OS functions (stopProcess.ps1), included in a generated module test
# file when the module carries stopProcess.ps1. One fake process table per fake tree (New-FakeTree
# empties it): no process runs unless a test adds one.
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

$FakeProcesses = @{}
Register-FakeMachineReset { $FakeProcesses.Clear() }

function Add-FakeProcess {
    # -Denied: stopping it throws (access denied); -Lingers: it survives being stopped.
    param([string] $Name, [int] $Id, [int] $SessionId = ([System.Diagnostics.Process]::GetCurrentProcess().SessionId), [switch] $Denied, [switch] $Lingers)
    $FakeProcesses[$Id] = @{ Id = $Id; Name = $Name; SessionId = $SessionId; Denied = [bool]$Denied; Lingers = [bool]$Lingers }
}

Mock -ModuleName $ModuleName Get-FfProcessByName {
    @($FakeProcesses.Values | Where-Object { $_.Name -eq $Name } | ForEach-Object { New-Object -TypeName PSObject -Property @{ Id = $_.Id; Name = $_.Name; SessionId = $_.SessionId } })
}
Mock -ModuleName $ModuleName Stop-FfProcessById {
    $p = $FakeProcesses[$Id]
    if ($p -and $p.Denied) { throw 'Access is denied.' }
    if ($p -and -not $p.Lingers) { $FakeProcesses.Remove($Id) }
}
Mock -ModuleName $ModuleName Start-FfProcessSleep { }
