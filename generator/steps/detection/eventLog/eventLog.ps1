# detect.eventLog: events of one provider in a classic log, matched on their ids, level and one
# EventData field, never on the localized message text. Windows PowerShell 2.0-safe.

function Get-FfEventDataText {
    # EventData/Data[n] by position: the only language-neutral part of a classic event besides its ids.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $EventRecord,
        [Parameter(Mandatory = $true)] [int] $Index
    )
    $xml = New-Object -TypeName System.Xml.XmlDocument
    $xml.LoadXml([string]$EventRecord.ToXml())
    $nodes = $xml.SelectNodes("/*[local-name()='Event']/*[local-name()='EventData']/*[local-name()='Data']")
    if ($null -eq $nodes -or $nodes.Count -le $Index) { return '' }
    [string]$nodes.Item($Index).InnerText
}

function Read-FfEventRecord {
    # The one place this kind reads the event log, so that tests can stand in for it: the records
    # Get-WinEvent returns for the filter, none when none match; throws when the log cannot be read.
    # "No events were found" is an error from Get-WinEvent; here it simply means "no records".
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $FilterHashtable)
    try {
        @(Get-WinEvent -FilterHashtable $FilterHashtable -ErrorAction Stop)
    }
    catch {
        if ([string]$_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { return }
        throw
    }
}

function Find-FfEvent {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [DateTime] $StartTime
    )
    $filter = @{
        LogName = $Step.LogName
        ProviderName = $Step.ProviderName
        Id = $Step.EventId
        Level = $Step.Level
        StartTime = $StartTime
    }
    $records = @(Read-FfEventRecord -FilterHashtable $filter)
    foreach ($record in $records) {
        # The filter already says this; checking again keeps other channels' lookalikes out
        # (an Operational channel of the same provider may reuse the event ids).
        if ([string]$record.LogName -ne $Step.LogName) { continue }
        if ([string]$record.ProviderName -ne $Step.ProviderName) { continue }
        if (-not ($Step.EventId -contains [int]$record.Id)) { continue }
        # Without a data match, every event of the provider with these ids and level counts.
        if ($null -eq $Step.DataContains) { $record; continue }
        $text = Get-FfEventDataText -EventRecord $record -Index $Step.DataIndex
        if ($text.IndexOf($Step.DataContains, [StringComparison]::OrdinalIgnoreCase) -ge 0) {
            $record
        }
    }
}

function Get-FfEventHint {
    # Hints match the localized message text: best effort, never part of detection.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [object[]] $EventRecord
    )
    foreach ($hint in $script:Hints) {
        if ($hint.Detection -ne $Step.Id) { continue }
        $matched = $false
        foreach ($record in @($EventRecord)) {
            $message = [string]$record.Message
            foreach ($needle in $hint.MessageContains) {
                if ($message.IndexOf($needle, [StringComparison]::OrdinalIgnoreCase) -ge 0) { $matched = $true }
            }
        }
        if ($matched) { $script:Strings[$hint.TextKey] }
    }
}

function Invoke-FfEventLogDetection {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [object] $LastRepair
    )
    $since = (Get-Date).AddDays(-$Step.WithinDays)
    if ($LastRepair -and $LastRepair -gt $since) { $since = $LastRepair }
    try {
        $records = @(Find-FfEvent -Step $Step -StartTime $since)
        $details = @()
        foreach ($record in $records) {
            # {2:u} writes a trailing Z without converting: convert to UTC first, so the time is what it says.
            $data = ''
            if ($null -ne $Step.DataIndex) { $data = Get-FfEventDataText -EventRecord $record -Index $Step.DataIndex }
            $details += ('{0} event {1} at {2:u}: {3}' -f $Step.ProviderName, $record.Id, ([DateTime]$record.TimeCreated).ToUniversalTime(), $data)
        }
        $hints = @(Get-FfEventHint -Step $Step -EventRecord $records)
        New-FfFinding -Step $Step -Count $records.Count -Details $details -Hints $hints -Since $since
    }
    catch {
        New-FfFinding -Step $Step -Since $since -ErrorText $_.Exception.Message
    }
}
