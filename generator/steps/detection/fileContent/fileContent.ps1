# detect.fileContent: files in a folder under each root whose first megabyte contains a text,
# as UTF-16LE or ASCII, case-insensitively. Windows PowerShell 2.0-safe.

function Test-FfFileContains {
    # Cache metadata stores URLs as UTF-16LE; older entries may be ASCII. Read only the head of big files.
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
    catch {
        Write-Verbose ('Cannot read {0}: {1}' -f $Path, $_.Exception.Message)
        $false
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
    foreach ($location in $Step.Locations) {
        foreach ($folder in @(Resolve-FfLocation -Location $location -Paths $Paths)) {
            if (-not [System.IO.Directory]::Exists($folder)) { continue }
            try {
                foreach ($file in [System.IO.Directory]::GetFiles($folder)) {
                    if (Test-FfFileContains -Path $file -Text $Step.Contains) {
                        $count++
                        $details += $file
                    }
                }
            }
            catch {
                $details += ('{0}: {1}' -f $folder, $_.Exception.Message)
            }
        }
    }
    New-FfFinding -Step $Step -Count $count -Details $details
}
