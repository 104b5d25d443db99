# repair.deleteFiles: deletes the files whose names match a pattern in a folder under each root,
# and with Recurse in its subfolders. The folders stay. A folder reached through a link (junction,
# symbolic link) at any depth is refused, and every file is checked again right before it goes
# (the core's Resolve-FfLocationDetail and Get-FfPathRefusal): a user can plant a link in a folder
# they own to point SYSTEM at files that are not theirs. A link among the files goes as a link; a
# linked subfolder is never entered. One file that cannot go (in use, denied) is a problem; the
# rest still goes.
# Windows PowerShell 2.0-safe.

function Get-FfDeleteFilesMatch {
    # The files in Folder whose names match Pattern (-like: only '*' and '?' can occur, the compiler
    # sees to that), then with Recurse those of its subfolders that are not links. Every entry is
    # listed and compared by its name: a search pattern would match 8.3 short names too. A file
    # link counts as a file (it goes as a link); a folder link is never entered. A folder that
    # cannot be read is a problem, returned among the paths.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Folder,
        [Parameter(Mandatory = $true)] [string] $Pattern,
        [bool] $Recurse
    )
    try {
        $entries = @(Get-FfDirectoryEntry -Path $Folder)
    }
    catch {
        if (Test-FfGoneError -Exception $_.Exception) { return }
        return New-FfProblem -Target $Folder -Reason ('cannot read: ' + $_.Exception.Message)
    }
    $subfolders = @()
    foreach ($entry in $entries) {
        try { $attributes = Get-FfItemAttribute -Path $entry }
        catch { New-FfProblem -Target $entry -Reason ('cannot read: ' + $_.Exception.Message); continue }
        if ($null -eq $attributes) { continue }
        $isFolder = ($attributes -band [System.IO.FileAttributes]::Directory) -ne 0
        if ($isFolder -and (Test-FfReparsePoint -Attributes $attributes)) { Write-Verbose ('Not entering the link {0}' -f $entry); continue }
        if ($isFolder) { $subfolders += $entry; continue }
        if ([System.IO.Path]::GetFileName($entry) -like $Pattern) { $entry }
    }
    if (-not $Recurse) { return }
    foreach ($subfolder in $subfolders) { Get-FfDeleteFilesMatch -Folder $subfolder -Pattern $Pattern -Recurse $true }
}

function Get-FfDeleteFilesDescription {
    # What a file was, for the change record: its size and last write time, or that it was a link.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $attributes = [System.IO.File]::GetAttributes($Path)
    if (($attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0) { return 'link' }
    $info = New-Object -TypeName System.IO.FileInfo -ArgumentList $Path
    'file, {0} bytes, last written {1}' -f $info.Length, $info.LastWriteTimeUtc.ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
}

function Remove-FfDeleteFilesItem {
    # Deletes one file, a read-only one too; a file link is removed as a link. The one place a
    # file is deleted, so that tests can stand in for a file in use.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $attributes = [System.IO.File]::GetAttributes($Path)
    if (($attributes -band [System.IO.FileAttributes]::Directory) -ne 0) {
        throw (New-Object -TypeName System.InvalidOperationException -ArgumentList ('Not a file: ' + $Path))
    }
    if (($attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0) {
        [System.IO.File]::Delete($Path)
        return
    }
    Remove-FfPlainItem -Path $Path -Attributes $attributes
}

function Invoke-FfDeleteFilesRepair {
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
            $folder = $detail.Path
            if ($detail.Refusal) {
                if (Test-FfSkipRefusal -Refusal $detail.Refusal) {
                    # Perhaps a profile disk: left alone and said, not a failure of the run.
                    $skipped += ('{0}: {1}' -f $folder, $detail.Refusal)
                    continue
                }
                $problems += New-FfProblem -Target $folder -Reason $detail.Refusal
                $refusals++
                continue
            }
            if (-not [System.IO.Directory]::Exists($folder)) {
                Write-Verbose ('{0}: not present, nothing to do: {1}' -f $Step.Id, $folder)
                continue
            }
            $files = @()
            foreach ($item in @(Get-FfDeleteFilesMatch -Folder $folder -Pattern $Step.Pattern -Recurse ([bool]$Step.Recurse))) {
                if ($item -is [string]) { $files += $item } else { $problems += $item }
            }
            if ($files.Count -eq 0) { continue }
            if (-not $PSCmdlet.ShouldProcess($folder, $description)) {
                $whatIf = $true
                continue
            }
            $deleted = 0
            foreach ($file in $files) {
                # Again right before the deletion: a folder on the way may have become a link since
                # the listing. The file itself may be a link: it goes as one, so only its parent counts.
                $refusal = Get-FfPathRefusal -Root $detail.Root -Path ([System.IO.Path]::GetDirectoryName($file))
                if ($refusal) {
                    $problems += New-FfProblem -Target $file -Reason $refusal
                    continue
                }
                try {
                    $before = Get-FfDeleteFilesDescription -Path $file
                    Remove-FfDeleteFilesItem -Path $file
                    $changes += New-FfChange -Action 'Delete' -Target $file -Before $before
                    $deleted++
                }
                catch {
                    # Deleted since the listing (a concurrent run, the spooler itself): gone, as wanted.
                    if (Test-FfGoneError -Exception $_.Exception) { continue }
                    # In use (a print job being spooled) or denied: report it and go on with the rest.
                    $problems += New-FfProblem -Target $file -Reason $_.Exception.Message
                }
            }
            Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: deleted {1} of {2} file(s) matching {3} in {4}' -f $Step.Id, $deleted, $files.Count, $Step.Pattern, $folder)
        }
    }
    $outcome = Get-FfOutcome -ChangeCount $changes.Count -ProblemCount $problems.Count -WhatIf $whatIf
    if ($outcome -eq 'Failed' -and $refusals -eq $problems.Count) { $outcome = 'Refused' }
    New-FfSkippingStepResult -Step $Step -Paths $Paths -Outcome $outcome -Skipped $skipped -Changes $changes -Problems $problems
}
