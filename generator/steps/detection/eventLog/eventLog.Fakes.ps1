# Fakes for detect.eventLog's OS function (Read-FfEventRecord in eventLog.ps1), included in a
# generated module test file when the module carries eventLog.ps1. A clean machine has no events;
# a case sets its own with Select-FakeEvent. Records are shaped like the EventLogRecord objects
# Get-WinEvent returns: the properties the handler reads, and ToXml().
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

function New-FakeEvent {
    # An object shaped like an EventLogRecord: the properties the module reads and ToXml().
    param([string] $LogName, [string] $ProviderName, [int] $Id, [int] $Level, [string[]] $Data, [string] $Message = '', [DateTime] $TimeCreated = (Get-Date))
    $xml = '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="' + [System.Security.SecurityElement]::Escape($ProviderName) + '" /><EventID>' + $Id + '</EventID><Level>' + $Level + '</Level><Channel>' + [System.Security.SecurityElement]::Escape($LogName) + '</Channel></System><EventData>'
    foreach ($item in $Data) { $xml += '<Data>' + [System.Security.SecurityElement]::Escape($item) + '</Data>' }
    $xml += '</EventData></Event>'
    $record = New-Object -TypeName PSObject -Property @{ LogName = $LogName; ProviderName = $ProviderName; Id = $Id; Level = $Level; TimeCreated = $TimeCreated; Message = $Message }
    Add-Member -InputObject $record -MemberType NoteProperty -Name 'Xml' -Value $xml
    Add-Member -InputObject $record -MemberType ScriptMethod -Name 'ToXml' -Value { $this.Xml }
    $record
}

function New-EventData {
    # Event data fields with Text at Index and the error text in every other field.
    param([int] $Index, [string] $Text, [string] $ErrorText = 'The data is not what was expected.')
    $count = [Math]::Max($Index + 2, 2)
    for ($i = 0; $i -lt $count; $i++) { if ($i -eq $Index) { $Text } else { $ErrorText } }
}

function Select-FakeEvent {
    # What Read-FfEventRecord returns on Windows for these events: those since the filter's
    # StartTime (Get-WinEvent filters by time itself), and nothing when none match.
    param([object[]] $Events, [hashtable] $FilterHashtable)
    @($Events | Where-Object { -not $FilterHashtable.ContainsKey('StartTime') -or $_.TimeCreated -ge $FilterHashtable.StartTime })
}

# A clean machine unless a test says otherwise: no events.
Mock -ModuleName $ModuleName Read-FfEventRecord { }
