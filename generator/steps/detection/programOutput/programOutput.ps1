# detect.programOutput: an allowed program run read-only (the compiler refuses other arguments),
# matched on its exit code and/or its output. Windows PowerShell 2.0-safe. Needs the runProgram
# kind's Invoke-FfProgram and programPath.ps1, which the build includes with this handler.

function Test-FfProgramRunMatch {
    # Whether one run shows the problem: every criterion the step gives must hold.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] $Run
    )
    $code = $Run.ExitCode
    if (@($Step.ExitCodeIn).Count -gt 0 -and -not (@($Step.ExitCodeIn) -contains $code)) { return $false }
    if (@($Step.ExitCodeNotIn).Count -gt 0 -and (@($Step.ExitCodeNotIn) -contains $code)) { return $false }
    if ($Step.OutputContains) {
        $text = (@($Run.Output) -join "`n")
        if ($text.IndexOf($Step.OutputContains, [StringComparison]::OrdinalIgnoreCase) -lt 0) { return $false }
    }
    $true
}

function Invoke-FfProgramOutputDetection {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [object] $LastRepair
    )
    $programFile = Resolve-FfProgramFile -Step $Step -Paths $Paths
    $program = $programFile.Path
    $notStarted = Get-FfProgramFileFinding -Step $Step -ProgramFile $programFile
    if ($notStarted) { return $notStarted }
    # Without rights the program fails as if it found the problem ("Access is denied"): not run.
    $refusal = Get-FfElevationRefusal -Step $Step -Program $program
    if ($refusal) { return New-FfFinding -Step $Step -ErrorText $refusal }
    try {
        $run = Invoke-FfProgram -FilePath $program -ArgumentList $Step.ArgumentList -TimeoutSeconds ([int]$Step.TimeoutSeconds)
    }
    catch {
        return New-FfFinding -Step $Step -ErrorText ('{0} could not be run: {1}' -f $program, $_.Exception.Message)
    }
    if ($run.PSObject.Properties['TimedOut'] -and $run.TimedOut) { return New-FfFinding -Step $Step -ErrorText ('{0} did not finish within {1} s' -f $program, [int]$Step.TimeoutSeconds) }
    $details = @('{0} {1}: exit code {2}' -f $program, ($Step.ArgumentList -join ' '), $run.ExitCode) + @($run.Output | Select-Object -First 20)
    $count = 0
    if (Test-FfProgramRunMatch -Step $Step -Run $run) { $count = 1 }
    New-FfFinding -Step $Step -Count $count -Details $details
}
