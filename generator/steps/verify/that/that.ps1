# verify.that: a detection step used as an assertion. The check passes when the condition's own
# handler finds what the condition describes (the service runs, the value is gone, ...), and for
# a condition over several targets (every user), when it holds for every one of them.
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
    if ($finding.Error) {
        $remaining += ('{0}: {1}' -f $condition.Id, $finding.Error)
    }
    elseif ($finding.PSObject.Properties['Unmatched'] -and $null -ne $finding.Unmatched) {
        # Several targets (every user's hive, every profile's folder): a check holds for EVERY one
        # of them, where a detection finds a problem in ANY one. A target that could not be read
        # or was refused does not hold either. No target at all: nothing contradicts the check.
        foreach ($miss in @($finding.Unmatched)) { $remaining += ('{0}: {1}' -f $condition.Id, $miss) }
    }
    elseif (-not $finding.Detected) {
        $remaining += ('{0}: {1}' -f $condition.Id, $finding.Message)
    }
    New-FfCheck -Step $Step -Passed ($remaining.Count -eq 0) -Remaining $remaining
}
