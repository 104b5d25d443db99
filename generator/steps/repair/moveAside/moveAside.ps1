# repair.moveAside: renames a file or folder under each root out of the way, as
# '<name>.fixforge-<n>' beside it, n one more than the highest earlier copy (a counter, not a
# time: the same in every target and every locale), then deletes the lowest-numbered copies beyond
# Keep. An item reached through a link (junction, symbolic link), or that is one, is refused (the
# core's Resolve-FfLocationDetail); an earlier copy is deleted without following any link in it.
# Windows PowerShell 2.0-safe.

function Get-FfMoveAsideCopy {
    # The earlier copies of Name in Parent, lowest number first: entries named exactly
    # '<Name>.fixforge-<n>', n a plain decimal of at most 9 digits (what the .cmd can compare too).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Parent,
        [Parameter(Mandatory = $true)] [string] $Name
    )
    $prefix = $Name + '.fixforge-'
    $copies = @()
    foreach ($entry in @(Get-FfDirectoryEntry -Path $Parent)) {
        $entryName = [System.IO.Path]::GetFileName($entry)
        if (-not $entryName.StartsWith($prefix, [StringComparison]::OrdinalIgnoreCase)) { continue }
        $number = $entryName.Substring($prefix.Length)
        if ($number -notmatch '^(0|[1-9][0-9]{0,8})$') { continue }
        $copies += @{ Number = [int]$number; Path = $entry }
    }
    $copies | Sort-Object -Property @{ Expression = { $_.Number } }
}

function Move-FfMoveAsideItem {
    # Renames a file or folder within its folder. The one place an item is moved, so that tests can
    # stand in for one in use (a service holding SoftwareDistribution open).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [string] $Destination
    )
    if ([System.IO.Directory]::Exists($Path)) { [System.IO.Directory]::Move($Path, $Destination) }
    else { [System.IO.File]::Move($Path, $Destination) }
}

function Remove-FfMoveAsideTree {
    # Deletes an earlier copy depth first. A link, at the top or inside, is removed as a link and
    # never entered. Returns a problem per entry that stays (in use, denied), the copy's own included.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $attributes = Get-FfItemAttribute -Path $Path
    if ($null -eq $attributes) { return }
    $isFolder = ($attributes -band [System.IO.FileAttributes]::Directory) -ne 0
    if (Test-FfReparsePoint -Attributes $attributes) {
        if ($isFolder) {
            try { [System.IO.Directory]::Delete($Path, $false) }
            catch [System.IO.IOException] { [System.IO.File]::Delete($Path) }
        }
        else {
            [System.IO.File]::Delete($Path)
        }
        return
    }
    if (-not $isFolder) {
        Remove-FfPlainItem -Path $Path -Attributes $attributes
        return
    }
    foreach ($entry in @(Get-FfDirectoryEntry -Path $Path)) {
        try { Remove-FfMoveAsideTree -Path $entry }
        catch { New-FfProblem -Target $entry -Reason $_.Exception.Message }
    }
    # A read-only folder too: Windows refuses to remove one until the attribute is cleared.
    try { Remove-FfPlainItem -Path $Path -Attributes $attributes }
    catch { New-FfProblem -Target $Path -Reason $_.Exception.Message }
}

function Invoke-FfMoveAsideRepair {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $description = $script:Strings[$Step.DescriptionKey]
    $changes = @()
    $problems = @()
    $refusals = 0
    $skipped = @()
    $whatIf = $false
    foreach ($location in $Step.Locations) {
        foreach ($detail in @(Resolve-FfLocationDetail -Location $location -Paths $Paths)) {
            $path = $detail.Path
            if ($detail.Refusal) {
                if (Test-FfSkipRefusal -Refusal $detail.Refusal) {
                    # Perhaps a profile disk: left alone and said, not a failure of the run.
                    $skipped += ('{0}: {1}' -f $path, $detail.Refusal)
                    continue
                }
                $problems += New-FfProblem -Target $path -Reason $detail.Refusal
                $refusals++
                continue
            }
            if (-not ([System.IO.Directory]::Exists($path) -or [System.IO.File]::Exists($path))) {
                Write-Verbose ('{0}: not present, nothing to do: {1}' -f $Step.Id, $path)
                continue
            }
            $parent = [System.IO.Path]::GetDirectoryName($path)
            $name = [System.IO.Path]::GetFileName($path)
            try {
                $copies = @(Get-FfMoveAsideCopy -Parent $parent -Name $name)
            }
            catch {
                $problems += New-FfProblem -Target $parent -Reason ('cannot read: ' + $_.Exception.Message)
                continue
            }
            $next = 1
            if ($copies.Count -gt 0) { $next = $copies[$copies.Count - 1].Number + 1 }
            $destination = [System.IO.Path]::Combine($parent, ('{0}.fixforge-{1}' -f $name, $next))
            if (-not $PSCmdlet.ShouldProcess($path, $description)) {
                $whatIf = $true
                continue
            }
            try {
                Move-FfMoveAsideItem -Path $path -Destination $destination
            }
            catch {
                # In use (a service still running) or denied: nothing changed here; the other locations go on.
                $problems += New-FfProblem -Target $path -Reason $_.Exception.Message
                continue
            }
            $changes += New-FfChange -Action 'Move' -Target $path -Before $path -After $destination
            Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: moved {1} to {2}' -f $Step.Id, $path, $destination)
            # The lowest numbers are the oldest; the new copy is the highest, so it always stays.
            $excess = ($copies.Count + 1) - $Step.Keep
            for ($i = 0; $i -lt $excess; $i++) {
                $old = $copies[$i].Path
                $refusal = Get-FfPathRefusal -Root $detail.Root -Path $parent
                if ($refusal) {
                    $problems += New-FfProblem -Target $old -Reason $refusal
                    break
                }
                $left = @()
                $kind = 'earlier copy (file)'
                try {
                    $attributes = Get-FfItemAttribute -Path $old
                    if ($null -ne $attributes -and (Test-FfReparsePoint -Attributes $attributes)) { $kind = 'earlier copy (a link, removed as a link)' }
                    elseif ($null -ne $attributes -and ($attributes -band [System.IO.FileAttributes]::Directory) -ne 0) { $kind = 'earlier copy (folder)' }
                }
                catch {
                    $left = @(New-FfProblem -Target $old -Reason ('cannot read: ' + $_.Exception.Message))
                }
                if ($left.Count -eq 0) {
                    try { $left = @(Remove-FfMoveAsideTree -Path $old) }
                    catch { $left = @(New-FfProblem -Target $old -Reason $_.Exception.Message) }
                }
                if ($left.Count -gt 0) {
                    # Part of it may be gone: what stays is listed, and the copy counts as kept.
                    $problems += $left
                    continue
                }
                $changes += New-FfChange -Action 'Delete' -Target $old -Before $kind
                Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: deleted the earlier copy {1}' -f $Step.Id, $old)
            }
        }
    }
    $outcome = Get-FfOutcome -ChangeCount $changes.Count -ProblemCount $problems.Count -WhatIf $whatIf
    if ($outcome -eq 'Failed' -and $refusals -eq $problems.Count) { $outcome = 'Refused' }
    New-FfSkippingStepResult -Step $Step -Paths $Paths -Outcome $outcome -Skipped $skipped -Changes $changes -Problems $problems
}
