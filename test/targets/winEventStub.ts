/**
 * The Get-WinEvent stub the target tests run the standalone scripts through: one matching CAPI2
 * event, "no events" the way the cmdlet says it, or a broken log; `-Clm` runs the script in
 * Constrained Language Mode, as an App Control/AppLocker lockdown would.
 */
import { PROCESS_FAKES } from '../support/processFakes';
export const WINEVENT_STUB = String.raw`
param([string] $Script, [string] $Mode, [string] $WindowsDirectory, [string] $ProfileDirectory, [string] $DataDirectory, [switch] $Clm, [switch] $AsDeployed)
` + PROCESS_FAKES + String.raw`
function global:Get-WinEvent {
    [CmdletBinding()]
    param([hashtable] $FilterHashtable)
    if ($Mode -eq 'none') {
        $exception = New-Object -TypeName System.Exception -ArgumentList 'No events were found that match the specified selection criteria.'
        $PSCmdlet.ThrowTerminatingError((New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'NoMatchingEventsFound', 'ObjectNotFound', $null))
    }
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
# A simulated App Control/AppLocker lockdown: the script then runs in Constrained Language Mode.
if ($Clm) { $ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage' }
# -AsDeployed: started as Intune and gpscript start it, with no parameters (the machine's paths come from its environment).
if ($AsDeployed) { & $Script } else { & $Script -WindowsDirectory $WindowsDirectory -ProfileDirectory $ProfileDirectory -DataDirectory $DataDirectory }
exit $LASTEXITCODE
`;
