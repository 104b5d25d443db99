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
    # Get-WinEvent returns for the filter, none when none match ("No events were found" is an
    # error from Get-WinEvent; here it simply means "no records"); throws when the log cannot be
    # read. Get-WinEvent's other non-terminating errors are passed on as they are: it writes one
    # for each record whose message it cannot format, and still writes the record (Find-FfEvent).
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $FilterHashtable)
    $readErrors = @()
    Get-WinEvent -FilterHashtable $FilterHashtable -ErrorAction SilentlyContinue -ErrorVariable readErrors
    foreach ($readError in @($readErrors)) {
        if ([string]$readError.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { continue }
        $PSCmdlet.WriteError($readError)
    }
}

function Test-FfEventReaderPresent {
    # Whether Get-WinEvent can run: it needs System.Core of .NET Framework 3.5. Tests stand in for it.
    [CmdletBinding()]
    param()
    try {
        [void][System.Reflection.Assembly]::Load('System.Core, Version=3.5.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089')
        return $true
    }
    catch {
        Write-Verbose ('Get-WinEvent cannot run (.NET Framework 3.5 is missing): the classic event log API reads the log. ' + $_.Exception.Message)
    }
    $false
}

function Read-FfClassicEventEntry {
    # The entries of a classic log since StartTime, newest first, through System.Diagnostics.EventLog
    # (.NET 2.0). The one place the classic API is read, so that tests can stand in for it.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $LogName,
        [Parameter(Mandatory = $true)] [DateTime] $StartTime
    )
    $log = New-Object -TypeName System.Diagnostics.EventLog -ArgumentList $LogName
    try {
        $entries = $log.Entries
        for ($i = $entries.Count - 1; $i -ge 0; $i--) {
            $entry = $entries[$i]
            if ($entry.TimeGenerated -lt $StartTime) { break }
            $entry
        }
    }
    finally { $log.Dispose() }
}

function Select-FfClassicEvent {
    # Classic entries (EventLogEntry: Source, InstanceId, EntryType, TimeGenerated, Message,
    # ReplacementStrings) that match a Get-WinEvent filter, as objects shaped like the records
    # Get-WinEvent returns (LogName, ProviderName, Id, Level, TimeCreated, Message, ToXml() with the
    # replacement strings as EventData), so that the rest of the kind reads them alike. The classic
    # API knows no Critical: an Error entry matches level 1 and 2. A provider's entries may carry
    # its name without the Microsoft-Windows- prefix: both are taken.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $FilterHashtable,
        [object[]] $Entry = @()
    )
    $levels = @{ 'Error' = @(1, 2); 'Warning' = @(3); 'Information' = @(4, 0); 'SuccessAudit' = @(0); 'FailureAudit' = @(0) }
    $provider = [string]$FilterHashtable.ProviderName
    $short = $provider
    if ($provider.StartsWith('Microsoft-Windows-', [StringComparison]::OrdinalIgnoreCase)) { $short = $provider.Substring('Microsoft-Windows-'.Length) }
    foreach ($item in @($Entry)) {
        $source = [string]$item.Source
        if (-not ($source.Equals($provider, [StringComparison]::OrdinalIgnoreCase) -or $source.Equals($short, [StringComparison]::OrdinalIgnoreCase))) { continue }
        $id = [int]([int64]$item.InstanceId -band 0xFFFF)
        if (-not (@($FilterHashtable.Id) -contains $id)) { continue }
        $entryLevels = $levels[[string]$item.EntryType]
        if (-not $entryLevels -or -not ($entryLevels -contains [int]$FilterHashtable.Level)) { continue }
        if ($FilterHashtable.StartTime -and $item.TimeGenerated -lt $FilterHashtable.StartTime) { continue }
        $xml = '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="' + [System.Security.SecurityElement]::Escape($provider) + '" /><EventID>' + $id + '</EventID></System><EventData>'
        foreach ($text in @($item.ReplacementStrings)) { $xml += '<Data>' + [System.Security.SecurityElement]::Escape([string]$text) + '</Data>' }
        $xml += '</EventData></Event>'
        $record = New-FfObject -TypeName 'FixForge.ClassicEventRecord' -Name @('LogName', 'ProviderName', 'Id', 'Level', 'TimeCreated', 'Message', 'Xml') -Value @{
            LogName = $FilterHashtable.LogName; ProviderName = $provider; Id = $id; Level = [int]$FilterHashtable.Level; TimeCreated = $item.TimeGenerated; Message = [string]$item.Message; Xml = $xml
        }
        Add-Member -InputObject $record -MemberType ScriptMethod -Name 'ToXml' -Value { $this.Xml }
        $record
    }
}

function Find-FfEvent {
    # Get-WinEvent writes a non-terminating error for each record whose message it cannot format
    # ("The locale specific resource for the desired message is not present": SYSTEM on a localized
    # image) and still writes the record. Data is matched, never the text, so such a record counts
    # and its error is only logged. A terminating error, or errors with no record at all (a log
    # that cannot be read), still fail the detection.
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
    $records = @()
    $readErrors = @()
    if (-not (Test-FfEventReaderPresent)) {
        # Get-WinEvent needs .NET Framework 3.5 (System.Core); Vista and Server 2008 with Windows
        # PowerShell 2.0 may have only .NET 2.0/3.0: there the classic EventLog class reads the log.
        $records = @(Select-FfClassicEvent -FilterHashtable $filter -Entry @(Read-FfClassicEventEntry -LogName $filter.LogName -StartTime $StartTime))
    }
    else {
        try {
            # Continue, whatever the caller's preference (Test-X -ErrorAction Stop): a per-record error
            # must not become terminating; 2>&1 separates the errors from the records.
            foreach ($item in @(Read-FfEventRecord -FilterHashtable $filter -ErrorAction Continue 2>&1)) {
                if ($item -is [System.Management.Automation.ErrorRecord]) { $readErrors += $item } else { $records += $item }
            }
        }
        catch {
            if ([string]$_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { return }
            throw
        }
        $others = @()
        foreach ($readError in @($readErrors)) {
            if ([string]$readError.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { continue }
            $others += $readError
        }
        if ($others.Count -gt 0) {
            if ($records.Count -eq 0) { throw $others[0].Exception }
            foreach ($other in $others) { Write-Verbose ('{0}: an event could not be formatted (its data is still matched): {1}' -f $Step.Id, $other.Exception.Message) }
        }
    }
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
