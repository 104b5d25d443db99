# repair.runProgram: a Windows program by its full path under System32, fixed arguments, and the
# exit codes that mean success. Windows PowerShell 2.0-safe.

function Invoke-FfProgram {
    # System programs are run by full path only: a bare name would find a planted copy first.
    # The one place a program is started, so that tests can stand in for it.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $FilePath,
        [string[]] $ArgumentList
    )
    $output = @(& $FilePath $ArgumentList 2>&1 | ForEach-Object { [string]$_ })
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.ProgramRun') -Name @('ExitCode', 'Output') -Value @{
        ExitCode = $LASTEXITCODE
        Output = $output
    }
}

function Invoke-FfRunProgramRepair {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $description = $script:Strings[$Step.DescriptionKey]
    $program = Resolve-FfWindowsPath -WindowsDirectory $Paths.WindowsDirectory -Segments (@('System32') + $Step.ProgramSegments)
    $commandLine = '{0} {1}' -f $program, ($Step.ArgumentList -join ' ')
    if (-not $PSCmdlet.ShouldProcess($commandLine, $description)) {
        return New-FfStepResult -Step $Step -Outcome 'WhatIf' -Changes @(New-FfChange -Action 'Run' -Target $commandLine)
    }
    Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: running {1}' -f $Step.Id, $commandLine)
    try {
        $run = Invoke-FfProgram -FilePath $program -ArgumentList $Step.ArgumentList
    }
    catch {
        $reason = '{0} could not be run: {1}' -f $program, $_.Exception.Message
        return New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Problems @(New-FfProblem -Target $commandLine -Reason $reason)
    }
    foreach ($line in @($run.Output)) { Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1}' -f $Step.Id, $line) }
    $change = New-FfChange -Action 'Run' -Target $commandLine -After ('exit code {0}' -f $run.ExitCode)
    if ($Step.SuccessExitCodes -contains [int]$run.ExitCode) {
        return New-FfStepResult -Step $Step -Outcome 'Succeeded' -Changes @($change)
    }
    $reason = '{0} exited with code {1}' -f $program, $run.ExitCode
    New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Changes @($change) -Problems @(New-FfProblem -Target $commandLine -Reason $reason)
}
