# Pester 5 unit tests for the repair.service handler (service.ps1) on the engine core, independent
# of any build. A small fake service manager stands in for the engine's service functions (pwsh on
# Linux has no services); Set-FfServiceStartType runs a stand-in sc.exe where a shell exists.
# Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/repair/service/service.Tests.ps1 -Output Detailed

Describe 'service.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        # The service reader is the one the service kinds share (engine.uses).
        . (Join-Path $PSScriptRoot '../../detection/serviceState/serviceState.ps1')
        . (Join-Path $PSScriptRoot 'service.ps1')

        function New-TestStep {
            param([string] $Action = 'Stop', [bool] $WithDependents = $false, [bool] $StopProcessIfHung = $false, [string] $StartType = $null)
            @{
                Id = 'spooler'; Kind = 'service'; Handler = 'Invoke-FfServiceRepair'; Context = 'System'; DescriptionKey = 'SpoolerDescription'
                ServiceName = 'Spooler'; Action = $Action; WithDependents = $WithDependents; TimeoutSeconds = 3
                StopProcessIfHung = $StopProcessIfHung; StartType = $StartType
            }
        }

        function Set-TestService {
            param([string] $Name, [string] $State = 'Running', [string] $StartType = 'Automatic', [int] $ProcessId = 4242, [string[]] $Dependents = @(), [switch] $Hangs)
            $script:Services[$Name] = @{ Name = $Name; State = $State; StartType = $StartType; ProcessId = $ProcessId; Dependents = $Dependents; Hangs = [bool]$Hangs }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:ModuleVersion = '1.0.0'
        $script:Strings = @{ SpoolerDescription = 'Control the print spooler.' }
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $paths = @{ WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows'); DataDirectory = [System.IO.Path]::Combine($base, 'data') }
    }

    Describe 'Invoke-FfServiceRepair' {
        BeforeEach {
            $script:Services = @{}
            Set-TestService -Name 'Spooler'
            Mock Get-FfServiceInfo {
                $s = $script:Services[$Name]
                if ($s) { New-Object -TypeName PSObject -Property @{ Name = $s.Name; State = $s.State; StartType = $s.StartType; ProcessId = $s.ProcessId; Dependents = @($s.Dependents) } }
            }
            Mock Get-FfServicesInProcess { @($script:Services.Values | Where-Object { $_.ProcessId -eq $ProcessId -and $_.State -ne 'Stopped' } | ForEach-Object { $_.Name }) }
            Mock Stop-FfServiceOnce {
                $s = $script:Services[$Name]
                if ($s.State -eq 'Stopped') { return 6 }
                foreach ($d in $s.Dependents) { if ($script:Services[$d].State -ne 'Stopped') { return 3 } }
                if ($s.Hangs) { $s.State = 'StopPending' } else { $s.State = 'Stopped'; $s.ProcessId = 0 }
                0
            }
            Mock Start-FfServiceOnce {
                $s = $script:Services[$Name]
                if ($s.State -eq 'Running') { return 10 }
                $s.State = 'Running'; $s.ProcessId = 4242
                0
            }
            Mock Set-FfServiceStartType { $script:Services[$Name].StartType = $StartType; 0 }
            Mock Stop-FfServiceProcess { foreach ($s in @($script:Services.Values)) { if ($s.ProcessId -eq $ProcessId) { $s.State = 'Stopped'; $s.ProcessId = 0 } } }
            Mock Start-FfServiceSleep { }
        }

        Describe 'stop' {
            It 'stops a running service and waits for it: Succeeded, with the state before, and a log line' {
                $result = Invoke-FfServiceRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Succeeded'
                @($result.Changes).Count | Should -Be 1
                @($result.Changes)[0].Action | Should -Be 'Stop'
                @($result.Changes)[0].Target | Should -Be 'Spooler'
                @($result.Changes)[0].Before | Should -Be 'Running'
                @($result.Changes)[0].After | Should -Be 'Stopped'
                $script:Services['Spooler'].State | Should -Be 'Stopped'
                Should -Invoke Stop-FfServiceOnce -Times 1 -Exactly -ParameterFilter { $Name -eq 'Spooler' }
                Should -Invoke Stop-FfServiceProcess -Times 0 -Exactly
                [System.IO.File]::ReadAllText([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log')) | Should -Match 'spooler: Stop Spooler: Running -> Stopped'
            }

            It 'changes nothing for a stopped service, or one that is not installed: NotNeeded' {
                Set-TestService -Name 'Spooler' -State 'Stopped' -ProcessId 0
                (Invoke-FfServiceRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'NotNeeded'
                $script:Services.Remove('Spooler')
                $missing = Invoke-FfServiceRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
                $missing.Outcome | Should -Be 'NotNeeded'
                $missing.Message | Should -Be 'Spooler is not installed: nothing to stop'
                Should -Invoke Stop-FfServiceOnce -Times 0 -Exactly
            }

            It 'fails, naming them, when dependent services run and the step does not stop them' {
                Set-TestService -Name 'Spooler' -Dependents @('Fax')
                Set-TestService -Name 'Fax' -ProcessId 77
                $result = Invoke-FfServiceRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Failed'
                $result.Message | Should -Match 'depend on it are running \(Fax\); set withDependents'
                $script:Services['Fax'].State | Should -Be 'Running'
            }

            It 'stops the running dependents first, in the order given, and skips stopped ones' {
                Set-TestService -Name 'Spooler' -Dependents @('Fax', 'Idle', 'PrintNotify')
                Set-TestService -Name 'Fax' -ProcessId 77
                Set-TestService -Name 'Idle' -State 'Stopped' -ProcessId 0
                Set-TestService -Name 'PrintNotify' -ProcessId 78
                $result = Invoke-FfServiceRepair -Step (New-TestStep -WithDependents $true) -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Succeeded'
                @($result.Changes | ForEach-Object { $_.Target }) | Should -Be @('Fax', 'PrintNotify', 'Spooler')
                Should -Invoke Stop-FfServiceOnce -Times 0 -Exactly -ParameterFilter { $Name -eq 'Idle' }
            }

            It 'reports a service that hangs as Failed after the timeout, polling once a second' {
                Set-TestService -Name 'Spooler' -Hangs
                $result = Invoke-FfServiceRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Failed'
                $result.Message | Should -Be 'Spooler did not stop within 3 s: it is StopPending'
                Should -Invoke Start-FfServiceSleep -Times 3 -Exactly -ParameterFilter { $Seconds -eq 1 }
                Should -Invoke Stop-FfServiceProcess -Times 0 -Exactly
            }

            It 'ends the process of a hung service by its process id when the step allows it' {
                Set-TestService -Name 'Spooler' -Hangs -ProcessId 1312
                $result = Invoke-FfServiceRepair -Step (New-TestStep -StopProcessIfHung $true) -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Succeeded'
                Should -Invoke Stop-FfServiceProcess -Times 1 -Exactly -ParameterFilter { $ProcessId -eq 1312 }
                @($result.Changes | ForEach-Object { $_.Action }) | Should -Be @('StopProcess', 'Stop')
                @($result.Changes)[0].Target | Should -Be 'process 1312 of service Spooler'
            }

            It 'never ends a process that other services share' {
                Set-TestService -Name 'Spooler' -Hangs -ProcessId 900
                Set-TestService -Name 'Dnscache' -ProcessId 900
                $result = Invoke-FfServiceRepair -Step (New-TestStep -StopProcessIfHung $true) -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Failed'
                $result.Message | Should -Be 'Spooler hangs, but its process 900 also runs Dnscache: not stopped'
                Should -Invoke Stop-FfServiceProcess -Times 0 -Exactly
            }

            It 'reports a process that cannot be ended as Failed' {
                Set-TestService -Name 'Spooler' -Hangs -ProcessId 1312
                Mock Stop-FfServiceProcess { throw 'Access is denied' }
                $result = Invoke-FfServiceRepair -Step (New-TestStep -StopProcessIfHung $true) -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Failed'
                $result.Message | Should -Be 'cannot end process 1312 of Spooler: Access is denied'
            }

            It 'reports a refused stop with Win32_Service''s words' {
                Mock Stop-FfServiceOnce { 2 }
                $result = Invoke-FfServiceRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Failed'
                $result.Message | Should -Be 'cannot stop Spooler: access denied (code 2)'
            }
        }

        Describe 'start' {
            It 'starts a stopped service and waits until it runs' {
                Set-TestService -Name 'Spooler' -State 'Stopped' -ProcessId 0
                $result = Invoke-FfServiceRepair -Step (New-TestStep -Action 'Start') -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Succeeded'
                @($result.Changes)[0].Action | Should -Be 'Start'
                @($result.Changes)[0].Before | Should -Be 'Stopped'
                $script:Services['Spooler'].State | Should -Be 'Running'
                (Invoke-FfServiceRepair -Step (New-TestStep -Action 'Start') -Paths $paths -Confirm:$false).Outcome | Should -Be 'NotNeeded'
            }

            It 'refuses to start a disabled service, and fails for one that is not installed' {
                Set-TestService -Name 'Spooler' -State 'Stopped' -StartType 'Disabled' -ProcessId 0
                $result = Invoke-FfServiceRepair -Step (New-TestStep -Action 'Start') -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Failed'
                $result.Message | Should -Be 'cannot start Spooler: it is disabled; set its start type first'
                Should -Invoke Start-FfServiceOnce -Times 0 -Exactly
                $script:Services.Remove('Spooler')
                (Invoke-FfServiceRepair -Step (New-TestStep -Action 'Start') -Paths $paths -Confirm:$false).Message | Should -Be 'Spooler is not installed'
            }

            It 'fails when the service does not run within the timeout' {
                Set-TestService -Name 'Spooler' -State 'Stopped' -ProcessId 0
                Mock Start-FfServiceOnce { $script:Services['Spooler'].State = 'StartPending'; 0 }
                $result = Invoke-FfServiceRepair -Step (New-TestStep -Action 'Start') -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Failed'
                $result.Message | Should -Be 'Spooler did not start within 3 s: it is StartPending'
            }
        }

        Describe 'restart' {
            It 'stops the dependents and the service, then starts the service and those dependents again' {
                Set-TestService -Name 'Spooler' -Dependents @('Fax')
                Set-TestService -Name 'Fax' -ProcessId 77
                $result = Invoke-FfServiceRepair -Step (New-TestStep -Action 'Restart' -WithDependents $true) -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Succeeded'
                @($result.Changes | ForEach-Object { '{0} {1}' -f $_.Action, $_.Target }) | Should -Be @('Stop Fax', 'Stop Spooler', 'Start Spooler', 'Start Fax')
                $script:Services['Fax'].State | Should -Be 'Running'
            }

            It 'does not start the service again when it could not be stopped' {
                Set-TestService -Name 'Spooler' -Hangs
                $result = Invoke-FfServiceRepair -Step (New-TestStep -Action 'Restart') -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Failed'
                Should -Invoke Start-FfServiceOnce -Times 0 -Exactly
            }
        }

        Describe 'setStartType' {
            It 'sets the start type through Set-FfServiceStartType, and records the one before' {
                Set-TestService -Name 'Spooler' -StartType 'Manual'
                $result = Invoke-FfServiceRepair -Step (New-TestStep -Action 'SetStartType' -StartType 'AutomaticDelayed') -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Succeeded'
                Should -Invoke Set-FfServiceStartType -Times 1 -Exactly -ParameterFilter { $Name -eq 'Spooler' -and $StartType -eq 'AutomaticDelayed' -and $WindowsDirectory -eq $paths.WindowsDirectory }
                @($result.Changes)[0].Before | Should -Be 'Manual'
                @($result.Changes)[0].After | Should -Be 'AutomaticDelayed'
                (Invoke-FfServiceRepair -Step (New-TestStep -Action 'SetStartType' -StartType 'AutomaticDelayed') -Paths $paths -Confirm:$false).Outcome | Should -Be 'NotNeeded'
            }

            It 'fails when the service manager does not report the new start type afterwards' {
                Mock Set-FfServiceStartType { 1060 }
                $result = Invoke-FfServiceRepair -Step (New-TestStep -Action 'SetStartType' -StartType 'Disabled') -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Failed'
                $result.Message | Should -Be 'cannot set the start type of Spooler to Disabled: sc.exe exited with code 1060'
                @($result.Changes).Count | Should -Be 0
            }
        }

        Describe 'every action' {
            It 'changes nothing under -WhatIf and reports what it would change' {
                foreach ($step in @((New-TestStep), (New-TestStep -Action 'Restart'), (New-TestStep -Action 'SetStartType' -StartType 'Manual'))) {
                    $WhatIfPreference = $true
                    try { $result = Invoke-FfServiceRepair -Step $step -Paths $paths } finally { $WhatIfPreference = $false }
                    $result.Outcome | Should -Be 'WhatIf'
                    @($result.Changes).Count | Should -BeGreaterThan 0
                }
                Should -Invoke Stop-FfServiceOnce -Times 0 -Exactly
                Should -Invoke Start-FfServiceOnce -Times 0 -Exactly
                Should -Invoke Set-FfServiceStartType -Times 0 -Exactly
                $script:Services['Spooler'].State | Should -Be 'Running'
            }

            It 'reports a service manager that cannot be read as Failed' {
                Mock Get-FfServiceInfo { throw 'The RPC server is unavailable.' }
                $result = Invoke-FfServiceRepair -Step (New-TestStep -Action 'Start') -Paths $paths -Confirm:$false
                $result.Outcome | Should -Be 'Failed'
                $result.Message | Should -Be 'cannot read service Spooler: The RPC server is unavailable.'
            }

            It 'fails the repair through Invoke-FfRepair when the step fails, and repairs when it succeeds' {
                $script:RepairSteps = @(New-TestStep)
                $script:VerifySteps = @()
                (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Repaired'
                Set-TestService -Name 'Spooler' -Hangs
                (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Failed'
            }
        }
    }

    Describe 'Get-FfServicesInProcess' {
        It 'names the services of the process that are not stopped, read by its process id' {
            Mock Get-FfServiceEntry {
                New-Object -TypeName PSObject -Property @{ Name = 'Spooler'; State = 'Stop Pending'; ProcessId = [uint32]900 }
                New-Object -TypeName PSObject -Property @{ Name = 'Fax'; State = 'Running'; ProcessId = [uint32]900 }
                New-Object -TypeName PSObject -Property @{ Name = 'Old'; State = 'Stopped'; ProcessId = [uint32]900 }
            }
            @(Get-FfServicesInProcess -ProcessId 900) | Should -Be @('Spooler', 'Fax')
            Should -Invoke Get-FfServiceEntry -Times 1 -Exactly -ParameterFilter { $ProcessId -eq 900 -and -not $Name }
        }
    }

    Describe 'Set-FfServiceStartType' {
        It 'runs sc.exe config by full path under System32 with start= and sc''s word for the start type' -Skip:(-not [System.IO.File]::Exists('/bin/sh')) {
            $system32 = [System.IO.Path]::Combine($paths.WindowsDirectory, 'System32')
            [void][System.IO.Directory]::CreateDirectory($system32)
            $record = [System.IO.Path]::Combine($base, 'sc-args.txt')
            $sc = [System.IO.Path]::Combine($system32, 'sc.exe')
            [System.IO.File]::WriteAllText($sc, "#!/bin/sh`nfor a in `"`$@`"; do echo `"`$a`"; done > '$record'`nexit 7`n")
            & chmod +x $sc
            Mock Test-FfWow64Process { $false }
            Set-FfServiceStartType -Name 'My Service' -StartType 'AutomaticDelayed' -WindowsDirectory $paths.WindowsDirectory | Should -Be 7
            [System.IO.File]::ReadAllLines($record) | Should -Be @('config', 'My Service', 'start=', 'delayed-auto')
        }

        It 'throws for a start type it does not know' {
            { Set-FfServiceStartType -Name 'Spooler' -StartType 'Boot' -WindowsDirectory $paths.WindowsDirectory } | Should -Throw -ExpectedMessage "Unknown start type 'Boot'."
        }
    }
}
