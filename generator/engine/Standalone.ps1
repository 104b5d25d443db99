# fixforge engine for standalone scripts (Intune Remediations, the GPO startup script): quiet runs,
# one-line summaries and the failure test. Real PowerShell, Windows PowerShell 2.0-safe; the emitters
# put it after Core.ps1 and the handlers.

function Invoke-FfQuiet {
    # Runs the engine with its error stream captured: errors go to the log, never to stderr
    # (Intune counts anything on stderr as a script failure). Returns the other output and counts
    # the errors in $script:FfErrorCount, which the caller sets to 0 first.
    param(
        [Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock,
        [Parameter(Mandatory = $true)] [string] $DataDirectory
    )
    foreach ($item in @(& $ScriptBlock 2>&1)) {
        if ($item -is [System.Management.Automation.ErrorRecord]) {
            $script:FfErrorCount++
            Write-FfLog -DataDirectory $DataDirectory -Message ('error: ' + [string]$item)
        }
        else {
            $item
        }
    }
}

function Format-FfSummary {
    # One printable ASCII line, short enough for Intune's 2,048-character output limit.
    param([Parameter(Mandatory = $true)] [string] $Text)
    $line = ($Text -replace '[\r\n\t]+', ' ') -replace '[^\x20-\x7E]', '?'
    if ($line.Length -gt 2000) { $line = $line.Substring(0, 1997) + '...' }
    $line
}

function Get-FfDetectionSummary {
    # The findings of one detection run in one line; the problem steps decide, evidence only explains.
    param([Parameter(Mandatory = $true)] $Test)
    $parts = @()
    foreach ($finding in @($Test.Findings)) {
        if ($finding.Indicates -eq 'problem') {
            if ($finding.Detected) { $parts += ('{0} ({1} found)' -f $finding.Message, $finding.Count) }
            else { $parts += $finding.Message }
        }
        elseif ($finding.Detected) {
            $parts += ('Evidence: {0} ({1} found)' -f $finding.Message, $finding.Count)
        }
    }
    foreach ($hint in @($Test.Hints)) { $parts += ('Hint: ' + $hint) }
    $parts -join ' '
}

function Get-FfDetectionError {
    # A problem step that could not run (e.g. the event log could not be read) is not "clean".
    param([Parameter(Mandatory = $true)] $Test)
    foreach ($finding in @($Test.Findings)) {
        if ($finding.Indicates -eq 'problem' -and $finding.Error) { ('{0}: {1}' -f $finding.StepId, $finding.Error) }
    }
}
