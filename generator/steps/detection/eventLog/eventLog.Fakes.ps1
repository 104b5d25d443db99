# Fakes of detect.eventLog's OS boundary (Read-FfEventRecord), modelled on what Windows does.
# Dot-sourced by eventLog.Tests.ps1; the generated module tests get them with the kind's cases.

function Write-FakeEventFormatError {
    # What Get-WinEvent writes for a record whose message it cannot format (GetEventCommand.cs:
    # WriteError, non-terminating, once per record; the record itself is still written). Common
    # when the format culture has no language pack, e.g. SYSTEM on a localized image.
    [CmdletBinding()]
    param()
    # EventLogException on Windows; its constructor refuses to run on other platforms.
    $text = 'The locale specific resource for the desired message is not present'
    try { $exception = New-Object -TypeName System.Diagnostics.Eventing.Reader.EventLogException -ArgumentList $text }
    catch { $exception = New-Object -TypeName System.Exception -ArgumentList $text }
    $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'LogRecordFormatDescription,Microsoft.PowerShell.Commands.GetWinEventCommand', ([System.Management.Automation.ErrorCategory]::NotSpecified), $null
    $PSCmdlet.WriteError($record)
}

function Write-FakeEventNoLog {
    # What Get-WinEvent writes when the log is not there or cannot be opened: a non-terminating
    # error and no record at all.
    [CmdletBinding()]
    param([string] $LogName = 'System')
    $exception = New-Object -TypeName System.Exception -ArgumentList ('There is not an event log on the localhost computer that matches "{0}".' -f $LogName)
    $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'NoMatchingLogsFound,Microsoft.PowerShell.Commands.GetWinEventCommand', ([System.Management.Automation.ErrorCategory]::ObjectNotFound), $null
    $PSCmdlet.WriteError($record)
}
