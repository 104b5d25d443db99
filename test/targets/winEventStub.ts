/**
 * The event-log stand-in the target tests run the standalone scripts through (our own
 * Read-FfEventRecord, by alias; never Get-WinEvent itself): one matching CAPI2
 * event, "no events" the way the cmdlet says it, or a broken log; `-Clm` runs the script in
 * Constrained Language Mode, as an App Control/AppLocker lockdown would.
 */
import { PROCESS_FAKES } from '../support/processFakes';
export const WINEVENT_STUB = String.raw`
param([string] $Script, [string] $Mode, [string] $WindowsDirectory, [string] $ProfileDirectory, [string] $DataDirectory, [switch] $Clm, [switch] $AsDeployed)
` + PROCESS_FAKES + String.raw`
# The event log through our own reader (Read-FfEventRecord in eventLog.ps1), never a stand-in for
# Get-WinEvent itself: an alias is found before the script's own function of that name.
function global:Test-FakeFfEventReaderPresent { $true }
Set-Alias -Name Test-FfEventReaderPresent -Value Test-FakeFfEventReaderPresent -Scope Global
function global:Read-FakeFfEventRecord {
    [CmdletBinding()]
    param([hashtable] $FilterHashtable)
    if ($Mode -eq 'none') { return }
    if ($Mode -eq 'broken') { throw 'The event log service is not available.' }
    $record = New-Object -TypeName PSObject
    Add-Member -InputObject $record -MemberType NoteProperty -Name LogName -Value 'Application'
    Add-Member -InputObject $record -MemberType NoteProperty -Name ProviderName -Value 'Microsoft-Windows-CAPI2'
    Add-Member -InputObject $record -MemberType NoteProperty -Name Id -Value 4107
    Add-Member -InputObject $record -MemberType NoteProperty -Name TimeCreated -Value (Get-Date)
    Add-Member -InputObject $record -MemberType NoteProperty -Name Message -Value 'Failed extract of third-party root list. The data is invalid.'
    Add-Member -InputObject $record -MemberType ScriptMethod -Name ToXml -Value { '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><EventData><Data>http://www.download.windowsupdate.com/msdownload/update/v3/static/trustedr/en/authrootstl.cab</Data><Data>The data is invalid.</Data></EventData></Event>' }
    $record
}
Set-Alias -Name Read-FfEventRecord -Value Read-FakeFfEventRecord -Scope Global
# A simulated App Control/AppLocker lockdown: the script then runs in Constrained Language Mode.
if ($Clm) { $ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage' }
# -AsDeployed: started as Intune and gpscript start it, with no parameters (the machine's paths come from its environment).
if ($AsDeployed) { & $Script } else { & $Script -WindowsDirectory $WindowsDirectory -ProfileDirectory $ProfileDirectory -DataDirectory $DataDirectory }
exit $LASTEXITCODE
`;
