# Pester 5 unit tests for the repair.stopProcess handler (stopProcess.ps1) on the engine core,
# independent of any build. A small fake process table stands in for the engine's process
# functions; Get-FfProcessByName and Stop-FfProcessById also run against real processes (pwsh
# itself, and a sleep it starts). Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/repair/stopProcess/stopProcess.Tests.ps1 -Output Detailed

Describe 'stopProcess.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'stopProcess.ps1')

        function New-TestStep {
            param([string] $Context = 'System')
            @{
                Id = 'stopTray'; Kind = 'stopProcess'; Handler = 'Invoke-FfStopProcessRepair'; Context = $Context; DescriptionKey = 'TrayDescription'
                ProcessName = 'Tray'; TimeoutSeconds = 4
            }
        }

        function Add-TestProcess {
            param([int] $Id, [string] $Name = 'Tray', [int] $SessionId = $session, [switch] $Denied, [switch] $Lingers)
            $script:Processes[$Id] = @{ Id = $Id; Name = $Name; SessionId = $SessionId; Denied = [bool]$Denied; Lingers = [bool]$Lingers }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:ModuleVersion = '1.0.0'
        $script:Strings = @{ TrayDescription = 'End the tray program.' }
        $script:VerifySteps = @()
        $paths = @{ DataDirectory = [System.IO.Path]::Combine($TestDrive, ('data-' + [guid]::NewGuid().ToString('N'))) }
        $session = [System.Diagnostics.Process]::GetCurrentProcess().SessionId
    }

    Describe 'Invoke-FfStopProcessRepair' {
        BeforeEach {
            $script:Processes = @{}
            Mock Get-FfProcessByName { @($script:Processes.Values | Where-Object { $_.Name -eq $Name } | ForEach-Object { New-Object -TypeName PSObject -Property @{ Id = $_.Id; Name = $_.Name; SessionId = $_.SessionId } }) }
            Mock Stop-FfProcessById {
                $p = $script:Processes[$Id]
                if ($p.Denied) { throw 'Access is denied.' }
                if (-not $p.Lingers) { $script:Processes.Remove($Id) }
            }
            Mock Start-FfProcessSleep { }
        }

        It 'ends every process of the name in every session for System, and logs each' {
            Add-TestProcess -Id 10
            Add-TestProcess -Id 11 -SessionId ($session + 1)
            Add-TestProcess -Id 12 -Name 'Other'
            $result = Invoke-FfStopProcessRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Succeeded'
            @($result.Changes | ForEach-Object { $_.Target } | Sort-Object) | Should -Be @(('Tray.exe (process 10, session {0})' -f $session), ('Tray.exe (process 11, session {0})' -f ($session + 1)))
            @($result.Changes)[0].Action | Should -Be 'StopProcess'
            $script:Processes.Keys | Should -Be @(12)
            Should -Invoke Stop-FfProcessById -Times 2 -Exactly -ParameterFilter { $Name -eq 'Tray' }
            Should -Invoke Start-FfProcessSleep -Times 0 -Exactly
            @([System.IO.File]::ReadAllLines([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log'))).Count | Should -Be 2
        }

        It 'ends only the processes of its own session for CurrentUser' {
            Add-TestProcess -Id 10
            Add-TestProcess -Id 11 -SessionId ($session + 1)
            $result = Invoke-FfStopProcessRepair -Step (New-TestStep -Context 'CurrentUser') -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Succeeded'
            @($result.Changes).Count | Should -Be 1
            $script:Processes.Keys | Should -Be @(11)
        }

        It 'changes nothing when no process of the name runs: NotNeeded' {
            Add-TestProcess -Id 12 -Name 'Other'
            (Invoke-FfStopProcessRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'NotNeeded'
            Should -Invoke Stop-FfProcessById -Times 0 -Exactly
        }

        It 'ends nothing under -WhatIf and lists what it would end' {
            Add-TestProcess -Id 10
            $WhatIfPreference = $true
            try { $result = Invoke-FfStopProcessRepair -Step (New-TestStep) -Paths $paths } finally { $WhatIfPreference = $false }
            $result.Outcome | Should -Be 'WhatIf'
            @($result.Changes).Count | Should -Be 1
            Should -Invoke Stop-FfProcessById -Times 0 -Exactly
        }

        It 'reports a process it may not end, ends the rest: Partial, with a message that counts' {
            Add-TestProcess -Id 10 -Denied
            Add-TestProcess -Id 11
            $result = Invoke-FfStopProcessRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Partial'
            $result.Message | Should -Be '1 of 2 Tray.exe process(es) could not be ended'
            @($result.Problems)[0].Target | Should -Be ('Tray.exe (process 10, session {0})' -f $session)
            @($result.Problems)[0].Reason | Should -Be 'cannot end it: Access is denied.'
        }

        It 'waits up to the timeout, a second at a time, and reports a process that stays as Failed' {
            Add-TestProcess -Id 10 -Lingers
            $result = Invoke-FfStopProcessRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Failed'
            @($result.Problems)[0].Reason | Should -Be 'it did not end within 4 s'
            Should -Invoke Start-FfProcessSleep -Times 4 -Exactly -ParameterFilter { $Seconds -eq 1 }
        }

        It 'counts a process that ends during the wait as ended' {
            Add-TestProcess -Id 10 -Lingers
            Mock Start-FfProcessSleep { $script:Processes.Remove(10) }
            $result = Invoke-FfStopProcessRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Succeeded'
            Should -Invoke Start-FfProcessSleep -Times 1 -Exactly
        }

        It 'reports a process list that cannot be read as Failed' {
            Mock Get-FfProcessByName { throw 'WMI is broken' }
            $result = Invoke-FfStopProcessRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Failed'
            $result.Message | Should -Be 'cannot list the Tray.exe processes: WMI is broken'
        }

        It 'fails the repair through Invoke-FfRepair when a process stays, and repairs when all end' {
            $script:RepairSteps = @(New-TestStep)
            Add-TestProcess -Id 10
            (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Repaired'
            Add-TestProcess -Id 11 -Lingers
            (Invoke-FfRepair -Paths $paths -Context @('System') -Confirm:$false).Status | Should -Be 'Failed'
        }
    }

    Describe 'the real process functions' {
        It 'lists processes by exact name, with their session' {
            $me = [System.Diagnostics.Process]::GetCurrentProcess()
            $found = @(Get-FfProcessByName -Name $me.ProcessName | Where-Object { $_.Id -eq $me.Id })
            $found.Count | Should -Be 1
            $found[0].SessionId | Should -Be $me.SessionId
            @(Get-FfProcessByName -Name ($me.ProcessName.Substring(0, 2) + '*')).Count | Should -Be 0
        }

        It 'ends a process by id, and leaves an id alone that now belongs to another name' -Skip:(-not [System.IO.File]::Exists('/bin/sleep')) {
            $sleep = Start-Process -FilePath '/bin/sleep' -ArgumentList '30' -PassThru
            try {
                Stop-FfProcessById -Id $sleep.Id -Name 'not-sleep'
                $sleep.HasExited | Should -BeFalse
                Stop-FfProcessById -Id $sleep.Id -Name $sleep.ProcessName
                $sleep.WaitForExit(5000) | Should -BeTrue
                { Stop-FfProcessById -Id $sleep.Id -Name $sleep.ProcessName } | Should -Not -Throw
            }
            finally {
                if (-not $sleep.HasExited) { $sleep.Kill() }
            }
        }
    }
}
