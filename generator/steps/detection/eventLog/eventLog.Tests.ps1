# Pester 5 unit tests for the detect.eventLog handler (eventLog.ps1) on the engine core, independent
# of any build. Read-FfEventRecord, the handler's one call into the event log, is faked (there is
# no event log on Linux); the records are fake objects with the properties the handler reads and
# ToXml(). Read-FfEventRecord's own body is covered by the per-edition static check. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/detection/eventLog/eventLog.Tests.ps1 -Output Detailed

Describe 'eventLog.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'eventLog.ps1')

        function New-FakeEvent {
            # An object shaped like an EventLogRecord: the properties the handler reads and ToXml().
            param(
                [string] $LogName = 'Application',
                [string] $ProviderName = 'Microsoft-Windows-CAPI2',
                [int] $Id = 4107,
                [string[]] $Data = @('http://example/authrootstl.cab', 'The data is invalid.'),
                [string] $Message = 'Failed extract of third-party root list from auto update cab.',
                [DateTime] $TimeCreated = (Get-Date)
            )
            $xml = '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="' + [System.Security.SecurityElement]::Escape($ProviderName) + '" /><EventID>' + $Id + '</EventID><Level>2</Level><Channel>' + [System.Security.SecurityElement]::Escape($LogName) + '</Channel></System><EventData>'
            foreach ($item in $Data) { $xml += '<Data>' + [System.Security.SecurityElement]::Escape($item) + '</Data>' }
            $xml += '</EventData></Event>'
            $record = New-Object -TypeName PSObject -Property @{ LogName = $LogName; ProviderName = $ProviderName; Id = $Id; Level = 2; TimeCreated = $TimeCreated; Message = $Message }
            Add-Member -InputObject $record -MemberType NoteProperty -Name 'Xml' -Value $xml
            Add-Member -InputObject $record -MemberType ScriptMethod -Name 'ToXml' -Value { $this.Xml }
            $record
        }

        function New-TestStep {
            @{
                Id = 'rootListEvent'; Kind = 'eventLog'; Handler = 'Invoke-FfEventLogDetection'; Indicates = 'problem'
                DetectedKey = 'EventDetected'; CleanKey = 'EventClean'
                LogName = 'Application'; ProviderName = 'Microsoft-Windows-CAPI2'; EventId = @(4107, 11); Level = 2
                DataIndex = 0; DataContains = 'authrootstl.cab'; WithinDays = 30
            }
        }

        function Invoke-Detection {
            param([hashtable] $Step = (New-TestStep), [object] $LastRepair = $null)
            Invoke-FfEventLogDetection -Step $Step -Paths @{ DataDirectory = $TestDrive } -LastRepair $LastRepair
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:Roots = @{}
        $script:Strings = @{
            EventDetected = 'The root list could not be extracted.'
            EventClean = 'No root list errors.'
            ProxyText = 'Check the proxy.'
            ExpiredText = 'The signing certificate expired.'
            OtherText = 'Belongs to another step.'
        }
        $script:Hints = @(
            @{ Id = 'proxy'; Detection = 'rootListEvent'; MessageContains = @('The data is invalid', 'De gegevens zijn ongeldig'); TextKey = 'ProxyText' }
            @{ Id = 'expired'; Detection = 'rootListEvent'; MessageContains = @('not within its validity period'); TextKey = 'ExpiredText' }
            @{ Id = 'other'; Detection = 'otherStep'; MessageContains = @('The data is invalid'); TextKey = 'OtherText' }
        )
        $script:Events = @()
        # What Get-WinEvent finds: the events since the filter's StartTime, none when none match.
        Mock Read-FfEventRecord { @($script:Events | Where-Object { $_.TimeCreated -ge $FilterHashtable.StartTime }) }
    }

    Describe 'Get-FfEventDataText' {
        It 'reads the EventData field at the index, whatever the XML namespace' {
            $record = New-FakeEvent -Data @('first', 'second & <third>')
            Get-FfEventDataText -EventRecord $record -Index 0 | Should -Be 'first'
            Get-FfEventDataText -EventRecord $record -Index 1 | Should -Be 'second & <third>'
        }

        It 'returns an empty text for a field the event does not have' {
            Get-FfEventDataText -EventRecord (New-FakeEvent -Data @('only')) -Index 3 | Should -Be ''
            Get-FfEventDataText -EventRecord (New-FakeEvent -Data @()) -Index 0 | Should -Be ''
        }
    }

    Describe 'Invoke-FfEventLogDetection' {
        It 'asks the event log for the step''s log, provider, ids and level, from the start of the window' {
            [void](Invoke-Detection)
            Should -Invoke Read-FfEventRecord -Times 1 -Exactly -ParameterFilter {
                $FilterHashtable.LogName -eq 'Application' -and
                $FilterHashtable.ProviderName -eq 'Microsoft-Windows-CAPI2' -and
                (@($FilterHashtable.Id) -join ',') -eq '4107,11' -and
                $FilterHashtable.Level -eq 2 -and
                $FilterHashtable.StartTime -gt (Get-Date).AddDays(-30).AddMinutes(-1) -and
                $FilterHashtable.StartTime -lt (Get-Date).AddDays(-30).AddMinutes(1)
            }
        }

        It 'detects an event whose data field holds the text, in any case and inside longer data' {
            $script:Events = @(
                (New-FakeEvent -Id 4107 -Data @('http://ctldl/AuthRootSTL.CAB')),
                (New-FakeEvent -Id 11 -Data @('AUTHROOTSTL.cab (suffix)'))
            )
            $finding = Invoke-Detection
            $finding.Detected | Should -BeTrue
            $finding.Count | Should -Be 2
            $finding.Message | Should -Be 'The root list could not be extracted.'
            $finding.Error | Should -BeNullOrEmpty
            @($finding.Details)[0] | Should -Match '^Microsoft-Windows-CAPI2 event 4107 at .+: http://ctldl/AuthRootSTL\.CAB$'
        }

        It 'writes event times in UTC, as the Z of the u format says' {
            # .NET on Linux reads TZ again after ClearCachedData, so this runs in a zone that is not UTC.
            $oldTz = $env:TZ
            try {
                $env:TZ = 'Asia/Kolkata'
                [TimeZoneInfo]::ClearCachedData()
                if ([TimeZoneInfo]::Local.BaseUtcOffset -eq [TimeSpan]::Zero) { Set-ItResult -Skipped -Because 'no time zone other than UTC is available' ; return }
                $local = [DateTime]::SpecifyKind((Get-Date).Date.AddHours(-12), 'Local')
                $script:Events = @(New-FakeEvent -TimeCreated $local)
                $utc = $local.ToUniversalTime().ToString('u', [System.Globalization.CultureInfo]::InvariantCulture)
                $utc | Should -Not -Be $local.ToString('u', [System.Globalization.CultureInfo]::InvariantCulture)
                @((Invoke-Detection).Details)[0] | Should -BeLike ('* at {0}: *' -f $utc)
            }
            finally {
                $env:TZ = $oldTz
                [TimeZoneInfo]::ClearCachedData()
            }
        }

        It 'ignores events of another log, provider or id, and events whose data field holds something else' {
            $script:Events = @(
                (New-FakeEvent -LogName 'Microsoft-Windows-CAPI2/Operational'),
                (New-FakeEvent -ProviderName 'Other-Provider'),
                (New-FakeEvent -Id 4108),
                (New-FakeEvent -Data @('zuthrootstl.cab', 'authrootstl.cab'))
            )
            $finding = Invoke-Detection
            $finding.Detected | Should -BeFalse
            $finding.Count | Should -Be 0
        }

        It 'reads no matching events as clean, without an error' {
            $output = @(Invoke-Detection -ErrorAction Stop 2>&1)
            $output.Count | Should -Be 1
            $output[0].Detected | Should -BeFalse
            $output[0].Error | Should -BeNullOrEmpty
            $output[0].Message | Should -Be 'No root list errors.'
        }

        It 'reports an unreadable log as an error, not as clean' {
            Mock Read-FfEventRecord { throw 'The RPC server is unavailable.' }
            $finding = Invoke-Detection
            $finding.Detected | Should -BeFalse
            $finding.Error | Should -Be 'The RPC server is unavailable.'
            $finding.Message | Should -Be 'The RPC server is unavailable.'
        }

        It 'starts the window at the last repair when that is later, and says since when' {
            $repaired = (Get-Date).AddHours(-1)
            $script:Events = @((New-FakeEvent -TimeCreated (Get-Date).AddHours(-2)), (New-FakeEvent -TimeCreated (Get-Date).AddMinutes(-5)))
            $finding = Invoke-Detection -LastRepair $repaired
            $finding.Count | Should -Be 1
            $finding.Since | Should -Be $repaired
            Should -Invoke Read-FfEventRecord -Times 1 -Exactly -ParameterFilter { $FilterHashtable.StartTime -eq $repaired }
        }

        It 'keeps the window when the last repair is older than it' {
            $finding = Invoke-Detection -LastRepair (Get-Date).AddDays(-90)
            $finding.Since | Should -BeGreaterThan (Get-Date).AddDays(-31)
        }

        It 'gives the hints of this step whose text the message holds, in any case, once each' {
            $script:Events = @(
                (New-FakeEvent -Message 'Error: THE DATA IS INVALID.'),
                (New-FakeEvent -Message 'De gegevens zijn ongeldig.')
            )
            $finding = Invoke-Detection
            $finding.Hints | Should -Be @('Check the proxy.')
        }

        It 'gives no hint when no message holds a hint''s text, or nothing was found' {
            $script:Events = @(New-FakeEvent -Message 'Something else went wrong.')
            @((Invoke-Detection).Hints).Count | Should -Be 0
            $script:Events = @()
            @((Invoke-Detection).Hints).Count | Should -Be 0
        }

        It 'runs through Invoke-FfDetection like any other step' {
            $script:DetectionSteps = @(New-TestStep)
            $script:Events = @(New-FakeEvent -Message 'The certificate is not within its validity period.')
            $test = Invoke-FfDetection -Paths @{ DataDirectory = [System.IO.Path]::Combine($TestDrive, 'data') }
            $test.Detected | Should -BeTrue
            $test.Hints | Should -Be @('The signing certificate expired.')
        }
    }
}
