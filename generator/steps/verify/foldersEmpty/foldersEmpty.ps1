# verify.foldersEmpty: the folders that clearFolderContents steps emptied hold nothing now, for
# the contexts that were run. A folder reached through a link is not looked into: it was refused,
# so the check fails and names it. Windows PowerShell 2.0-safe.

function Get-FfRemainingEntry {
    # What is still inside the emptied folders; a folder that cannot be read, or that is refused
    # (a link on the way), counts as not empty. Problems go to the list given as ProblemList.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [string[]] $Context,
        [System.Collections.ArrayList] $ProblemList
    )
    if ($null -eq $ProblemList) { $ProblemList = New-Object -TypeName System.Collections.ArrayList }
    foreach ($location in $Step.Locations) {
        if (-not ($Context -contains $location.Context)) { continue }
        foreach ($target in @(Resolve-FfLocationDetail -Location $location -Paths $Paths)) {
            $folder = $target.Path
            if ($target.Refusal) {
                [void]$ProblemList.Add((New-FfProblem -Target $folder -Reason $target.Refusal))
                $folder
                continue
            }
            if (-not [System.IO.Directory]::Exists($folder)) { continue }
            try {
                Get-FfDirectoryEntry -Path $folder
            }
            catch {
                [void]$ProblemList.Add((New-FfProblem -Target $folder -Reason ('cannot read: ' + $_.Exception.Message)))
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
    $problems = New-Object -TypeName System.Collections.ArrayList
    $remaining = @(Get-FfRemainingEntry -Step $Step -Paths $Paths -Context $Context -ProblemList $problems)
    New-FfCheck -Step $Step -Passed ($remaining.Count -eq 0) -Remaining $remaining -Problems @($problems)
}
