# verify.that: a detection step used as an assertion. The check passes when the condition's own
# handler finds what the condition describes (the service runs, the value is gone, ...).
# Windows PowerShell 2.0-safe.

function Invoke-FfThatVerification {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [string[]] $Context
    )
    $condition = $Step.Condition
    $finding = Invoke-FfHandler -Step $condition -Parameters @{ Step = $condition; Paths = $Paths; LastRepair = $null }
    $remaining = @()
    if ($finding.Error) { $remaining += ('{0}: {1}' -f $condition.Id, $finding.Error) }
    elseif (-not $finding.Detected) { $remaining += ('{0}: {1}' -f $condition.Id, $finding.Message) }
    New-FfCheck -Step $Step -Passed ($finding.Detected -and -not $finding.Error) -Remaining $remaining
}
