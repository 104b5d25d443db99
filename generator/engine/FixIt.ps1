# fixforge Fix it wizard: what FixIt.ps1 does, as PowerShell source with its own tests
# (FixIt.Tests.ps1). Real PowerShell, Windows PowerShell 2.0-safe. The fixit template puts it right
# after the script's param block, before the engine, so that the language check and the 64-bit
# restart run first; the template adds only the fix's data and one call of Invoke-FfFixIt, whose
# result is the script's exit code:
#   0 solved or not found, 1 not solved or failed, 2 declined, 3 Constrained Language Mode,
#   4 32-bit PowerShell that could not start the 64-bit one, or no administrator rights.

function Select-FfCulture {
    # The user's culture when the fix carries it, else one of the same language, else en-US (also for
    # the invariant culture, whose name is empty).
    param([string] $Name, [Parameter(Mandatory = $true)] [string[]] $Available)
    foreach ($culture in $Available) { if ($culture -eq $Name) { return $culture } }
    $language = ($Name -split '-')[0]
    foreach ($culture in $Available) { if (($culture -split '-')[0] -eq $language) { return $culture } }
    'en-US'
}

function Read-FfAnswer {
    # One answer from the person: the next scripted answer when there is one (tests), else the console.
    param([Parameter(Mandatory = $true)] [string] $Prompt)
    if ($script:FfAnswers.Count -gt 0) {
        $answer = [string]$script:FfAnswers[0]
        $script:FfAnswers = @($script:FfAnswers | Select-Object -Skip 1)
        Write-Host ($Prompt + ' ' + $answer)
        return $answer
    }
    Read-Host -Prompt $Prompt
}

function Test-FfAnswer {
    # Whether an answer is one of a comma-separated list of words, ignoring case and spaces.
    param([string] $Answer, [Parameter(Mandatory = $true)] [string] $Words)
    if ($null -eq $Answer) { return $false }
    $trimmed = $Answer.Trim().ToLowerInvariant()
    foreach ($word in ($Words -split ',')) { if ($trimmed -eq $word) { return $true } }
    $false
}

function Write-FfWizard {
    param([string] $Text = '')
    Write-Host $Text
}

function Test-FfFixItLanguage {
    # In Constrained Language Mode the engine's .NET calls would fail midway: checked before anything else.
    if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
        Write-Host ('PowerShell runs in ' + $ExecutionContext.SessionState.LanguageMode + ' mode (App Control/WDAC or AppLocker): this script needs FullLanguage. Nothing was checked or changed.')
        return $false
    }
    $true
}

function Invoke-FfNativeFixIt {
    # 32-bit PowerShell would see SysWOW64 as System32: runs the script again natively and returns
    # its exit code, 4 when the 64-bit PowerShell cannot be started, or $null when already native.
    param([Parameter(Mandatory = $true)] [string] $ScriptPath, [switch] $Quiet, [switch] $TestRun)
    $ffNativePowerShell = "$env:windir\Sysnative\WindowsPowerShell\v1.0\powershell.exe"
    if (-not ($env:PROCESSOR_ARCHITEW6432 -and -not $TestRun -and (Test-Path -LiteralPath $ffNativePowerShell))) { return $null }
    $ffNativeArguments = @('-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', $ScriptPath)
    if ($Quiet) { $ffNativeArguments += '-Quiet' }
    $global:LASTEXITCODE = $null
    try {
        & $ffNativePowerShell @ffNativeArguments | Out-Host
        if ($LASTEXITCODE -is [int]) { return $LASTEXITCODE }
    }
    catch {
    }
    Write-Host ('The 64-bit PowerShell (' + $ffNativePowerShell + ') could not be started. Nothing was checked or changed.')
    4
}

function Invoke-FfFixIt {
    # The wizard: tells what the problem is, checks ($TestCommand), asks "Repair now?" (not with
    # -Quiet), repairs for $Context ($RepairCommand), checks that the repair worked ($StatusCommand)
    # and tells where the log is. Returns the exit code. $BoundParameters are the script's own: the
    # path parameters named in $TestParameterNames/$RepairParameterNames pass on to the commands, and
    # any of them (tests running against a copy of the file system) skips the elevation check.
    [CmdletBinding()]
    param(
        [switch] $Quiet,
        [string[]] $Answers,
        [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $BoundParameters,
        [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $StringTables,
        [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $WizardTexts,
        [Parameter(Mandatory = $true)] [string] $TestCommand,
        [Parameter(Mandatory = $true)] [string] $RepairCommand,
        [Parameter(Mandatory = $true)] [string] $StatusCommand,
        [Parameter(Mandatory = $true)] [string[]] $Context,
        [Parameter(Mandatory = $true)] [string[]] $TestParameterNames,
        [Parameter(Mandatory = $true)] [string[]] $RepairParameterNames
    )
    # $PSBoundParameters implements IDictionary.Contains only explicitly: ask its keys.
    $ffBound = @($BoundParameters.Keys)
    $script:FfAnswers = @()
    if ($Answers) { $script:FfAnswers = @($Answers) }
    elseif ($env:FIXFORGE_FIXIT_ANSWERS) { $script:FfAnswers = @($env:FIXFORGE_FIXIT_ANSWERS -split ',') }

    $ffCulture = Select-FfCulture -Name ([System.Threading.Thread]::CurrentThread.CurrentUICulture.Name) -Available @($StringTables.Keys)
    $script:Strings = $StringTables[$ffCulture]
    $ffText = $WizardTexts[$ffCulture]

    # The launcher elevates; started any other way without administrator rights, the system steps would fail.
    if (-not ($ffBound -contains 'WindowsDirectory') -and (Test-FfWindowsPlatform)) {
        $ffPrincipal = New-Object -TypeName System.Security.Principal.WindowsPrincipal -ArgumentList ([System.Security.Principal.WindowsIdentity]::GetCurrent())
        if (-not $ffPrincipal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)) {
            Write-FfWizard $ffText.notElevated
            return 4
        }
    }

    $ffTestParameters = @{}
    foreach ($name in $TestParameterNames) {
        if ($ffBound -contains $name) { $ffTestParameters[$name] = $BoundParameters[$name] }
    }
    $ffRepairParameters = @{}
    foreach ($name in $RepairParameterNames) {
        if ($ffBound -contains $name) { $ffRepairParameters[$name] = $BoundParameters[$name] }
    }
    # Over-the-shoulder UAC: elevated with a helper's administrator account, HKCU and the profile are
    # the helper's. The current user's steps are not run for the wrong person: said plainly instead.
    $ffContexts = @($Context)
    $ffOtherUser = $null
    if ($ffContexts -contains 'CurrentUser' -and -not ($ffBound -contains 'CurrentUserProfile')) { $ffOtherUser = Get-FfOverTheShoulderUser }
    if ($ffOtherUser) { $ffContexts = @($ffContexts | Where-Object { $_ -ne 'CurrentUser' }) }
    $ffDataDirectory = Get-FfDataDirectory -DataDirectory ([string]$BoundParameters['DataDirectory'])
    $ffLogPath = [System.IO.Path]::Combine($ffDataDirectory, ($script:FixId + '.log'))
    $script:FfErrorCount = 0
    $ffExitCode = 1
    try {
        Write-FfWizard ('{0}: {1}' -f $ffText.heading, $script:Strings['Title'])
        Write-FfWizard
        Write-FfWizard $script:Strings['Description']
        Write-FfWizard
        Write-FfWizard $ffText.checking
        $ffTest = @(Invoke-FfQuiet -DataDirectory $ffDataDirectory -ScriptBlock { & $TestCommand @ffTestParameters }) | Select-Object -Last 1
        $ffFailure = @(Get-FfDetectionError -Test $ffTest)
        $ffDeclined = $false
        $ffSkipRepair = $false
        if ($ffFailure.Count -gt 0) {
            Write-FfWizard ($ffText.checkFailed + ' ' + ($ffFailure -join '; '))
        }
        elseif (-not $ffTest.Detected) {
            Write-FfWizard $ffText.notFound
            Write-FfLog -DataDirectory $ffDataDirectory -Message ('{0} fixit: not found, nothing to do' -f $script:FixId)
            $ffExitCode = 0
            $ffSkipRepair = $true
        }
        else {
            Write-FfWizard $ffText.found
            foreach ($finding in @($ffTest.Findings)) {
                if ($finding.Detected) { Write-FfWizard ('  - {0} ({1})' -f $finding.Message, $finding.Count) }
            }
            foreach ($hint in @($ffTest.Hints)) { Write-FfWizard ('  ' + $hint) }
        }
        if (-not $ffSkipRepair) {
            Write-FfWizard
            if (-not $Quiet) {
                $ffAnswer = $null
                while (-not ((Test-FfAnswer -Answer $ffAnswer -Words $ffText.yesLetters) -or (Test-FfAnswer -Answer $ffAnswer -Words $ffText.noLetters))) {
                    $ffAnswer = Read-FfAnswer -Prompt $ffText.ask
                    if ($null -eq $ffAnswer) { $ffAnswer = 'n' }
                }
                if (Test-FfAnswer -Answer $ffAnswer -Words $ffText.noLetters) { $ffDeclined = $true }
            }
            if ($ffDeclined) {
                Write-FfWizard $ffText.declined
                Write-FfLog -DataDirectory $ffDataDirectory -Message ('{0} fixit: declined, nothing changed' -f $script:FixId)
                $ffExitCode = 2
            }
            else {
                Write-FfWizard $ffText.repairing
                $ffRepair = @(Invoke-FfQuiet -DataDirectory $ffDataDirectory -ScriptBlock { & $RepairCommand @ffRepairParameters -Context $ffContexts -Confirm:$false }) | Select-Object -Last 1
                foreach ($step in @($ffRepair.Steps)) {
                    Write-FfWizard ($ffText.stepLine -f $step.Outcome, $step.Message)
                }
                Write-FfWizard
            }
            if (-not $ffDeclined -and $ffRepair.Status -eq 'InProgress') {
                # Another run holds the run lock: nothing was changed, nothing to verify.
                $ffExitCode = 5
                Write-FfLog -DataDirectory $ffDataDirectory -Message ('{0} fixit: {1}; another run in progress' -f $script:FixId, (Get-FfRepairSummary -Repair $ffRepair))
            }
            elseif (-not $ffDeclined) {
                Write-FfWizard $ffText.verifying
                $ffStatus = @(Invoke-FfQuiet -DataDirectory $ffDataDirectory -ScriptBlock { & $StatusCommand @ffRepairParameters -Context $ffContexts }) | Select-Object -Last 1
                foreach ($check in @($ffStatus.Checks)) {
                    $mark = '-'
                    if ($check.Passed) { $mark = '+' }
                    Write-FfWizard ('  {0} {1}' -f $mark, $check.Description)
                }
                $ffFailed = $ffRepair.Status -eq 'Failed' -or @($ffRepair.Steps | Where-Object { $_.Outcome -eq 'Refused' }).Count -gt 0
                if ($ffOtherUser) {
                    # Whatever the rest did, the signed-in person's part is not done: never "solved".
                    Write-FfWizard ($ffText.otherUser -f $ffOtherUser)
                    Write-FfLog -DataDirectory $ffDataDirectory -Message ('{0} fixit: elevated as another account than the signed-in {1}: current-user steps not done' -f $script:FixId, $ffOtherUser)
                    Write-FfWizard $ffText.notSolved
                }
                elseif (-not $ffFailed -and $ffStatus.IsFixed) {
                    Write-FfWizard $ffText.solved
                    $ffExitCode = 0
                }
                else {
                    Write-FfWizard $ffText.notSolved
                }
                if ($ffRepair.RebootRequired) { Write-FfWizard $ffText.restart }
                Write-FfLog -DataDirectory $ffDataDirectory -Message ('{0} fixit: {1}; solved: {2}' -f $script:FixId, (Get-FfRepairSummary -Repair $ffRepair), ($ffExitCode -eq 0))
            }
        }
    }
    catch {
        Write-FfWizard ('ERROR: ' + $_.Exception.Message)
        Write-FfLog -DataDirectory $ffDataDirectory -Message ('{0} fixit: ERROR: {1}' -f $script:FixId, $_.Exception.Message)
        $ffExitCode = 1
    }
    Write-FfWizard
    Write-FfWizard ('{0} {1}' -f $ffText.log, $ffLogPath)
    $ffExitCode
}
