# verify.foldersEmpty: the folders that clearFolderContents steps emptied hold nothing now, for
# the contexts that were run. Windows PowerShell 2.0-safe.

function Get-FfRemainingEntry {
    # What is still inside the emptied folders; a folder that cannot be read counts as not empty.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [string[]] $Context
    )
    foreach ($location in $Step.Locations) {
        if (-not ($Context -contains $location.Context)) { continue }
        foreach ($folder in @(Resolve-FfLocation -Location $location -Paths $Paths)) {
            if (-not [System.IO.Directory]::Exists($folder)) { continue }
            try {
                [System.IO.Directory]::GetFileSystemEntries($folder)
            }
            catch {
                $folder
            }
        }
    }
}

function Invoke-FfFoldersEmptyVerification {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [string[]] $Context
    )
    $remaining = @(Get-FfRemainingEntry -Step $Step -Paths $Paths -Context $Context)
    New-FfCheck -Step $Step -Passed ($remaining.Count -eq 0) -Remaining $remaining
}
