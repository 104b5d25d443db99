# detect.pathExists: a file or folder under each root, optionally last written more than an age
# ago, or a folder with at least one entry. An item reached through a link (junction, symbolic
# link), or that is one, is not counted (the core's check, Resolve-FfLocationDetail): a user can
# plant a link in a folder they own, and SYSTEM must not read the link's target as the machine's
# state. Windows PowerShell 2.0-safe.

function Get-FfPathExistsState {
    # What is at Path: 'missing', 'file' or 'folder'; with its last write time (UTC) and, for a
    # folder, whether it holds an entry. The one place the item is read (after the link check).
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    if ([System.IO.File]::Exists($Path)) {
        return @{ Kind = 'file'; LastWriteUtc = [System.IO.File]::GetLastWriteTimeUtc($Path); HasEntry = $false }
    }
    if ([System.IO.Directory]::Exists($Path)) {
        $hasEntry = @(Get-FfDirectoryEntry -Path $Path).Count -gt 0
        return @{ Kind = 'folder'; LastWriteUtc = [System.IO.Directory]::GetLastWriteTimeUtc($Path); HasEntry = $hasEntry }
    }
    @{ Kind = 'missing'; LastWriteUtc = $null; HasEntry = $false }
}

function Invoke-FfPathExistsDetection {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [object] $LastRepair
    )
    $count = 0
    $details = @()
    # Each location where the step's item is not (refused, unreadable, absent): see New-FfFinding.
    $unmatched = @()
    $now = [DateTime]::UtcNow
    foreach ($location in $Step.Locations) {
        foreach ($item in @(Resolve-FfLocationDetail -Location $location -Paths $Paths)) {
            $path = $item.Path
            if ($item.Refusal) {
                # Not counted, but said: a planted link must not read as clean without a trace either.
                $details += ('{0}: {1}' -f $path, $item.Refusal)
                $unmatched += ('{0}: {1}' -f $path, $item.Refusal)
                continue
            }
            try {
                $state = Get-FfPathExistsState -Path $path
            }
            catch {
                # Unreadable is not found: said in the details, so that it is not mistaken for clean.
                $details += ('{0}: cannot read: {1}' -f $path, $_.Exception.Message)
                $unmatched += ('{0}: cannot read: {1}' -f $path, $_.Exception.Message)
                continue
            }
            if ($state.Kind -ne $Step.ItemType) { $unmatched += ('{0}: {1}' -f $path, $state.Kind); continue }
            if ($Step.OlderThanMinutes -gt 0 -and ($now - $state.LastWriteUtc).TotalMinutes -le $Step.OlderThanMinutes) { $unmatched += ('{0}: written in the last {1} minutes' -f $path, $Step.OlderThanMinutes); continue }
            if ($Step.NotEmpty -and -not $state.HasEntry) { $unmatched += ('{0}: empty' -f $path); continue }
            $count++
            $details += $path
        }
    }
    New-FfFinding -Step $Step -Count $count -Details $details -Unmatched $unmatched
}
