# repair.runProgram: a Windows program by its full path under System32, fixed arguments, and the
# exit codes that mean success. Windows PowerShell 2.0-safe.

function ConvertTo-FfArgumentText {
    # One argument as the Windows C runtime (CommandLineToArgvW) parses it back, byte for byte:
    # quoted when it is empty or holds white space or a quote; backslashes doubled before a quote.
    # The same text reaches the program from Windows PowerShell 2.0 to 7: the engine never passes
    # arguments through PowerShell's own native-command argument handling.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Argument)
    if ($Argument.Length -gt 0 -and $Argument -notmatch '[\s"]') { return $Argument }
    $builder = New-Object -TypeName System.Text.StringBuilder
    [void]$builder.Append('"')
    $backslashes = 0
    foreach ($c in $Argument.ToCharArray()) {
        if ($c -eq [char]'\') { $backslashes++; continue }
        if ($c -eq [char]'"') { [void]$builder.Append([char]'\', 2 * $backslashes + 1) }
        elseif ($backslashes -gt 0) { [void]$builder.Append([char]'\', $backslashes) }
        $backslashes = 0
        [void]$builder.Append($c)
    }
    [void]$builder.Append([char]'\', 2 * $backslashes)
    [void]$builder.Append('"')
    $builder.ToString()
}

function Read-FfStreamChunk {
    # Collects what an asynchronous read has delivered and starts the next one; $null at the end.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $Reader)
    if (-not $Reader.Pending -or -not $Reader.Pending.IsCompleted) { return }
    $count = $Reader.Stream.EndRead($Reader.Pending)
    if ($count -le 0) { $Reader.Pending = $null; $Reader.Done = $true; return }
    $Reader.Bytes.Write($Reader.Buffer, 0, $count)
    $Reader.Pending = $Reader.Stream.BeginRead($Reader.Buffer, 0, $Reader.Buffer.Length, $null, $null)
}

function Get-FfConsoleCodePage {
    # The code page a console program started from here writes in: the system's OEM code page
    # (GetOEMCP, from the system locale), which is what a new console gets, not the format culture
    # of this process (a user's "Format" setting, or SYSTEM's on a localized image). Read from
    # HKLM\SYSTEM\CurrentControlSet\Control\Nls\CodePage\OEMCP; $null where there is no
    # registry (pwsh on Linux, where programs write UTF-8). Tests stand in for it.
    [CmdletBinding()]
    param()
    if ($null -eq [Microsoft.Win32.Registry]::LocalMachine) { return $null }
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('SYSTEM\CurrentControlSet\Control\Nls\CodePage', $false)
    if (-not $key) { return $null }
    try {
        $value = 0
        if ([int]::TryParse([string]$key.GetValue('OEMCP', ''), [ref]$value) -and $value -gt 0) { return $value }
        $null
    }
    finally { $key.Close() }
}

function ConvertFrom-FfProgramOutput {
    # A program's output bytes as text: UTF-16LE when it starts with its byte order mark or looks
    # like it (a zero in every odd byte of the first ones: wmic, `cmd /u`, programs that write
    # Unicode to a pipe), UTF-8 after its byte order mark, otherwise the console code page; UTF-8
    # without one (no registry: pwsh on Linux).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [byte[]] $Bytes,
        [object] $CodePage
    )
    if ($Bytes.Length -eq 0) { return '' }
    if ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFF -and $Bytes[1] -eq 0xFE) { return [System.Text.Encoding]::Unicode.GetString($Bytes, 2, $Bytes.Length - 2) }
    if ($Bytes.Length -ge 3 -and $Bytes[0] -eq 0xEF -and $Bytes[1] -eq 0xBB -and $Bytes[2] -eq 0xBF) { return [System.Text.Encoding]::UTF8.GetString($Bytes, 3, $Bytes.Length - 3) }
    if ($Bytes.Length -ge 4 -and $Bytes.Length % 2 -eq 0) {
        $pairs = [Math]::Min($Bytes.Length / 2, 256)
        $zeros = 0
        for ($i = 0; $i -lt $pairs; $i++) { if ($Bytes[2 * $i + 1] -eq 0 -and $Bytes[2 * $i] -ne 0) { $zeros++ } }
        if ($zeros -eq $pairs) { return [System.Text.Encoding]::Unicode.GetString($Bytes) }
    }
    if ($null -eq $CodePage) { return [System.Text.Encoding]::UTF8.GetString($Bytes) }
    try { $encoding = [System.Text.Encoding]::GetEncoding([int]$CodePage) } catch { $encoding = [System.Text.Encoding]::Default }
    $encoding.GetString($Bytes)
}

function Invoke-FfProgram {
    # System programs are run by full path only: a bare name would find a planted copy first.
    # The one place a program is started, so that tests can stand in for it. Output (stdout, then
    # stderr) is decoded as the program wrote it (ConvertFrom-FfProgramOutput); a program still running after the timeout is
    # stopped and reported (exit code $null, TimedOut).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSeconds = 300
    )
    $texts = @()
    foreach ($argument in @($ArgumentList)) { $texts += ConvertTo-FfArgumentText -Argument $argument }
    $info = New-Object -TypeName System.Diagnostics.ProcessStartInfo
    $info.FileName = $FilePath
    $info.Arguments = $texts -join ' '
    $info.UseShellExecute = $false
    $info.CreateNoWindow = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $process.StandardInput.Close()
    # Both streams are read asynchronously (APM, .NET 2.0) so neither can fill up and block the program.
    $readers = @()
    foreach ($stream in @($process.StandardOutput.BaseStream, $process.StandardError.BaseStream)) {
        $reader = @{ Stream = $stream; Buffer = (New-Object -TypeName 'byte[]' -ArgumentList 4096); Bytes = (New-Object -TypeName System.IO.MemoryStream); Done = $false; Pending = $null }
        $reader.Pending = $stream.BeginRead($reader.Buffer, 0, $reader.Buffer.Length, $null, $null)
        $readers += $reader
    }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $timedOut = $false
    while ($true) {
        foreach ($reader in $readers) { Read-FfStreamChunk -Reader $reader }
        $allRead = $true
        foreach ($reader in $readers) { if (-not $reader.Done) { $allRead = $false } }
        if ($allRead -and $process.HasExited) { break }
        if ([DateTime]::UtcNow -gt $deadline) {
            $timedOut = $true
            try { $process.Kill() } catch { Write-Verbose ('Cannot stop {0}: {1}' -f $FilePath, $_.Exception.Message) }
            break
        }
        [System.Threading.Thread]::Sleep(20)
    }
    [void]$process.WaitForExit(5000)
    # Console programs write in the system's OEM code page (not this process's format culture's),
    # some in UTF-16: ConvertFrom-FfProgramOutput tells them apart.
    $codePage = Get-FfConsoleCodePage
    $output = @()
    foreach ($reader in $readers) {
        $text = ConvertFrom-FfProgramOutput -Bytes $reader.Bytes.ToArray() -CodePage $codePage
        foreach ($line in ($text -split "`r?`n")) { if ($line -ne '') { $output += $line } }
    }
    $exitCode = $null
    if (-not $timedOut) { $exitCode = $process.ExitCode }
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.ProgramRun') -Name @('ExitCode', 'Output', 'TimedOut') -Value @{
        ExitCode = $exitCode
        Output = $output
        TimedOut = $timedOut
    }
}

function Test-FfProcessElevated {
    # Whether this process has an elevated token (an administrator's, or SYSTEM's): a program that
    # needs one gets it from here. Stood in for by the tests (runProgram.Fakes.ps1).
    [CmdletBinding()]
    param()
    (Get-FfProcessRole) -ne 'User'
}

function Get-FfElevationRefusal {
    # Why the step's program must not run in this process, or $null: a program that needs an
    # elevated token (NeedsElevation, from the program's entry in the compiler's list) fails for
    # a user as if it had found the problem, so it is not run and the step says why.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [string] $Program
    )
    if (-not $Step['NeedsElevation']) { return $null }
    if (Test-FfProcessElevated) { return $null }
    ('{0} needs an elevated PowerShell (Run as administrator) or SYSTEM: not run, nothing is known' -f $Program)
}

function Invoke-FfRunProgramRepair {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $description = $script:Strings[$Step.DescriptionKey]
    # Found and checked first (programPath.ps1): a refused or missing program is never started.
    $programFile = Resolve-FfProgramFile -Step $Step -Paths $Paths
    $program = $programFile.Path
    $commandLine = '{0} {1}' -f $program, ($Step.ArgumentList -join ' ')
    $notStarted = Get-FfProgramFileStepResult -Step $Step -ProgramFile $programFile
    if ($notStarted) {
        Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1}' -f $Step.Id, $notStarted.Message)
        return $notStarted
    }
    if (-not $PSCmdlet.ShouldProcess($commandLine, $description)) {
        return New-FfStepResult -Step $Step -Outcome 'WhatIf' -Changes @(New-FfChange -Action 'Run' -Target $commandLine)
    }
    $refusal = Get-FfElevationRefusal -Step $Step -Program $program
    if ($refusal) { return New-FfStepResult -Step $Step -Outcome 'Failed' -Message $refusal -Problems @(New-FfProblem -Target $commandLine -Reason $refusal) }
    Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: running {1}' -f $Step.Id, $commandLine)
    try {
        $run = Invoke-FfProgram -FilePath $program -ArgumentList $Step.ArgumentList -TimeoutSeconds ([int]$Step['TimeoutSeconds'])
    }
    catch {
        $reason = '{0} could not be run: {1}' -f $program, $_.Exception.Message
        return New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Problems @(New-FfProblem -Target $commandLine -Reason $reason)
    }
    foreach ($line in @($run.Output)) { Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1}' -f $Step.Id, $line) }
    # A stand-in for Invoke-FfProgram (a test's) may not say whether it timed out: it did not.
    if ($run.PSObject.Properties['TimedOut'] -and $run.TimedOut) {
        $reason = '{0} did not finish within {1} s and was stopped' -f $program, [int]$Step['TimeoutSeconds']
        return New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Changes @(New-FfChange -Action 'Run' -Target $commandLine -After 'stopped after the timeout') -Problems @(New-FfProblem -Target $commandLine -Reason $reason)
    }
    $change = New-FfChange -Action 'Run' -Target $commandLine -After ('exit code {0}' -f $run.ExitCode)
    if ($Step.SuccessExitCodes -contains [int]$run.ExitCode) {
        return New-FfStepResult -Step $Step -Outcome 'Succeeded' -Changes @($change)
    }
    $reason = '{0} exited with code {1}' -f $program, $run.ExitCode
    New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Changes @($change) -Problems @(New-FfProblem -Target $commandLine -Reason $reason)
}
