# detect.always: an on-demand fix (a network reset) is needed whenever someone runs it, so its
# detection always finds the problem. Windows PowerShell 2.0-safe.

function Invoke-FfAlwaysDetection {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [object] $LastRepair
    )
    New-FfFinding -Step $Step -Count 1 -Details @('on demand: needed whenever it is run')
}
