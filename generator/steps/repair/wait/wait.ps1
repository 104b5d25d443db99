# repair.wait: a pause of Seconds, or waiting until a detection step of this fix reads as asked
# (Until: 'detected' or 'clean'), running it every IntervalSeconds, for at most TimeoutSeconds of
# pauses. The detection runs through the core's dispatch (Invoke-FfHandler) with its own entry from
# $script:DetectionSteps. Waiting changes nothing on the machine: no Changes, and -WhatIf neither
# pauses nor detects. Windows PowerShell 2.0-safe.

function Start-FfWait {
    # The one place this kind pauses, so that tests do not.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [int] $Seconds)
    Start-Sleep -Seconds $Seconds
}

function Find-FfWaitDetection {
    # The detection step a wait names, from the fix's own table; $null when the table lacks it.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Id)
    foreach ($detection in @($script:DetectionSteps)) {
        if ($detection.Id -eq $Id) { return $detection }
    }
    $null
}

function Invoke-FfWaitRepair {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $description = $script:Strings[$Step.DescriptionKey]
    if ($Step.Seconds -gt 0) {
        if (-not $PSCmdlet.ShouldProcess(('{0} seconds' -f $Step.Seconds), $description)) { return New-FfStepResult -Step $Step -Outcome 'WhatIf' }
        Start-FfWait -Seconds $Step.Seconds
        Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: waited {1} seconds' -f $Step.Id, $Step.Seconds)
        return New-FfStepResult -Step $Step -Outcome 'Succeeded' -Message ('waited {0} seconds' -f $Step.Seconds)
    }
    $detection = Find-FfWaitDetection -Id $Step.DetectionId
    if (-not $detection) {
        $reason = 'detection step ''{0}'' is not in this script' -f $Step.DetectionId
        return New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Problems @(New-FfProblem -Target $Step.DetectionId -Reason $reason)
    }
    $target = '{0} reads {1}' -f $Step.DetectionId, $Step.Until
    if (-not $PSCmdlet.ShouldProcess($target, $description)) { return New-FfStepResult -Step $Step -Outcome 'WhatIf' }
    $wanted = $Step.Until -eq 'detected'
    $lastRepair = Get-FfLastRepairTime -DataDirectory $Paths.DataDirectory
    $waited = 0
    $lastError = $null
    while ($true) {
        try {
            $finding = Invoke-FfHandler -Step $detection -Parameters @{ Step = $detection; Paths = $Paths; LastRepair = $lastRepair }
            if ($finding.Error) { $lastError = $finding.Error }
            elseif ([bool]$finding.Detected -eq $wanted) {
                Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1} after {2} seconds' -f $Step.Id, $target, $waited)
                return New-FfStepResult -Step $Step -Outcome 'Succeeded' -Message ('{0} after {1} seconds' -f $target, $waited)
            }
        }
        catch {
            # A detection that fails this time may succeed the next: remembered, and reported at the timeout.
            $lastError = $_.Exception.Message
        }
        if ($waited -ge $Step.TimeoutSeconds) { break }
        $pause = [Math]::Min($Step.IntervalSeconds, $Step.TimeoutSeconds - $waited)
        Start-FfWait -Seconds $pause
        $waited += $pause
    }
    $reason = '{0} did not read {1} within {2} seconds' -f $Step.DetectionId, $Step.Until, $Step.TimeoutSeconds
    if ($lastError) { $reason += ('; last detection error: ' + $lastError) }
    New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Problems @(New-FfProblem -Target $Step.DetectionId -Reason $reason)
}
