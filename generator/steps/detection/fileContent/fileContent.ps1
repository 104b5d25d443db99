# detect.fileContent: files in a folder under each root whose first megabyte contains a text,
# as UTF-16LE or ASCII, case-insensitively. A folder reached through a link (the folder itself or
# any folder from the root's anchor down) is not read: a user can plant one, and SYSTEM must not
# read its target as the machine's state. A file that is a link is not read either. A file or
# folder that cannot be read is a problem of the finding, never a stop. Windows PowerShell 2.0-safe.

function Test-FfFileContains {
    # Cache metadata stores URLs as UTF-16LE; older entries may be ASCII. Read only the head of big files.
    # Throws when the file cannot be read (the caller records it).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [string] $Text
    )
    $stream = $null
    try {
        $stream = [System.IO.File]::Open($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::ReadWrite)
        $buffer = New-Object -TypeName 'byte[]' -ArgumentList ([Math]::Min($stream.Length, 1048576))
        $read = $stream.Read($buffer, 0, $buffer.Length)
        $unicode = [System.Text.Encoding]::Unicode.GetString($buffer, 0, $read)
        $ascii = [System.Text.Encoding]::ASCII.GetString($buffer, 0, $read)
        ($unicode.IndexOf($Text, [StringComparison]::OrdinalIgnoreCase) -ge 0) -or ($ascii.IndexOf($Text, [StringComparison]::OrdinalIgnoreCase) -ge 0)
    }
    finally {
        if ($stream) { $stream.Close() }
    }
}

function Invoke-FfFileContentDetection {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [object] $LastRepair
    )
    $count = 0
    $details = @()
    $problems = @()
    # Each folder with no file that holds the text (refused, unreadable, absent): see New-FfFinding.
    $unmatched = @()
    foreach ($location in $Step.Locations) {
        foreach ($target in @(Resolve-FfLocationDetail -Location $location -Paths $Paths)) {
            $folder = $target.Path
            if ($target.Refusal) {
                $problems += New-FfProblem -Target $folder -Reason $target.Refusal
                $unmatched += ('{0}: {1}' -f $folder, $target.Refusal)
                continue
            }
            if (-not [System.IO.Directory]::Exists($folder)) { $unmatched += ('{0}: no such folder' -f $folder); continue }
            try {
                $entries = @(Get-FfDirectoryEntry -Path $folder)
            }
            catch {
                $problems += New-FfProblem -Target $folder -Reason ('cannot read: ' + $_.Exception.Message)
                $unmatched += ('{0}: cannot read: {1}' -f $folder, $_.Exception.Message)
                continue
            }
            $before = $count
            $unreadable = $false
            foreach ($file in $entries) {
                try {
                    $attributes = [System.IO.File]::GetAttributes($file)
                    if (($attributes -band [System.IO.FileAttributes]::Directory) -ne 0) { continue }
                    if (($attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0) {
                        $problems += New-FfProblem -Target $file -Reason 'not read: it is a link (symbolic link)'
                        continue
                    }
                    if (Test-FfFileContains -Path $file -Text $Step.Contains) {
                        $count++
                        $details += $file
                    }
                }
                catch {
                    # In use without sharing, denied, a path too long: this file only.
                    $problems += New-FfProblem -Target $file -Reason ('cannot read: ' + $_.Exception.Message)
                    $unreadable = $true
                }
            }
            if ($count -eq $before) {
                if ($unreadable) { $unmatched += ('{0}: no readable file holds the text' -f $folder) } else { $unmatched += ('{0}: no file holds the text' -f $folder) }
            }
        }
    }
    New-FfFinding -Step $Step -Count $count -Details $details -Problems $problems -Unmatched $unmatched
}
