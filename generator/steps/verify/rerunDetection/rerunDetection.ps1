# verify.rerunDetection: the repair worked when the fix's detection no longer finds the problem.
# Windows PowerShell 2.0-safe.

function Invoke-FfRerunDetectionVerification {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [string[]] $Context
    )
    $test = Invoke-FfDetection -Paths $Paths
    New-FfCheck -Step $Step -Passed (-not $test.Detected) -Test $test
}
