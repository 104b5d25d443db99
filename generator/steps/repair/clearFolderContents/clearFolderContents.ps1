# repair.clearFolderContents: empties folders under each root and keeps the folders. A folder is
# refused, and nothing in it touched, when it or any folder on the way down from the root's anchor
# (the profile folder, the Windows directory) is a link (Resolve-FfLocationDetail). Inside, entries
# are deleted depth first; a link (junction, symbolic link) is removed as a link and never entered,
# and before each deletion the way down is checked again, so that a folder swapped for a link
# mid-walk stops the walk. One entry that fails never stops the others. Windows PowerShell 2.0-safe.

function Remove-FfItem {
    # Deletes one entry. A link is removed as a link: its target is never entered.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $attributes = [System.IO.File]::GetAttributes($Path)
    $isDirectory = ($attributes -band [System.IO.FileAttributes]::Directory) -ne 0
    $isLink = ($attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0
    if ($isLink) {
        if ($isDirectory) {
            try { [System.IO.Directory]::Delete($Path, $false) }
            catch [System.IO.IOException] { [System.IO.File]::Delete($Path) }
        }
        else {
            [System.IO.File]::Delete($Path)
        }
        return
    }
    if ($isDirectory) {
        throw (New-Object -TypeName System.InvalidOperationException -ArgumentList ('Not a file or link: ' + $Path))
    }
    Remove-FfPlainItem -Path $Path -Attributes $attributes
}

function Assert-FfWalkGuard {
    # Throws (and stops the whole walk) when a folder on the way down became a link. Runs before
    # every deletion: the common case (real folders all the way) is checked inline.
    param([string[]] $Guard)
    $clean = $true
    foreach ($folder in $Guard) {
        try {
            $attributes = [System.IO.File]::GetAttributes($folder)
            if (($attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0 -or ($attributes -band [System.IO.FileAttributes]::Directory) -eq 0) { $clean = $false; break }
        }
        catch { $clean = $false; break }
    }
    if ($clean) { return }
    $link = Find-FfLinkInChain -Chain $Guard
    $gone = $false
    if (-not $link) {
        # Gone or no longer a folder: nothing below can be deleted safely by this path either.
        $link = $Guard[-1]
        # Gone (another run emptied it first) is what this walk wanted: the caller counts it as done.
        foreach ($folder in $Guard) { if ($null -eq (Get-FfItemAttribute -Path $folder)) { $gone = $true; break } }
    }
    if ($link) {
        $exception = New-Object -TypeName System.InvalidOperationException -ArgumentList ('{0} became a link (or went away) while the folder was being emptied: stopped, nothing more deleted' -f $link)
        $exception.Data['FixForgeGuard'] = $link
        if ($gone) { $exception.Data['FixForgeGone'] = $true }
        throw $exception
    }
}

function Clear-FfDirectory {
    # Empties a folder depth first and keeps it. Returns a change per deleted entry and a problem
    # per entry that stays (in use, denied, a path too long): one entry never stops the others.
    # Guard: the folders from the root's anchor down to Path, checked again before each deletion.
    # Throws when Path cannot be listed, or when a guarded folder became a link.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [string[]] $Guard = @()
    )
    if (@($Guard).Count -eq 0) { $Guard = @($Path) }
    foreach ($entry in @(Get-FfDirectoryEntry -Path $Path)) {
        try {
            $attributes = [System.IO.File]::GetAttributes($entry)
        }
        catch {
            # Deleted since the listing (a concurrent run): gone, as wanted.
            if (Test-FfGoneError -Exception $_.Exception) { continue }
            New-FfProblem -Target $entry -Reason $_.Exception.Message
            continue
        }
        $isDirectory = ($attributes -band [System.IO.FileAttributes]::Directory) -ne 0
        $isLink = ($attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0
        try { Assert-FfWalkGuard -Guard $Guard }
        catch {
            if (Test-FfGoneError -Exception $_.Exception) { continue }
            throw
        }
        if ($isDirectory -and -not $isLink) {
            try {
                Clear-FfDirectory -Path $entry -Guard (@($Guard) + @($entry))
            }
            catch {
                if (Test-FfGoneError -Exception $_.Exception) { continue }
                if ($_.Exception.Data['FixForgeGuard']) { throw }
                # A subfolder that cannot be read stays; the entries after it still go.
                New-FfProblem -Target $entry -Reason $_.Exception.Message
                continue
            }
            try {
                Assert-FfWalkGuard -Guard (@($Guard) + @($entry))
                # A read-only folder too: Windows refuses to remove one until the attribute is cleared.
                Remove-FfPlainItem -Path $entry -Attributes ([System.IO.File]::GetAttributes($entry))
                New-FfChange -Action 'Delete' -Target $entry -Before 'folder'
            }
            catch {
                if (Test-FfGoneError -Exception $_.Exception) { continue }
                if ($_.Exception.Data['FixForgeGuard']) { throw }
                New-FfProblem -Target $entry -Reason $_.Exception.Message
            }
            continue
        }
        try {
            Remove-FfItem -Path $entry
            if ($isLink) { $before = 'link' } else { $before = 'file' }
            New-FfChange -Action 'Delete' -Target $entry -Before $before
        }
        catch {
            if (Test-FfGoneError -Exception $_.Exception) { continue }
            # In use (CryptSvc, a loaded profile) or denied: report it and go on with the rest.
            New-FfProblem -Target $entry -Reason $_.Exception.Message
        }
    }
}

function Invoke-FfClearFolderContentsRepair {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $description = $script:Strings[$Step.DescriptionKey]
    $changes = @()
    $problems = @()
    $refused = 0
    $skipped = @()
    $whatIf = $false
    foreach ($location in $Step.Locations) {
        foreach ($target in @(Resolve-FfLocationDetail -Location $location -Paths $Paths)) {
            $folder = $target.Path
            if ($target.Refusal) {
                if (Test-FfSkipRefusal -Refusal $target.Refusal) {
                    # Perhaps a profile disk: left alone and said, not a failure of the run.
                    $skipped += ('{0}: {1}' -f $folder, $target.Refusal)
                    continue
                }
                # A link on the way: someone else decides where it leads. Named, never followed.
                $refused++
                $problems += New-FfProblem -Target $folder -Reason $target.Refusal
                continue
            }
            if (-not [System.IO.Directory]::Exists($folder)) {
                Write-Verbose ('{0}: not present, nothing to do: {1}' -f $Step.Id, $folder)
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($folder, $description)) {
                $whatIf = $true
                continue
            }
            $guard = @(Get-FfPathChain -Root $target.Root -Path $folder)
            # An anchor that is a reparse point passed the check only as a profile disk (a volume
            # the profile service mounted at the profile folder): the guard starts below it.
            $anchorAttributes = Get-FfItemAttribute -Path $guard[0]
            if ($guard.Count -gt 1 -and $null -ne $anchorAttributes -and (Test-FfReparsePoint -Attributes $anchorAttributes)) { $guard = @($guard | Select-Object -Skip 1) }
            try {
                # Collected as they come: what was deleted before a failure stays in the result.
                Clear-FfDirectory -Path $folder -Guard $guard | ForEach-Object {
                    if ($_.PSObject.TypeNames -contains 'FixForge.Problem') { $problems += $_ } else { $changes += $_ }
                }
            }
            catch {
                if ($_.Exception.Data['FixForgeGuard']) {
                    $refused++
                    $problems += New-FfProblem -Target $folder -Reason ('refused: ' + $_.Exception.Message)
                }
                else {
                    $problems += New-FfProblem -Target $folder -Reason ('cannot read: ' + $_.Exception.Message)
                }
            }
            Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: emptied {1}' -f $Step.Id, $folder)
        }
    }
    if ($refused -gt 0) {
        # A refusal is never a success, whatever the other folders did.
        $outcome = 'Refused'
    }
    else {
        $outcome = Get-FfOutcome -ChangeCount $changes.Count -ProblemCount $problems.Count -WhatIf $whatIf
    }
    New-FfSkippingStepResult -Step $Step -Paths $Paths -Outcome $outcome -Skipped $skipped -Changes $changes -Problems $problems
}
