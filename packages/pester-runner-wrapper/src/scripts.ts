/**
 * The PowerShell side. Scripts are static text run with `-File <script> -ConfigPath <json>`: every
 * value (paths, versions) travels in a JSON file, so nothing is ever quoted into code, and results
 * come back in a JSON status file, never from console text.
 */

/** Shared by both scripts: the configuration in, the status out, and version parsing. */
const PRELUDE = String.raw`
param([Parameter(Mandatory = $true)] [string] $ConfigPath)
$ErrorActionPreference = 'Stop'
$config = Get-Content -LiteralPath $ConfigPath -Raw | ConvertFrom-Json
$status = @{ pwshVersion = $PSVersionTable.PSVersion.ToString(); pesterVersion = ''; pesterModulePath = ''; environmentError = $null; errors = @() }

function Save-Status {
    ConvertTo-Json -InputObject $status -Depth 5 | Set-Content -LiteralPath $config.statusPath -Encoding UTF8
}

function ConvertTo-NumericVersion([string] $Text) {
    [version](($Text -split '[-+ ]')[0])
}

# The first Pester manifest at least $Minimum: the candidates in order, then (unless $Explicit) the
# installed modules, newest first. Otherwise the newest one seen, marked too old, or nothing.
function Find-PesterModule([string[]] $Candidates, [bool] $Explicit, [version] $Minimum) {
    $seen = @()
    foreach ($candidate in $Candidates) {
        $manifest = $candidate
        if (Test-Path -LiteralPath $candidate -PathType Container) { $manifest = Join-Path $candidate 'Pester.psd1' }
        if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) { continue }
        try {
            $version = [version](Import-PowerShellDataFile -LiteralPath $manifest).ModuleVersion
        } catch {
            continue
        }
        $found = @{ path = (Resolve-Path -LiteralPath $manifest).ProviderPath; version = $version }
        if ($version -ge $Minimum) { return $found }
        $seen += $found
    }
    if (-not $Explicit) {
        foreach ($module in @(Get-Module -ListAvailable -Name Pester | Sort-Object -Property Version -Descending)) {
            $found = @{ path = $module.Path; version = $module.Version }
            if ($module.Version -ge $Minimum) { return $found }
            $seen += $found
        }
    }
    if ($seen.Count -gt 0) {
        $newest = $seen | Sort-Object -Property { $_.version } -Descending | Select-Object -First 1
        $newest.tooOld = $true
        return $newest
    }
    return $null
}

function Select-PesterModule {
    $pester = Find-PesterModule @($config.pesterCandidates) ([bool]$config.pesterExplicit) (ConvertTo-NumericVersion $config.minimumPesterVersion)
    if ($null -eq $pester) {
        $status.environmentError = @{ code = 'PESTER_NOT_FOUND'; detail = '' }
        return $false
    }
    $status.pesterVersion = $pester.version.ToString()
    $status.pesterModulePath = $pester.path
    if ($pester.tooOld) {
        $status.environmentError = @{ code = 'PESTER_TOO_OLD'; detail = $status.pesterVersion }
        return $false
    }
    return $true
}
`;

/** Finds Pester and reports it; used by findPester. */
export const FIND_PESTER_SCRIPT = `${PRELUDE}
[void](Select-PesterModule)
Save-Status
exit 0
`;

/**
 * Checks the pwsh and Pester versions, runs Invoke-Pester with a JUnit report, and exits with the
 * number of failures (capped at 255, the largest exit code every OS keeps). A failure is a failed
 * test, or a problem no failed test accounts for: a missing path, a file that cannot be
 * discovered, a setup or teardown block that failed after its tests passed, Invoke-Pester throwing.
 */
export const RUN_PESTER_SCRIPT = `${PRELUDE}
if ((ConvertTo-NumericVersion $status.pwshVersion) -lt (ConvertTo-NumericVersion $config.minimumPwshVersion)) {
    $status.environmentError = @{ code = 'PWSH_TOO_OLD'; detail = $status.pwshVersion }
    Save-Status
    exit 1
}
if (-not (Select-PesterModule)) {
    Save-Status
    exit 1
}

$errors = @()
$paths = @()
foreach ($path in @($config.paths)) {
    if (Test-Path -LiteralPath $path) { $paths += $path } else { $errors += "path not found: $path" }
}
$failedTests = 0
if ($paths.Count -gt 0) {
    try {
        Import-Module -Name $status.pesterModulePath -Force -ErrorAction Stop
        $pesterConfig = New-PesterConfiguration
        $pesterConfig.Run.Path = [string[]]$paths
        $pesterConfig.Run.PassThru = $true
        $pesterConfig.Run.Exit = $false
        $pesterConfig.TestResult.Enabled = $true
        $pesterConfig.TestResult.OutputFormat = 'JUnitXml'
        $pesterConfig.TestResult.OutputPath = $config.junitPath
        $pesterConfig.Output.Verbosity = $config.verbosity
        # The tests run in this script's session state and would inherit 'Stop'.
        $ErrorActionPreference = 'Continue'
        $result = Invoke-Pester -Configuration $pesterConfig
        $ErrorActionPreference = 'Stop'
        $failedTests = [int]$result.FailedCount
        foreach ($container in @($result.Containers)) {
            if ($container.Result -eq 'Failed' -and $container.FailedCount -eq 0 -and @($container.ErrorRecord).Count -gt 0) {
                $errors += "$($container.Item): $(@($container.ErrorRecord)[0].Exception.Message)"
            }
        }
        foreach ($block in @($result.FailedBlocks)) {
            if ($block.FailedCount -eq 0) {
                $message = ''
                if (@($block.ErrorRecord).Count -gt 0) { $message = @($block.ErrorRecord)[0].Exception.Message }
                $errors += "$($block.BlockContainer.Item): block '$($block.ExpandedPath)' failed: $message"
            }
        }
    } catch {
        $errors += "Pester could not run: $($_.Exception.Message)"
    }
}
$status.errors = [string[]]$errors
Save-Status
exit [Math]::Min(255, $failedTests + $errors.Count)
`;
