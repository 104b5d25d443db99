# Fakes for repair.service's OS functions (service.ps1), included in a generated module test file
# when the module carries service.ps1. They act on the fake service manager of the service reader's
# fakes (serviceState.Fakes.ps1, included before this file) and answer with Win32_Service's return
# codes: 0 done, 3 dependents running, 6 not active, 10 already running, 14 disabled.
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

Mock -ModuleName $ModuleName Stop-FfServiceOnce {
    $s = Get-FakeService -Name $Name
    if ($s.State -eq 'Stopped') { return 6 }
    foreach ($dependent in $s.Dependents) { if ((Get-FakeService -Name $dependent).State -ne 'Stopped') { return 3 } }
    if ($s.HangsOnStop) { $s.State = 'StopPending' } else { $s.State = 'Stopped'; $s.ProcessId = 0 }
    0
}
Mock -ModuleName $ModuleName Start-FfServiceOnce {
    $s = Get-FakeService -Name $Name
    if ($s.StartType -eq 'Disabled') { return 14 }
    if ($s.State -eq 'Running') { return 10 }
    $s.State = 'Running'
    $s.ProcessId = 4242
    0
}
Mock -ModuleName $ModuleName Set-FfServiceStartType { (Get-FakeService -Name $Name).StartType = $StartType; 0 }
Mock -ModuleName $ModuleName Stop-FfServiceProcess {
    foreach ($s in @($FakeServices.Values)) { if ($s -and $s.ProcessId -eq $ProcessId) { $s.State = 'Stopped'; $s.ProcessId = 0 } }
}
Mock -ModuleName $ModuleName Start-FfServiceSleep { }
