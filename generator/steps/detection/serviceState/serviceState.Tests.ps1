# Pester 5 unit tests for the detect.serviceState handler (serviceState.ps1) on the engine core,
# independent of any build. The handler's tests mock Get-FfServiceStateInfo; the reader's own
# tests stand in for Get-WmiObject and Get-ItemProperty with functions (pwsh on Linux has no
# WMI and no registry), to check how Windows' answers are read. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/detection/serviceState/serviceState.Tests.ps1 -Output Detailed

Describe 'serviceState.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'serviceState.ps1')

        function New-TestStep {
            param([string[]] $States = @('Stopped'), [string[]] $StartTypes = @('Automatic', 'AutomaticDelayed'))
            @{
                Id = 'spoolerDown'; Kind = 'serviceState'; Handler = 'Invoke-FfServiceStateDetection'; Indicates = 'problem'
                DetectedKey = 'SpoolerDownDetected'; CleanKey = 'SpoolerDownClean'
                ServiceName = 'Spooler'; States = $States; StartTypes = $StartTypes
            }
        }

        function New-ServiceInfo {
            param([string] $State, [string] $StartType)
            New-Object -TypeName PSObject -Property @{ Name = 'Spooler'; State = $State; StartType = $StartType }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Strings = @{ SpoolerDownDetected = 'The spooler is down.'; SpoolerDownClean = 'The spooler runs.' }
        $paths = @{ DataDirectory = [System.IO.Path]::Combine($TestDrive, 'data') }
    }

    Describe 'Get-FfServiceStateInfo' {
        BeforeAll {
            # Stand-ins for the Windows-only cmdlets, so that Mock has something to replace.
            if (-not (Get-Command -Name 'Get-WmiObject' -ErrorAction SilentlyContinue)) {
                function Get-WmiObject { param($Class, $Filter, $ErrorAction) }
            }
        }

        BeforeEach {
            $script:Wmi = @(New-Object -TypeName PSObject -Property @{ Name = 'Spooler'; State = 'Start Pending'; StartMode = 'Auto' })
            Mock Get-WmiObject { $script:Wmi }
            Mock Get-ItemProperty { $null }
        }

        It 'asks Win32_Service for exactly the name, quotes escaped, and spells states without spaces' {
            $info = Get-FfServiceStateInfo -Name "Odd'Name"
            Should -Invoke Get-WmiObject -Times 1 -Exactly -ParameterFilter { $Class -eq 'Win32_Service' -and $Filter -eq "Name='Odd\'Name'" }
            $info.State | Should -Be 'StartPending'
            $info.StartType | Should -Be 'Automatic'
        }

        It 'reads Automatic (Delayed Start) from the service''s registry key' {
            Mock Get-ItemProperty { New-Object -TypeName PSObject -Property @{ DelayedAutostart = 1 } } -ParameterFilter { $LiteralPath -eq 'HKLM:\SYSTEM\CurrentControlSet\Services\Spooler' -and $Name -eq 'DelayedAutostart' }
            (Get-FfServiceStateInfo -Name 'Spooler').StartType | Should -Be 'AutomaticDelayed'
        }

        It 'keeps Manual and Disabled, and never looks for the delayed flag there' {
            $script:Wmi = @(New-Object -TypeName PSObject -Property @{ Name = 'Spooler'; State = 'Stopped'; StartMode = 'Disabled' })
            (Get-FfServiceStateInfo -Name 'Spooler').StartType | Should -Be 'Disabled'
            Should -Invoke Get-ItemProperty -Times 0 -Exactly
        }

        It 'returns nothing for a service that is not installed' {
            $script:Wmi = @()
            Get-FfServiceStateInfo -Name 'Spooler' | Should -BeNullOrEmpty
        }

        It 'throws when WMI cannot be read' {
            Mock Get-WmiObject { throw 'Access denied' }
            { Get-FfServiceStateInfo -Name 'Spooler' } | Should -Throw -ExpectedMessage 'Access denied'
        }
    }

    Describe 'Invoke-FfServiceStateDetection' {
        It 'finds a service in one of the states with one of the start types' {
            Mock Get-FfServiceStateInfo { New-ServiceInfo -State 'Stopped' -StartType 'AutomaticDelayed' }
            $finding = Invoke-FfServiceStateDetection -Step (New-TestStep) -Paths $paths
            Should -Invoke Get-FfServiceStateInfo -Times 1 -Exactly -ParameterFilter { $Name -eq 'Spooler' }
            $finding.Detected | Should -BeTrue
            $finding.Count | Should -Be 1
            $finding.Message | Should -Be 'The spooler is down.'
            @($finding.Details) | Should -Be @('Spooler: Stopped, start type AutomaticDelayed')
        }

        It 'needs both the state and the start type to match' {
            Mock Get-FfServiceStateInfo { New-ServiceInfo -State 'Running' -StartType 'Automatic' }
            (Invoke-FfServiceStateDetection -Step (New-TestStep) -Paths $paths).Detected | Should -BeFalse
            Mock Get-FfServiceStateInfo { New-ServiceInfo -State 'Stopped' -StartType 'Manual' }
            $finding = Invoke-FfServiceStateDetection -Step (New-TestStep) -Paths $paths
            $finding.Detected | Should -BeFalse
            $finding.Message | Should -Be 'The spooler runs.'
        }

        It 'takes an empty list as any value' {
            Mock Get-FfServiceStateInfo { New-ServiceInfo -State 'Paused' -StartType 'Manual' }
            (Invoke-FfServiceStateDetection -Step (New-TestStep -States @() -StartTypes @('Manual')) -Paths $paths).Detected | Should -BeTrue
            (Invoke-FfServiceStateDetection -Step (New-TestStep -States @('Paused') -StartTypes @()) -Paths $paths).Detected | Should -BeTrue
        }

        It 'reads a service that is not installed as not found, and says so' {
            Mock Get-FfServiceStateInfo { $null }
            $finding = Invoke-FfServiceStateDetection -Step (New-TestStep) -Paths $paths
            $finding.Detected | Should -BeFalse
            $finding.Error | Should -BeNullOrEmpty
            @($finding.Details) | Should -Be @('Spooler: not installed')
        }

        It 'reports an unreadable service manager as an error, never as clean' {
            Mock Get-FfServiceStateInfo { throw 'The RPC server is unavailable.' }
            $finding = Invoke-FfServiceStateDetection -Step (New-TestStep) -Paths $paths
            $finding.Detected | Should -BeFalse
            $finding.Error | Should -Be 'Cannot read service Spooler: The RPC server is unavailable.'
        }

        It 'runs through Invoke-FfDetection like any other step' {
            $script:DetectionSteps = @(New-TestStep)
            Mock Get-FfServiceStateInfo { New-ServiceInfo -State 'Stopped' -StartType 'Automatic' }
            (Invoke-FfDetection -Paths $paths).Detected | Should -BeTrue
        }
    }
}
