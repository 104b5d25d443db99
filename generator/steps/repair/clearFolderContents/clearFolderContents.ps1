# repair.clearFolderContents: empties folders under each root and keeps the folders. Entries are
# deleted depth first; a link (junction, symbolic link) is removed as a link and never entered.
# Windows PowerShell 2.0-safe.

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
    if (($attributes -band [System.IO.FileAttributes]::ReadOnly) -ne 0) {
        [System.IO.File]::SetAttributes($Path, [System.IO.FileAttributes]::Normal)
    }
    [System.IO.File]::Delete($Path)
}

function Clear-FfDirectory {
    # Empties a folder depth first and keeps it. Returns a change per deleted entry and a problem
    # per entry that stays (in use or denied): one entry never stops the others.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    foreach ($entry in @([System.IO.Directory]::GetFileSystemEntries($Path))) {
        try {
            $attributes = [System.IO.File]::GetAttributes($entry)
        }
        catch {
            New-FfProblem -Target $entry -Reason $_.Exception.Message
            continue
        }
        $isDirectory = ($attributes -band [System.IO.FileAttributes]::Directory) -ne 0
        $isLink = ($attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0
        if ($isDirectory -and -not $isLink) {
            try {
                Clear-FfDirectory -Path $entry
            }
            catch {
                # A subfolder that cannot be read stays; the entries after it still go.
                New-FfProblem -Target $entry -Reason $_.Exception.Message
                continue
            }
            try {
                [System.IO.Directory]::Delete($entry, $false)
                New-FfChange -Action 'Delete' -Target $entry -Before 'folder'
            }
            catch {
                New-FfProblem -Target $entry -Reason $_.Exception.Message
            }
            continue
        }
        try {
            Remove-FfItem -Path $entry
            New-FfChange -Action 'Delete' -Target $entry -Before 'file'
        }
        catch {
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
    $whatIf = $false
    foreach ($location in $Step.Locations) {
        foreach ($folder in @(Resolve-FfLocation -Location $location -Paths $Paths)) {
            if (-not [System.IO.Directory]::Exists($folder)) {
                Write-Verbose ('{0}: not present, nothing to do: {1}' -f $Step.Id, $folder)
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($folder, $description)) {
                $whatIf = $true
                continue
            }
            try {
                foreach ($item in @(Clear-FfDirectory -Path $folder)) {
                    if ($item.PSObject.TypeNames -contains 'FixForge.Problem') { $problems += $item } else { $changes += $item }
                }
            }
            catch {
                $problems += New-FfProblem -Target $folder -Reason ('cannot read: ' + $_.Exception.Message)
            }
            Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: emptied {1}' -f $Step.Id, $folder)
        }
    }
    $outcome = Get-FfOutcome -ChangeCount $changes.Count -ProblemCount $problems.Count -WhatIf $whatIf
    New-FfStepResult -Step $Step -Outcome $outcome -Changes $changes -Problems $problems
}
