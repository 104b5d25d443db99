# Programs beyond the short names: a program by root and path (Program Files, ProgramData, a
# profile's AppData), found and checked before it starts. Used by repair.runProgram and
# detect.programOutput. Windows PowerShell 2.0-safe: Get-AuthenticodeSignature is in every
# edition from 2.0 on (Microsoft.PowerShell.Security), so the signature check is the same on all.

function Get-FfFileSignature {
    # The Authenticode signature of one file, as Windows reads it (embedded, or from a catalog):
    # Status ('Valid', 'NotSigned', 'HashMismatch', ...) and the signer certificate's subject. The
    # one place a signature is read, so that tests can stand in for it.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    # -FilePath takes wildcards, and 2.0 has no -LiteralPath: a name with brackets is never guessed at.
    if ($Path.IndexOfAny([char[]]@('[', ']', '*', '?')) -ge 0) { throw ('the signature of ''{0}'' cannot be read: its name holds a wildcard character' -f $Path) }
    $signature = Get-AuthenticodeSignature -FilePath $Path
    $subject = $null
    if ($signature.SignerCertificate) { $subject = $signature.SignerCertificate.Subject }
    New-FfObject -TypeName 'FixForge.FileSignature' -Name @('Status', 'Subject') -Value @{ Status = [string]$signature.Status; Subject = $subject }
}

function Get-FfItemTrustProblem {
    # Why SYSTEM must not trust one file or folder, or $null: owned by an account other than
    # SYSTEM, Administrators or TrustedInstaller, or an Allow entry that applies to the item itself
    # lets such an account write it (write data, append, change permissions, take ownership,
    # generic write or all). The one place owner and ACL of a program's path are read (Windows
    # only): tests stand in for it.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $trusted = @('S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464')
    $sections = [System.Security.AccessControl.AccessControlSections]'Owner, Access'
    if ([System.IO.Directory]::Exists($Path)) { $security = New-Object -TypeName System.Security.AccessControl.DirectorySecurity -ArgumentList $Path, $sections }
    else { $security = New-Object -TypeName System.Security.AccessControl.FileSecurity -ArgumentList $Path, $sections }
    $sidType = [System.Security.Principal.SecurityIdentifier]
    $owner = $security.GetOwner($sidType).Value
    if ($trusted -notcontains $owner) { return ('{0} is owned by {1}, not by SYSTEM, Administrators or TrustedInstaller' -f $Path, $owner) }
    # WriteData 0x2, AppendData 0x4, ChangePermissions 0x40000, TakeOwnership 0x80000, GENERIC_ALL, GENERIC_WRITE.
    $writeMask = 0x500C0006
    foreach ($rule in $security.GetAccessRules($true, $true, $sidType)) {
        if ($rule.AccessControlType -ne [System.Security.AccessControl.AccessControlType]::Allow) { continue }
        if (($rule.PropagationFlags -band [System.Security.AccessControl.PropagationFlags]::InheritOnly) -ne 0) { continue }
        if ($trusted -contains $rule.IdentityReference.Value) { continue }
        if (([int]$rule.FileSystemRights -band $writeMask) -ne 0) { return ('{0} can be written by {1}' -f $Path, $rule.IdentityReference.Value) }
    }
    $null
}

function Test-FfSignerMatch {
    # Whether a certificate subject names the signer: its CN or its O equals SignedBy (any case).
    # 'Microsoft Corporation' is the O of every Microsoft code-signing certificate.
    [CmdletBinding()]
    param([string] $Subject, [Parameter(Mandatory = $true)] [string] $SignedBy)
    if (-not $Subject) { return $false }
    foreach ($part in ($Subject -split ',(?=(?:[^"]*"[^"]*")*[^"]*$)')) {
        $pair = $part.Trim() -split '=', 2
        if ($pair.Count -ne 2) { continue }
        $value = $pair[1].Trim().Trim('"')
        if (($pair[0] -eq 'CN' -or $pair[0] -eq 'O') -and $value.Equals($SignedBy, [StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    $false
}

function Resolve-FfProgramFile {
    # Where a step's program is on this machine and whether it may start: Path; Missing (nothing
    # there: the step's WhenMissing decides); Refusal ($null, or why it must not run). A program by
    # root and path is checked from the root's folder down, the file included: no link; under a
    # machine root, every component trusted (Get-FfItemTrustProblem); with SignedBy, a valid
    # signature by that signer. A short name stays under System32, found as before.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $location = $Step['ProgramLocation']
    $anchor = $null
    $refusal = $null
    if (-not $location) {
        $path = Resolve-FfWindowsPath -WindowsDirectory $Paths.WindowsDirectory -Segments (@('System32') + $Step.ProgramSegments)
    }
    else {
        $detail = @(Resolve-FfLocationDetail -Location $location -Paths $Paths)
        if ($detail.Count -eq 0) {
            return New-FfObject -TypeName 'FixForge.ProgramFile' -Name @('Path', 'Missing', 'Refusal') -Value @{ Path = ($location.Segments -join '\'); Missing = $true; Refusal = $null }
        }
        $path = $detail[0].Path
        $anchor = $detail[0].Root
        $refusal = $detail[0].Refusal
    }
    $result = @{ Path = $path; Missing = $false; Refusal = $refusal }
    if (-not $refusal -and ($location -or $Step['WhenMissing'])) {
        try {
            $attributes = Get-FfItemAttribute -Path $path
            if ($null -eq $attributes) { $result.Missing = $true }
            elseif (($attributes -band [System.IO.FileAttributes]::Directory) -ne 0) { $result.Refusal = ('refused, not started: {0} is a folder, not a program' -f $path) }
        }
        catch { $result.Refusal = ('refused, not started: {0} cannot be read: {1}' -f $path, $_.Exception.Message) }
    }
    if ($location -and -not $result.Missing -and -not $result.Refusal) {
        $result.Refusal = Get-FfProgramRefusal -Step $Step -Anchor $anchor -Path $path
    }
    New-FfObject -TypeName 'FixForge.ProgramFile' -Name @('Path', 'Missing', 'Refusal') -Value $result
}

function Get-FfProgramRefusal {
    # The trust and signature checks of a program by root and path that exists and has no link.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [string] $Anchor,
        [Parameter(Mandatory = $true)] [string] $Path
    )
    $root = $script:Roots[$Step.ProgramLocation.Root]
    try {
        if ($root.Kind -ne 'profile' -and $root.Kind -ne 'currentUserProfile') {
            # From the root's own folder (C:\Program Files, C:\Windows\System32) down to the file.
            $chain = @(Get-FfPathChain -Root $Anchor -Path $Path)
            $skip = @($root.Segments | Where-Object { $_ }).Count
            for ($i = $skip; $i -lt $chain.Count; $i++) {
                $problem = Get-FfItemTrustProblem -Path $chain[$i]
                if ($problem) { return ('refused, not started: {0}' -f $problem) }
            }
        }
        if ($Step['SignedBy']) {
            $signature = Get-FfFileSignature -Path $Path
            if ($signature.Status -ne 'Valid') { return ('refused, not started: the signature of {0} is {1}, not Valid' -f $Path, $signature.Status) }
            if (-not (Test-FfSignerMatch -Subject $signature.Subject -SignedBy $Step.SignedBy)) { return ('refused, not started: {0} is signed by ''{1}'', not by ''{2}''' -f $Path, $signature.Subject, $Step.SignedBy) }
        }
    }
    catch {
        return ('refused, not started: {0} cannot be checked: {1}' -f $Path, $_.Exception.Message)
    }
    $null
}

function Get-FfProgramFileStepResult {
    # A repair step's result when its program must not or cannot start, or $null when it may:
    # a refusal is Refused; a missing program NotNeeded ('skip') or Failed ('fail', the default).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] $ProgramFile
    )
    if ($ProgramFile.Refusal) {
        return New-FfStepResult -Step $Step -Outcome 'Refused' -Message $ProgramFile.Refusal -Problems @(New-FfProblem -Target $ProgramFile.Path -Reason $ProgramFile.Refusal)
    }
    if (-not $ProgramFile.Missing) { return $null }
    $reason = '{0} is not installed on this computer' -f $ProgramFile.Path
    if ($Step['WhenMissing'] -eq 'skip') { return New-FfStepResult -Step $Step -Outcome 'NotNeeded' -Message ($reason + ': step skipped, as the fix says') }
    New-FfStepResult -Step $Step -Outcome 'Failed' -Message $reason -Problems @(New-FfProblem -Target $ProgramFile.Path -Reason $reason)
}

function Get-FfProgramFileFinding {
    # A detection's finding when its program must not or cannot start, or $null when it may: a
    # refusal is an error; a missing program reads clean with the reason ('skip') or is an error ('fail').
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] $ProgramFile
    )
    if ($ProgramFile.Refusal) { return New-FfFinding -Step $Step -ErrorText $ProgramFile.Refusal -Problems @(New-FfProblem -Target $ProgramFile.Path -Reason $ProgramFile.Refusal) }
    if (-not $ProgramFile.Missing) { return $null }
    $reason = '{0} is not installed on this computer' -f $ProgramFile.Path
    if ($Step['WhenMissing'] -eq 'skip') { return New-FfFinding -Step $Step -Count 0 -Details @($reason + ': nothing to check, as the fix says') }
    New-FfFinding -Step $Step -ErrorText $reason
}
