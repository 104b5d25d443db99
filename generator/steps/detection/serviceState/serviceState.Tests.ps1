# Pester 5 unit tests for the detect.serviceState handler (serviceState.ps1) on the engine core,
# independent of any build, and of the service reader the service kinds share (Get-FfServiceInfo).
# The handler's tests mock Get-FfServiceInfo; the reader's own tests fake only its small OS
# functions (Get-FfServiceEntry, Test-FfServiceDelayedStart, Get-FfServiceDependent) with answers
# shaped as Win32_Service gives them, never a built-in cmdlet: the bodies of those functions are
# covered by the per-edition static check. Needs PowerShell 5.1 or later.
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

    Describe 'Get-FfServiceFilter' {
        It 'asks Win32_Service for exactly the name, quotes escaped' {
            Get-FfServiceFilter -Name "Odd'Name" | Should -Be "Name='Odd\'Name'"
        }

        It 'asks for the services of one process by its id' {
            Get-FfServiceFilter -ProcessId 4242 | Should -Be 'ProcessId=4242'
        }

        It 'refuses a filter with neither' {
            { Get-FfServiceFilter } | Should -Throw
        }
    }

    Describe 'Get-FfServiceInfo' {
        BeforeEach {
            $script:Entry = @(New-Object -TypeName PSObject -Property @{ Name = 'Spooler'; State = 'Start Pending'; StartMode = 'Auto'; ProcessId = [uint32]1888 })
            Mock Get-FfServiceEntry { $script:Entry }
            Mock Test-FfServiceDelayedStart { $false }
            Mock Get-FfServiceDependent { 'Fax'; 'PrintNotify' }
        }

        It 'reads the service by its name, spells states without spaces, and keeps its process id and dependents' {
            $info = Get-FfServiceInfo -Name 'Spooler'
            Should -Invoke Get-FfServiceEntry -Times 1 -Exactly -ParameterFilter { $Name -eq 'Spooler' }
            $info.Name | Should -Be 'Spooler'
            $info.State | Should -Be 'StartPending'
            $info.StartType | Should -Be 'Automatic'
            $info.ProcessId | Should -Be 1888
            $info.ProcessId | Should -BeOfType [int]
            @($info.Dependents) | Should -Be @('Fax', 'PrintNotify')
        }

        It 'reads Automatic (Delayed Start) from the delayed flag' {
            Mock Test-FfServiceDelayedStart { $true } -ParameterFilter { $Name -eq 'Spooler' }
            (Get-FfServiceInfo -Name 'Spooler').StartType | Should -Be 'AutomaticDelayed'
        }

        It 'keeps Manual, Disabled and the drivers'' Boot and System, and never looks for the delayed flag there' {
            foreach ($mode in @('Manual', 'Disabled', 'Boot', 'System')) {
                $script:Entry = @(New-Object -TypeName PSObject -Property @{ Name = 'Spooler'; State = 'Stopped'; StartMode = $mode; ProcessId = [uint32]0 })
                (Get-FfServiceInfo -Name 'Spooler').StartType | Should -Be $mode
            }
            Should -Invoke Test-FfServiceDelayedStart -Times 0 -Exactly
        }

        It 'returns nothing for a service that is not installed, without asking for its dependents' {
            $script:Entry = @()
            Get-FfServiceInfo -Name 'Spooler' | Should -BeNullOrEmpty
            Should -Invoke Get-FfServiceDependent -Times 0 -Exactly
        }

        It 'gives no dependents as an empty list' {
            Mock Get-FfServiceDependent { }
            @((Get-FfServiceInfo -Name 'Spooler').Dependents).Count | Should -Be 0
        }

        It 'throws when the service manager cannot be read' {
            Mock Get-FfServiceEntry { throw 'Access denied' }
            { Get-FfServiceInfo -Name 'Spooler' } | Should -Throw -ExpectedMessage 'Access denied'
        }
    }

    Describe 'Invoke-FfServiceStateDetection' {
        It 'finds a service in one of the states with one of the start types' {
            Mock Get-FfServiceInfo { New-ServiceInfo -State 'Stopped' -StartType 'AutomaticDelayed' }
            $finding = Invoke-FfServiceStateDetection -Step (New-TestStep) -Paths $paths
            Should -Invoke Get-FfServiceInfo -Times 1 -Exactly -ParameterFilter { $Name -eq 'Spooler' }
            $finding.Detected | Should -BeTrue
            $finding.Count | Should -Be 1
            $finding.Message | Should -Be 'The spooler is down.'
            @($finding.Details) | Should -Be @('Spooler: Stopped, start type AutomaticDelayed')
        }

        It 'needs both the state and the start type to match' {
            Mock Get-FfServiceInfo { New-ServiceInfo -State 'Running' -StartType 'Automatic' }
            (Invoke-FfServiceStateDetection -Step (New-TestStep) -Paths $paths).Detected | Should -BeFalse
            Mock Get-FfServiceInfo { New-ServiceInfo -State 'Stopped' -StartType 'Manual' }
            $finding = Invoke-FfServiceStateDetection -Step (New-TestStep) -Paths $paths
            $finding.Detected | Should -BeFalse
            $finding.Message | Should -Be 'The spooler runs.'
        }

        It 'takes an empty list as any value' {
            Mock Get-FfServiceInfo { New-ServiceInfo -State 'Paused' -StartType 'Manual' }
            (Invoke-FfServiceStateDetection -Step (New-TestStep -States @() -StartTypes @('Manual')) -Paths $paths).Detected | Should -BeTrue
            (Invoke-FfServiceStateDetection -Step (New-TestStep -States @('Paused') -StartTypes @()) -Paths $paths).Detected | Should -BeTrue
        }

        It 'reads a service that is not installed as not found, and says so' {
            Mock Get-FfServiceInfo { $null }
            $finding = Invoke-FfServiceStateDetection -Step (New-TestStep) -Paths $paths
            $finding.Detected | Should -BeFalse
            $finding.Error | Should -BeNullOrEmpty
            @($finding.Details) | Should -Be @('Spooler: not installed')
        }

        It 'reports an unreadable service manager as an error, never as clean' {
            Mock Get-FfServiceInfo { throw 'The RPC server is unavailable.' }
            $finding = Invoke-FfServiceStateDetection -Step (New-TestStep) -Paths $paths
            $finding.Detected | Should -BeFalse
            $finding.Error | Should -Be 'Cannot read service Spooler: The RPC server is unavailable.'
        }

        It 'runs through Invoke-FfDetection like any other step' {
            $script:DetectionSteps = @(New-TestStep)
            Mock Get-FfServiceInfo { New-ServiceInfo -State 'Stopped' -StartType 'Automatic' }
            (Invoke-FfDetection -Paths $paths).Detected | Should -BeTrue
        }
    }
}
