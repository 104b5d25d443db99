# fixforge engine core: what every generated script carries, whatever its steps.
# Real PowerShell source: it parses and runs on its own (see Core.Tests.ps1) and must stay valid
# Windows PowerShell 2.0 (.NET 2.0); CI checks it with scripts/ps/Test-Ps2Compatibility.ps1.
# The emitters put the fix's data tables ($script:FixId, $script:Roots, $script:DetectionSteps,
# $script:RepairSteps, $script:VerifySteps, $script:Hints, $script:Strings) before it and the
# handlers of the step kinds the fix uses after it. A step names its handler in its data entry.

function New-FfObject {
    # New-Object PSObject with properties in a fixed order (2.0 has no [ordered] or [pscustomobject]).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $TypeName,
        [Parameter(Mandatory = $true)] [string[]] $Name,
        [Parameter(Mandatory = $true)] [hashtable] $Value
    )
    # PSNoteProperty directly, not Add-Member: a folder of 5,000 entries makes 5,000 of these.
    $object = New-Object -TypeName PSObject
    foreach ($propertyName in $Name) {
        $object.PSObject.Properties.Add((New-Object -TypeName System.Management.Automation.PSNoteProperty -ArgumentList $propertyName, $Value[$propertyName]))
    }
    $object.PSObject.TypeNames.Insert(0, $TypeName)
    $object
}

function Get-FfProcessRole {
    # Who this process runs as: 'System' (LocalSystem), 'Administrator' (elevated) or 'User'. The one
    # place the token is read, so that tests can stand in for it; 'User' when it cannot be read.
    [CmdletBinding()]
    param()
    try {
        $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
        if ($identity.User.Value -eq 'S-1-5-18') { return 'System' }
        $principal = New-Object -TypeName System.Security.Principal.WindowsPrincipal -ArgumentList $identity
        if ($principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)) { return 'Administrator' }
    }
    catch {
        Write-Verbose ('Cannot read the process identity: ' + $_.Exception.Message)
    }
    'User'
}

function Get-FfProcessUserSid {
    # The SID of the account this process runs as; $null when it cannot be read (not Windows).
    [CmdletBinding()]
    param()
    try { return [System.Security.Principal.WindowsIdentity]::GetCurrent().User.Value } catch { Write-Verbose ('Cannot read the process identity: ' + $_.Exception.Message) }
    $null
}

function Get-FfSessionUserSid {
    # The SID of the person signed in to this process's session: the owner of explorer.exe there.
    # $null when there is none or it cannot be read. The one place it is read (tests stand in).
    [CmdletBinding()]
    param()
    try {
        $session = [System.Diagnostics.Process]::GetCurrentProcess().SessionId
        # CIM on Windows PowerShell 3.0+ and PowerShell 7 (which has no WMI cmdlets), WMI on 2.0.
        if ($PSVersionTable.PSVersion.Major -ge 3) {
            $processes = @(Get-CimInstance -ClassName 'Win32_Process' -Filter "Name='explorer.exe'" -ErrorAction Stop)
        }
        else {
            $processes = @(Get-WmiObject -Class 'Win32_Process' -Filter "Name='explorer.exe'" -ErrorAction Stop)
        }
        foreach ($process in $processes) {
            if ($process.SessionId -ne $session) { continue }
            if ($PSVersionTable.PSVersion.Major -ge 3) {
                $owner = Invoke-CimMethod -InputObject $process -MethodName 'GetOwnerSid' -ErrorAction Stop
            }
            else {
                $owner = $process.GetOwnerSid()
            }
            if ($owner.ReturnValue -eq 0 -and $owner.Sid) { return [string]$owner.Sid }
        }
    }
    catch {
        Write-Verbose ('Cannot read who is signed in: ' + $_.Exception.Message)
    }
    $null
}

function Get-FfOverTheShoulderUser {
    # Over-the-shoulder elevation: a standard user signed in, and an administrator typed their own
    # account into the UAC prompt. This process then runs as the administrator, so HKCU,
    # %USERPROFILE% and certutil -user are the administrator's, not the signed-in person's. Returns
    # the signed-in person's SID when it is not the process's account, else $null.
    [CmdletBinding()]
    param()
    $mine = Get-FfProcessUserSid
    $signedIn = Get-FfSessionUserSid
    if (-not $mine -or -not $signedIn -or $mine -eq $signedIn) { return $null }
    $signedIn
}

function Get-FfItemOwnerSid {
    # The owner of a file or folder as a SID string (S-1-5-18). The one place ownership is read:
    # Windows only, so the tests on Linux stand in for it.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $sections = [System.Security.AccessControl.AccessControlSections]::Owner
    if ([System.IO.Directory]::Exists($Path)) {
        $security = New-Object -TypeName System.Security.AccessControl.DirectorySecurity -ArgumentList $Path, $sections
    }
    else {
        $security = New-Object -TypeName System.Security.AccessControl.FileSecurity -ArgumentList $Path, $sections
    }
    $security.GetOwner([System.Security.Principal.SecurityIdentifier]).Value
}

function New-FfProtectedSecurity {
    # SYSTEM and Administrators only, full control, inherited by everything inside; nothing inherited
    # from the parent; owned by Administrators.
    [CmdletBinding()]
    param()
    $security = New-Object -TypeName System.Security.AccessControl.DirectorySecurity
    $security.SetAccessRuleProtection($true, $false)
    $inherit = [System.Security.AccessControl.InheritanceFlags]::ContainerInherit -bor [System.Security.AccessControl.InheritanceFlags]::ObjectInherit
    foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) {
        $identity = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $sid
        $rule = New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList $identity, ([System.Security.AccessControl.FileSystemRights]::FullControl), $inherit, ([System.Security.AccessControl.PropagationFlags]::None), ([System.Security.AccessControl.AccessControlType]::Allow)
        $security.AddAccessRule($rule)
    }
    $security.SetOwner((New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList 'S-1-5-32-544'))
    $security
}

function Set-FfProtectedAcl {
    # Puts the protected ACL (New-FfProtectedSecurity) on a folder. Windows only (tests stand in).
    # .NET Framework has Directory.SetAccessControl; .NET Core moved it to FileSystemAclExtensions.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $security = New-FfProtectedSecurity
    $method = [System.IO.Directory].GetMethod('SetAccessControl', [type[]]@([string], [System.Security.AccessControl.DirectorySecurity]))
    if ($method) {
        [void]$method.Invoke($null, @($Path, $security))
    }
    else {
        $extensions = 'System.IO.FileSystemAclExtensions' -as [type]
        $extensions::SetAccessControl((New-Object -TypeName System.IO.DirectoryInfo -ArgumentList $Path), $security)
    }
}

function New-FfProtectedDirectory {
    # Creates a folder that has the protected ACL from the first moment (no window in which it
    # inherits ProgramData's "users may create files"). A folder already there is left as it is:
    # the caller checks its owner. Windows only (tests stand in).
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $security = New-FfProtectedSecurity
    $method = [System.IO.Directory].GetMethod('CreateDirectory', [type[]]@([string], [System.Security.AccessControl.DirectorySecurity]))
    if ($method) {
        [void]$method.Invoke($null, @($Path, $security))
    }
    else {
        $extensions = 'System.IO.FileSystemAclExtensions' -as [type]
        $extensions::Create((New-Object -TypeName System.IO.DirectoryInfo -ArgumentList $Path), $security)
    }
}

function Write-FfEventLog {
    # A warning in the Application event log (source FixForge), for what must be seen even when no
    # log file can be trusted. Never throws.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Message)
    try {
        if (-not [System.Diagnostics.EventLog]::SourceExists('FixForge')) { [System.Diagnostics.EventLog]::CreateEventSource('FixForge', 'Application') }
        [System.Diagnostics.EventLog]::WriteEntry('FixForge', $Message, [System.Diagnostics.EventLogEntryType]::Warning, 3201)
    }
    catch {
        Write-Verbose ('Cannot write to the event log: ' + $_.Exception.Message)
    }
}

function Test-FfAdministratorsMember {
    # Whether the account with this SID is a member of the local Administrators group (S-1-5-32-544).
    # The one place group membership is read, so that tests can stand in for it. The process's own
    # account when it runs elevated, without asking; else the group's direct members, through the
    # WinNT provider (the group's name is localized: it is found by its SID). A member through a
    # nested (domain) group is not recognised: such an owner stays untrusted. $false when it cannot
    # be told.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Sid)
    try {
        if ([System.Security.Principal.WindowsIdentity]::GetCurrent().User.Value -eq $Sid -and (Get-FfProcessRole) -eq 'Administrator') { return $true }
        $administrators = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList 'S-1-5-32-544'
        $groupName = $administrators.Translate([System.Security.Principal.NTAccount]).Value.Split('\')[-1]
        $group = [ADSI]('WinNT://{0}/{1},group' -f $env:COMPUTERNAME, $groupName)
        foreach ($member in @($group.psbase.Invoke('Members'))) {
            $bytes = $member.GetType().InvokeMember('objectSid', [System.Reflection.BindingFlags]::GetProperty, $null, $member, $null)
            if ((New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $bytes, 0).Value -eq $Sid) { return $true }
        }
    }
    catch {
        Write-Verbose ('Cannot tell whether {0} is an administrator: {1}' -f $Sid, $_.Exception.Message)
    }
    $false
}

function Test-FfTrustedOwnerSid {
    # An owner only an administrator could be: SYSTEM, Administrators, or an account in the
    # Administrators group (client Windows makes an elevated admin's own SID the owner of what they
    # create: "Default owner for objects created by members of the Administrators group").
    [CmdletBinding()]
    param([string] $Sid)
    if (-not $Sid) { return $false }
    if ($Sid -eq 'S-1-5-18' -or $Sid -eq 'S-1-5-32-544') { return $true }
    if ($Sid -notmatch '^S-1-(5-21|12-1)-') { return $false }
    $cache = Get-Variable -Name FfAdministratorSidCache -Scope Script -ValueOnly -ErrorAction SilentlyContinue
    if ($null -eq $cache) { $cache = @{}; Set-Variable -Name FfAdministratorSidCache -Scope Script -Value $cache }
    if (-not $cache.ContainsKey($Sid)) { $cache[$Sid] = [bool](Test-FfAdministratorsMember -Sid $Sid) }
    $cache[$Sid]
}

function Get-FfFolderDistrust {
    # Why a folder that SYSTEM keeps its log and state in cannot be trusted, or $null: it is created
    # protected when missing; one that exists must be a real folder (no link) owned by SYSTEM or
    # Administrators, and then gets the protected ACL again (folders of older versions inherited
    # "users may create files" from ProgramData).
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    try {
        if ($null -eq (Get-FfItemAttribute -Path $Path)) { New-FfProtectedDirectory -Path $Path }
        $attributes = Get-FfItemAttribute -Path $Path
        if ($null -eq $attributes -or ($attributes -band [System.IO.FileAttributes]::Directory) -eq 0) { return ('{0} is not a folder' -f $Path) }
        if (Test-FfReparsePoint -Attributes $attributes) { return ('{0} is a link (junction, symbolic link or mount point)' -f $Path) }
        $owner = Get-FfItemOwnerSid -Path $Path
        if (-not (Test-FfTrustedOwnerSid -Sid $owner)) { return ('{0} is owned by {1}, not by SYSTEM or Administrators (nor by a member of Administrators)' -f $Path, $owner) }
        Set-FfProtectedAcl -Path $Path
    }
    catch {
        return ('{0} cannot be checked: {1}' -f $Path, $_.Exception.Message)
    }
    $null
}

function Remove-FfUntrustedStateFile {
    # The log and state file in a trusted folder: a link, or a file someone else owns (left from a
    # time the folder was writable), is deleted as a name (a link's target is never touched).
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $removed = @()
    foreach ($name in @('state.txt', ($script:FixId + '.log'))) {
        $file = [System.IO.Path]::Combine($Path, $name)
        try {
            $attributes = Get-FfItemAttribute -Path $file
            if ($null -eq $attributes) { continue }
            if ((Test-FfReparsePoint -Attributes $attributes) -or -not (Test-FfTrustedOwnerSid -Sid (Get-FfItemOwnerSid -Path $file))) {
                if (($attributes -band [System.IO.FileAttributes]::Directory) -ne 0) { [System.IO.Directory]::Delete($file, $false) } else { [System.IO.File]::Delete($file) }
                $removed += $file
            }
        }
        catch {
            Write-Verbose ('Cannot check {0}: {1}' -f $file, $_.Exception.Message)
        }
    }
    # Logged once both are checked: the log itself may have been the link.
    foreach ($file in $removed) { Write-FfLog -DataDirectory $Path -Message ('{0} was a link or owned by another account: deleted, not used' -f $file) }
}

function Get-FfDataDirectory {
    # Where the log and the time of the last repair live. A given folder is used as given. A user's
    # run keeps its own, in the user's profile (%LOCALAPPDATA%\FixForge\<fix-id>): never shared with
    # SYSTEM's. SYSTEM and elevated runs use %ProgramData%\FixForge\<fix-id>, created protected
    # (SYSTEM and Administrators only); one that is a link or owned by anyone else is not used: the
    # run says so in the event log and in a fresh protected folder, which it then uses.
    [CmdletBinding()]
    param([string] $DataDirectory)
    if ($DataDirectory) { return $DataDirectory }
    if ((Get-FfProcessRole) -eq 'User') {
        $base = $env:LOCALAPPDATA
        if (-not $base) { $base = [System.IO.Path]::GetTempPath() }
        $userFolder = [System.IO.Path]::Combine([System.IO.Path]::Combine($base, 'FixForge'), $script:FixId)
        try { [void][System.IO.Directory]::CreateDirectory($userFolder) } catch { Write-Verbose ('Cannot create {0}: {1}' -f $userFolder, $_.Exception.Message) }
        return $userFolder
    }
    $programData = $env:ProgramData
    if (-not $programData) { $programData = [System.IO.Path]::GetTempPath() }
    $parent = [System.IO.Path]::Combine($programData, 'FixForge')
    $candidate = [System.IO.Path]::Combine($parent, $script:FixId)
    $cache = Get-Variable -Name FfDataDirectoryCache -Scope Script -ValueOnly -ErrorAction SilentlyContinue
    if ($cache -and $cache.Candidate -eq $candidate) { return $cache.Result }
    $distrust = Get-FfFolderDistrust -Path $parent
    if (-not $distrust) { $distrust = Get-FfFolderDistrust -Path $candidate }
    if (-not $distrust) {
        Remove-FfUntrustedStateFile -Path $candidate
        $result = $candidate
    }
    else {
        # A fresh folder, unpredictable name, protected from its creation: nobody else can own it.
        $result = [System.IO.Path]::Combine($programData, ('FixForge-{0}-{1}' -f $script:FixId, [guid]::NewGuid().ToString('N')))
        $message = ('{0}: the data folder is not trusted and is not used: {1}. Log and state of this run: {2}' -f $script:FixId, $distrust, $result)
        Write-FfEventLog -Message $message
        $freshDistrust = Get-FfFolderDistrust -Path $result
        if ($freshDistrust) { Write-FfEventLog -Message ('{0}: the fresh folder could not be protected either: {1}' -f $script:FixId, $freshDistrust) }
        Write-FfLog -DataDirectory $result -Message $message
    }
    Set-Variable -Name FfDataDirectoryCache -Scope Script -Value @{ Candidate = $candidate; Result = $result }
    $result
}

function Write-FfLog {
    # One line per event, UTC timestamps; a log that cannot be written never fails the run.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $DataDirectory,
        [Parameter(Mandatory = $true)] [string] $Message
    )
    $line = '{0} [{1}] {2}' -f [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture), $env:USERNAME, $Message
    Write-Verbose $Message
    if (-not $DataDirectory) { return }
    try {
        [void][System.IO.Directory]::CreateDirectory($DataDirectory)
        $path = [System.IO.Path]::Combine($DataDirectory, ($script:FixId + '.log'))
        $attributes = Get-FfItemAttribute -Path $path
        if ($null -ne $attributes -and (Test-FfReparsePoint -Attributes $attributes)) { throw ('{0} is a link: nothing is written through it' -f $path) }
        # Several runs may write at once (GPO startup, Intune, an admin): a file another one has open
        # for its line is tried again briefly, so that every line arrives whole.
        for ($attempt = 1; ; $attempt++) {
            try {
                [System.IO.File]::AppendAllText($path, $line + "`r`n", [System.Text.Encoding]::UTF8)
                break
            }
            catch [System.IO.IOException] {
                if ($attempt -ge 40) { throw }
                Start-Sleep -Milliseconds 25
            }
        }
    }
    catch {
        Write-Verbose ('Cannot write the log: ' + $_.Exception.Message)
    }
}

function Get-FfLastRepairTime {
    # The detection window starts at the last successful repair, so a repaired machine reads clean.
    # A state file that is a link, or a time in the future (a planted file would hide the problem
    # for ever), is not believed.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $DataDirectory)
    if (-not $DataDirectory) { return $null }
    $path = [System.IO.Path]::Combine($DataDirectory, 'state.txt')
    $attributes = Get-FfItemAttribute -Path $path
    if ($null -eq $attributes) { return $null }
    if (Test-FfReparsePoint -Attributes $attributes) {
        Write-Verbose ('{0} is a link: not read' -f $path)
        return $null
    }
    foreach ($line in [System.IO.File]::ReadAllLines($path)) {
        if ($line.StartsWith('LastRepairUtc=')) {
            $text = $line.Substring('LastRepairUtc='.Length)
            $styles = [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal
            $parsed = [DateTime]::MinValue
            if ([DateTime]::TryParseExact($text, 'yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture, $styles, [ref]$parsed)) {
                if ($parsed -gt [DateTime]::UtcNow.AddMinutes(5)) {
                    Write-Verbose ('{0}: the last repair time {1} lies in the future: not believed' -f $path, $text)
                    return $null
                }
                return $parsed.ToLocalTime()
            }
        }
    }
    $null
}

function Set-FfLastRepairTime {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $DataDirectory,
        [Parameter(Mandatory = $true)] [DateTime] $Time
    )
    if (-not $DataDirectory) { throw 'No data folder to keep the repair time in.' }
    [void][System.IO.Directory]::CreateDirectory($DataDirectory)
    $path = [System.IO.Path]::Combine($DataDirectory, 'state.txt')
    $attributes = Get-FfItemAttribute -Path $path
    if ($null -ne $attributes -and (Test-FfReparsePoint -Attributes $attributes)) { throw ('{0} is a link: nothing is written through it' -f $path) }
    $text = 'LastRepairUtc=' + $Time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
    [System.IO.File]::WriteAllText($path, $text + "`r`n", [System.Text.Encoding]::ASCII)
}

function Test-FfWow64Process {
    # A 32-bit process on 64-bit Windows: System32 is silently redirected to SysWOW64.
    [CmdletBinding()]
    param()
    [bool]$env:PROCESSOR_ARCHITEW6432
}

function Join-FfPath {
    # Joins segments with the platform's separator; never interprets wildcards.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Base,
        [string[]] $Segments
    )
    $path = $Base
    foreach ($segment in $Segments) { $path = [System.IO.Path]::Combine($path, $segment) }
    $path
}

function Resolve-FfWindowsPath {
    # System32 under a 32-bit process is reached through Sysnative, or the wrong folder is used.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $WindowsDirectory,
        [string[]] $Segments
    )
    $first = @($Segments)[0]
    if ($first -eq 'System32' -and (Test-FfWow64Process)) {
        $sysnative = [System.IO.Path]::Combine($WindowsDirectory, 'Sysnative')
        if ([System.IO.Directory]::Exists($sysnative)) {
            $rest = @($Segments | Select-Object -Skip 1)
            return Join-FfPath -Base $sysnative -Segments $rest
        }
    }
    Join-FfPath -Base $WindowsDirectory -Segments $Segments
}

function Get-FfProfileListEntry {
    # The user profiles Windows lists (HKLM\...\ProfileList), as read: key name, ProfileImagePath
    # (expanded), State, and the profiles directory. The one place the registry is read for
    # profiles, so that tests can stand in for it. Nothing where there is no registry.
    [CmdletBinding()]
    param()
    $key = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'
    if (-not (Test-Path -LiteralPath $key)) { return }
    $profilesDirectory = $null
    $listValues = Get-ItemProperty -LiteralPath $key -ErrorAction SilentlyContinue
    if ($listValues -and $listValues.PSObject.Properties['ProfilesDirectory']) { $profilesDirectory = [Environment]::ExpandEnvironmentVariables([string]$listValues.ProfilesDirectory) }
    foreach ($entry in @(Get-ChildItem -LiteralPath $key -ErrorAction SilentlyContinue)) {
        $values = Get-ItemProperty -LiteralPath $entry.PSPath -ErrorAction SilentlyContinue
        $imagePath = $null
        $state = 0
        if ($values -and $values.PSObject.Properties['ProfileImagePath']) { $imagePath = [Environment]::ExpandEnvironmentVariables([string]$values.ProfileImagePath) }
        if ($values -and $values.PSObject.Properties['State']) { $state = [int64]$values.State }
        New-FfObject -TypeName 'FixForge.ProfileListEntry' -Name @('KeyName', 'ProfileImagePath', 'State', 'ProfilesDirectory') -Value @{
            KeyName = $entry.PSChildName; ProfileImagePath = $imagePath; State = $state; ProfilesDirectory = $profilesDirectory
        }
    }
}

function Get-FfProfileSkipReason {
    # Why a ProfileList entry is not a profile to repair, or $null when it is. See docs/security.md.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $Entry,
        [string] $WindowsDirectory
    )
    $name = [string]$Entry.KeyName
    if ($name.EndsWith('.bak', [StringComparison]::OrdinalIgnoreCase)) { return 'a .bak key: the profile Windows could not load, now in a temporary profile; left for the administrator' }
    if ($name -notmatch '^S-1-5-21-\d+-\d+-\d+-\d+$' -and $name -notmatch '^S-1-12-1-\d+-\d+-\d+-\d+$') { return 'not a local, domain or Entra ID user (a system, service or virtual account)' }
    if (($Entry.State -band 0x800) -ne 0) { return 'a temporary profile (State 0x800): deleted at sign-out' }
    if (($Entry.State -band 0x1) -ne 0) { return 'a mandatory profile (State 0x1): changes are discarded at sign-out' }
    $path = [string]$Entry.ProfileImagePath
    if (-not $path) { return 'no ProfileImagePath' }
    if ($path -notmatch '^[A-Za-z]:\\[^\\]') { return ('profile path ''{0}'' is not a full local path (X:\...)' -f $path) }
    foreach ($segment in $path.Substring(3).Split([char[]]@('\', '/'))) {
        if ($segment -eq '' -or $segment -eq '.' -or $segment -eq '..') { return ('profile path ''{0}'' has an empty, ''.'' or ''..'' component' -f $path) }
    }
    $profiles = [string]$Entry.ProfilesDirectory
    if ($profiles -and $path.TrimEnd('\').Equals($profiles.TrimEnd('\'), [StringComparison]::OrdinalIgnoreCase)) { return ('profile path ''{0}'' is the profiles directory itself' -f $path) }
    if ($WindowsDirectory) {
        $windows = $WindowsDirectory.TrimEnd('\')
        if ($path.Equals($windows, [StringComparison]::OrdinalIgnoreCase) -or $path.StartsWith($windows + '\', [StringComparison]::OrdinalIgnoreCase)) { return ('profile path ''{0}'' lies in the Windows directory: a service profile, not a user''s' -f $path) }
    }
    $null
}

function Get-FfUserProfilePath {
    # Every user profile on disk, logged on or not: local and domain users (S-1-5-21-*) and Entra ID
    # users (S-1-12-1-*). Temporary, backup (.bak), mandatory and system profiles are left out, and
    # a path that is not a full local path; a profile folder that is a link is refused later, by the
    # step (Resolve-FfLocationDetail), so that the result names it. Given folders are used as given.
    [CmdletBinding()]
    param(
        [string[]] $ProfileDirectory,
        [string] $WindowsDirectory = $env:windir
    )
    if ($ProfileDirectory) { return $ProfileDirectory }
    $seen = @{}
    foreach ($entry in @(Get-FfProfileListEntry)) {
        $reason = Get-FfProfileSkipReason -Entry $entry -WindowsDirectory $WindowsDirectory
        if ($reason) {
            Write-Verbose ('Profile {0} skipped: {1}' -f $entry.KeyName, $reason)
            continue
        }
        $key = ([string]$entry.ProfileImagePath).TrimEnd('\').ToUpperInvariant()
        if ($seen.ContainsKey($key)) { continue }
        $seen[$key] = $true
        ([string]$entry.ProfileImagePath).TrimEnd('\')
    }
}

#region Links and trust
# SYSTEM works inside folders that users (and the LocalService and NetworkService accounts) own.
# A user can replace any folder they own with a junction or symbolic link, so no step reads or
# changes a location below a root before every component from the root's anchor (the profile
# folder, the Windows directory, ProgramData; included) down to the target (included) is checked:
# one reparse point anywhere and the location is refused. See docs/security.md.

function Test-FfWindowsPlatform {
    # Windows paths (C:\...) or Unix ones (pwsh on Linux, where the tests run).
    [CmdletBinding()]
    param()
    [System.IO.Path]::DirectorySeparatorChar -eq '\'
}

function Get-FfItemAttribute {
    # The attributes of one entry itself (a link is not followed), or $null when nothing is there.
    # Anything else (denied, a path too long) throws: an entry that cannot be read is never safe.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    try {
        return [System.IO.File]::GetAttributes($Path)
    }
    catch {
        $exception = $_.Exception
        if ($exception -is [System.Management.Automation.MethodInvocationException] -and $exception.InnerException) { $exception = $exception.InnerException }
        if ($exception -is [System.IO.FileNotFoundException] -or $exception -is [System.IO.DirectoryNotFoundException]) { return $null }
        throw $exception
    }
}

function Test-FfGoneError {
    # Whether an error means the entry is not there (any more): another run, or the program that
    # owns the folder, deleted it between the listing and now. Such an entry is gone, which is what
    # a deletion wanted: not a problem.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [System.Exception] $Exception)
    if ($Exception -is [System.Management.Automation.MethodInvocationException] -and $Exception.InnerException) { $Exception = $Exception.InnerException }
    if ($Exception.Data['FixForgeGone']) { return $true }
    $Exception -is [System.IO.FileNotFoundException] -or $Exception -is [System.IO.DirectoryNotFoundException]
}

function Test-FfReparsePoint {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [System.IO.FileAttributes] $Attributes)
    ($Attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0
}

function Get-FfDirectoryEntry {
    # The entries of one folder, full paths. The one place folders are listed, so that tests can
    # make a folder unreadable (the suites run as root on Linux, where chmod does not stop root).
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    [System.IO.Directory]::GetFileSystemEntries($Path)
}

function Invoke-FfNativeCommand {
    # Runs a console program (by full path) and returns its exit code and its output lines, stdout
    # and stderr together. In Windows PowerShell 2.0 to 5.1 each stderr line behind 2>&1 becomes an
    # error record, which a caller's $ErrorActionPreference = 'Stop' (Repair-X -ErrorAction Stop,
    # common) turns into a terminating error before the exit code is even read: the preference is
    # Continue here, for this call only.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )
    $ErrorActionPreference = 'Continue'
    $output = @(& $FilePath @ArgumentList 2>&1 | ForEach-Object { [string]$_ })
    New-FfObject -TypeName 'FixForge.NativeRun' -Name @('ExitCode', 'Output') -Value @{ ExitCode = $LASTEXITCODE; Output = $output }
}

#region Deleting
# Windows refuses to delete a read-only file (DeleteFile) and a read-only empty folder
# (RemoveDirectory, Directory.Delete: "Access to the path is denied"); Linux deletes both. The
# calls into the file system sit in the three small functions below, so that the tests stand in
# for them with Windows' behaviour (Engine.Fakes.ps1).

function Remove-FfDirectory {
    # Deletes one empty folder, not a link. Windows only deletes it when it is not read-only.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    [System.IO.Directory]::Delete($Path, $false)
}

function Remove-FfFile {
    # Deletes one file, not a link. Windows only deletes it when it is not read-only.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    [System.IO.File]::Delete($Path)
}

function Set-FfItemAttribute {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [System.IO.FileAttributes] $Attributes
    )
    [System.IO.File]::SetAttributes($Path, $Attributes)
}

function Remove-FfPlainItem {
    # Deletes one file or one empty folder that is not a link (the callers remove links as links),
    # a read-only one too: its ReadOnly attribute is cleared first, and put back when the deletion
    # then fails (in use, denied), so that an entry that stays is left as it was; only ReadOnly is
    # touched (Hidden and System do not stop a deletion). When even that fails, the error says so.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [System.IO.FileAttributes] $Attributes
    )
    $readOnly = [System.IO.FileAttributes]::ReadOnly
    $isFolder = ($Attributes -band [System.IO.FileAttributes]::Directory) -ne 0
    $cleared = $false
    if (($Attributes -band $readOnly) -ne 0) {
        $without = $Attributes -band (-bnot $readOnly)
        if ([int]$without -eq 0) { $without = [System.IO.FileAttributes]::Normal }
        Set-FfItemAttribute -Path $Path -Attributes $without
        $cleared = $true
    }
    try {
        if ($isFolder) { Remove-FfDirectory -Path $Path } else { Remove-FfFile -Path $Path }
    }
    catch {
        $failure = $_.Exception
        if ($failure -is [System.Management.Automation.MethodInvocationException] -and $failure.InnerException) { $failure = $failure.InnerException }
        if (-not $cleared) { throw $failure }
        try { Set-FfItemAttribute -Path $Path -Attributes $Attributes }
        catch { throw (New-Object -TypeName System.IO.IOException -ArgumentList ('{0} (its read-only attribute was cleared and could not be set again: {1})' -f $failure.Message, $_.Exception.Message)) }
        throw $failure
    }
}
#endregion

function Get-FfPathChain {
    # Root, then each folder below it down to Path: the components a walk checks. Throws when Root
    # is not a full local path or Path does not lie under it by plain components (no '.', '..').
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Root,
        [Parameter(Mandatory = $true)] [string] $Path
    )
    $windows = Test-FfWindowsPlatform
    if ($windows) {
        if ($Root -notmatch '^[A-Za-z]:\\') { throw ('''{0}'' is not a full local path (X:\...)' -f $Root) }
        $separators = [char[]]@('\', '/')
        $separator = '\'
        $comparison = [StringComparison]::OrdinalIgnoreCase
    }
    else {
        if (-not $Root.StartsWith('/')) { throw ('''{0}'' is not a full path' -f $Root) }
        $separators = [char[]]@('/')
        $separator = '/'
        $comparison = [StringComparison]::Ordinal
    }
    $base = $Root.TrimEnd($separators)
    if ($base.Length -eq 0 -or ($windows -and $base.Length -eq 2)) { throw ('''{0}'' is a drive root, not a folder below one' -f $Root) }
    $chain = @($base)
    if ($Path.Length -eq $base.Length -and $Path.Equals($base, $comparison)) { return $chain }
    if (-not ($Path.Length -gt $base.Length -and $Path.StartsWith($base, $comparison) -and ($separators -contains $Path[$base.Length]))) {
        throw ('''{0}'' does not lie under ''{1}''' -f $Path, $Root)
    }
    $current = $base
    foreach ($segment in $Path.Substring($base.Length + 1).Split($separators)) {
        if ($segment -eq '' -or $segment -eq '.' -or $segment -eq '..') { throw ('''{0}'' has an empty, ''.'' or ''..'' component' -f $Path) }
        $current = $current + $separator + $segment
        $chain += $current
    }
    $chain
}

function Find-FfLinkInChain {
    # The first component that is a reparse point, or $null. A component that does not exist (or is
    # a file where a folder should be) ends the walk: nothing below it exists. Throws when one
    # cannot be read.
    [CmdletBinding()]
    param([string[]] $Chain)
    $last = @($Chain).Count - 1
    for ($i = 0; $i -le $last; $i++) {
        # The common case inline (this runs before every deletion); the rare one explained.
        try { $attributes = [System.IO.File]::GetAttributes($Chain[$i]) }
        catch { $attributes = Get-FfItemAttribute -Path $Chain[$i] }
        if ($null -eq $attributes) { return $null }
        if (Test-FfReparsePoint -Attributes $attributes) { return $Chain[$i] }
        if ($i -lt $last -and ($attributes -band [System.IO.FileAttributes]::Directory) -eq 0) { return $null }
    }
    $null
}

function Get-FfVolumeMountPoint {
    # The volume mount points of this machine: a folder (C:\Users\alice) and the volume mounted
    # there (\\?\Volume{GUID}\), from WMI's Win32_MountPoint. The one place they are read, so
    # that tests can stand in for it. Throws when WMI cannot be asked.
    [CmdletBinding()]
    param()
    # CIM on Windows PowerShell 3.0+ and PowerShell 7 (which has no WMI cmdlets), WMI on 2.0: the
    # same class, whose Directory and Volume are references (objects through CIM, paths through WMI).
    if ($PSVersionTable.PSVersion.Major -ge 3) {
        $points = @(Get-CimInstance -ClassName 'Win32_MountPoint' -ErrorAction Stop)
    }
    else {
        $points = @(Get-WmiObject -Class 'Win32_MountPoint' -ErrorAction Stop)
    }
    foreach ($point in $points) {
        # References: Win32_Directory.Name="C:\Users\alice\", Win32_Volume.DeviceID="\\?\Volume{...}\".
        $directory = [string]$point.Directory
        $volume = [string]$point.Volume
        if ($point.Directory -and $point.Directory.PSObject.Properties['Name']) { $directory = [string]$point.Directory.Name }
        if ($point.Volume -and $point.Volume.PSObject.Properties['DeviceID']) { $volume = [string]$point.Volume.DeviceID }
        if ($directory -match '="(.*)"$') { $directory = $Matches[1].Replace('\\', '\') }
        if ($volume -match '="(.*)"$') { $volume = $Matches[1].Replace('\\', '\') }
        New-FfObject -TypeName 'FixForge.MountPoint' -Name @('Directory', 'Volume') -Value @{ Directory = $directory; Volume = $volume }
    }
}

function Get-FfProfileDiskState {
    # What the reparse point at a profile folder itself is: 'profile disk' when it is a volume
    # mount point the profile service made (User Profile Disks on RDS, FSLogix-like containers): a
    # volume GUID path is mounted at exactly the folder that a ProfileList entry's ProfileImagePath
    # names. 'link' for anything else (a junction or symbolic link a user could have made; a volume
    # mounted at a folder that is no profile's root). 'unsure: <why>' when it cannot be told.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    $folder = $Path.TrimEnd('\')
    $isProfileRoot = $false
    foreach ($entry in @(Get-FfProfileListEntry)) {
        if ($entry.ProfileImagePath -and ([string]$entry.ProfileImagePath).TrimEnd('\').Equals($folder, [StringComparison]::OrdinalIgnoreCase)) { $isProfileRoot = $true }
    }
    if (-not $isProfileRoot) { return 'link' }
    try { $points = @(Get-FfVolumeMountPoint) }
    catch { return ('unsure: the volume mount points cannot be read ({0})' -f $_.Exception.Message) }
    foreach ($point in $points) {
        if (-not ([string]$point.Directory).TrimEnd('\').Equals($folder, [StringComparison]::OrdinalIgnoreCase)) { continue }
        if ([string]$point.Volume -match '^\\\\\?\\Volume\{[0-9A-Fa-f-]{36}\}\\?$') { return 'profile disk' }
        return ('unsure: {0} is mounted at it, not a volume GUID path' -f $point.Volume)
    }
    'link'
}

function Get-FfPathRefusal {
    # Why Path must not be read or changed, or $null when it may: Root must be a full path, Path
    # must lie under it, and no component from Root (included) to Path (included) may be a
    # junction, symbolic link or mount point.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Root,
        [Parameter(Mandatory = $true)] [string] $Path
    )
    try {
        $chain = @(Get-FfPathChain -Root $Root -Path $Path)
        $link = Find-FfLinkInChain -Chain $chain
        if ($link -and $link -eq $chain[0]) {
            # The anchor itself (a profile folder) may be a profile disk the profile service
            # mounted there: not a user's link. Then the walk goes on below it.
            $state = Get-FfProfileDiskState -Path $chain[0]
            if ($state -eq 'profile disk') {
                $link = $null
                if ($chain.Count -gt 1) { $link = Find-FfLinkInChain -Chain @($chain | Select-Object -Skip 1) }
            }
            elseif ($state -like 'unsure:*') {
                return ('skipped, nothing touched: {0} is a reparse point that may be a profile disk; {1}' -f $chain[0], $state.Substring('unsure: '.Length))
            }
        }
    }
    catch {
        return ('refused, nothing touched: {0}' -f $_.Exception.Message)
    }
    if ($link) {
        if ($link -eq $chain[-1]) { return ('refused, nothing touched: it is a link (junction, symbolic link or mount point)') }
        return ('refused, nothing touched: {0} on the way is a link (junction, symbolic link or mount point)' -f $link)
    }
    $null
}

function Test-FfSkipRefusal {
    # Whether a refusal from Get-FfPathRefusal means "not sure, left alone" (a possible profile
    # disk) rather than "a link": such a location is Skipped with its reason, never a failure.
    [CmdletBinding()]
    param([string] $Refusal)
    [bool]($Refusal -and $Refusal.StartsWith('skipped', [StringComparison]::Ordinal))
}

function Test-FfSafePath {
    # True when Path may be read or changed: see Get-FfPathRefusal.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Root,
        [Parameter(Mandatory = $true)] [string] $Path
    )
    $null -eq (Get-FfPathRefusal -Root $Root -Path $Path)
}

function Resolve-FfLocationDetail {
    # Resolve-FfLocation, with each folder's anchor and refusal: Root is the folder the root stands
    # on (the profile folder, the Windows directory, ProgramData): the folder minus the root's own
    # segments and the location's. Refusal is $null, or why the step must leave the folder alone.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Location,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $rootSegments = @()
    $root = $script:Roots[$Location.Root]
    if ($root -and $root.Segments) { $rootSegments = @($root.Segments | Where-Object { $_ }) }
    $depth = $rootSegments.Count + @($Location.Segments).Count
    foreach ($path in @(Resolve-FfLocation -Location $Location -Paths $Paths)) {
        $anchor = $path
        for ($i = 0; $i -lt $depth -and $anchor; $i++) { $anchor = [System.IO.Path]::GetDirectoryName($anchor) }
        $refusal = $null
        if (-not $anchor) { $refusal = ('refused, nothing touched: no folder above ''{0}'' to start the link check from' -f $path) }
        else { $refusal = Get-FfPathRefusal -Root $anchor -Path $path }
        New-FfObject -TypeName 'FixForge.Location' -Name @('Root', 'Path', 'Refusal') -Value @{ Root = $anchor; Path = $path; Refusal = $refusal }
    }
}
#endregion

function Resolve-FfLocation {
    # The folders a location stands for on this machine (or in a fake tree given by parameters).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Location,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $root = $script:Roots[$Location.Root]
    if (-not $root) { throw ('Unknown root ''{0}'': the data table does not list it.' -f $Location.Root) }
    switch ($root.Kind) {
        'windows' {
            $base = Resolve-FfWindowsPath -WindowsDirectory $Paths.WindowsDirectory -Segments $root.Segments
            Join-FfPath -Base $base -Segments $Location.Segments
        }
        'everyUserProfile' {
            foreach ($userProfile in @(Get-FfUserProfilePath -ProfileDirectory $Paths.ProfileDirectory)) {
                Join-FfPath -Base $userProfile -Segments $Location.Segments
            }
        }
        'currentUserProfile' {
            if ($Paths.CurrentUserProfile) { Join-FfPath -Base $Paths.CurrentUserProfile -Segments $Location.Segments }
        }
        'special' {
            # ProgramData, Program Files: absent (64-bit only folders on 32-bit Windows) means no folder.
            $base = $Paths[$root.Folder]
            if ($base) { Join-FfPath -Base $base -Segments $Location.Segments }
        }
        'profile' {
            # AppData\Local and friends: in every profile, or the current one, by the step's context.
            $inProfile = @($root.Segments) + @($Location.Segments)
            switch ($Location.Context) {
                'EveryUser' {
                    foreach ($userProfile in @(Get-FfUserProfilePath -ProfileDirectory $Paths.ProfileDirectory)) {
                        Join-FfPath -Base $userProfile -Segments $inProfile
                    }
                }
                'CurrentUser' {
                    if ($Paths.CurrentUserProfile) { Join-FfPath -Base $Paths.CurrentUserProfile -Segments $inProfile }
                }
                default {
                    throw ('Location under root ''{0}'' has no profile context (EveryUser or CurrentUser).' -f $Location.Root)
                }
            }
        }
        default {
            throw ('Root ''{0}'' has kind ''{1}'', which this engine does not know.' -f $Location.Root, $root.Kind)
        }
    }
}

function Get-FfDefaultContext {
    # The contexts a call without -Context runs: of the fix's own contexts ($script:Contexts, or
    # Available), those this process's role is for. SYSTEM does the machine-wide work and every
    # user's (its own profile is nobody's); an elevated administrator all of it; a standard user
    # only what is theirs. Empty when the fix has nothing for this role: the caller reports that.
    [CmdletBinding()]
    param([string[]] $Available)
    # Get-Variable writes an array value as one object: enumerated, so that -contains sees its items.
    if (-not $PSBoundParameters.ContainsKey('Available')) { $Available = @(Get-Variable -Name Contexts -Scope Script -ValueOnly -ErrorAction SilentlyContinue | ForEach-Object { $_ }) }
    $role = Get-FfProcessRole
    switch ($role) {
        'System' { $forRole = @('System', 'EveryUser') }
        'Administrator' { $forRole = @('System', 'EveryUser', 'CurrentUser') }
        'User' { $forRole = @('CurrentUser') }
        default { throw ('Unknown process role ''{0}''.' -f $role) }
    }
    # Canonical order, whatever order Available came in. Callers wrap the call in @().
    $forRole | Where-Object { $Available -contains $_ }
}

function Get-FfRoleContextReason {
    # Why a context is not among this process's defaults: for the Skipped message of a step.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Context)
    $role = Get-FfProcessRole
    $runs = @{ System = 'SYSTEM'; Administrator = 'an elevated administrator'; User = 'a standard user' }[$role]
    switch ($Context) {
        'CurrentUser' { return ('context CurrentUser is the profile of the user running the command; this process runs as {0}, whose own profile is not a user''s: run it as the user, or pass -Context CurrentUser' -f $runs) }
        default { return ('context {0} needs SYSTEM or an elevated administrator; this process runs as {1}: nothing was changed there' -f $Context, $runs) }
    }
}

function Get-FfPaths {
    [CmdletBinding()]
    param(
        [string] $WindowsDirectory,
        [string[]] $ProfileDirectory,
        [string] $CurrentUserProfile,
        [string] $DataDirectory
    )
    # The machine folders the OS names. A Windows directory given by the caller (a copy, a test
    # tree) brings its own: they are its siblings, as on a default installation.
    if ($WindowsDirectory) {
        $machineRoot = [System.IO.Path]::GetDirectoryName($WindowsDirectory)
        $programData = [System.IO.Path]::Combine($machineRoot, 'ProgramData')
        $programFiles = [System.IO.Path]::Combine($machineRoot, 'Program Files')
        $programFilesX86 = [System.IO.Path]::Combine($machineRoot, 'Program Files (x86)')
    }
    else {
        $WindowsDirectory = $env:windir
        $programData = $env:ProgramData
        # A 32-bit process sees Program Files (x86) as ProgramFiles; ProgramW6432 is the native one.
        $programFiles = $env:ProgramW6432
        if (-not $programFiles) { $programFiles = $env:ProgramFiles }
        $programFilesX86 = ${env:ProgramFiles(x86)}
    }
    if (-not $CurrentUserProfile) { $CurrentUserProfile = $env:USERPROFILE }
    @{
        WindowsDirectory = $WindowsDirectory
        ProfileDirectory = $ProfileDirectory
        CurrentUserProfile = $CurrentUserProfile
        DataDirectory = (Get-FfDataDirectory -DataDirectory $DataDirectory)
        programData = $programData
        programFiles = $programFiles
        programFilesX86 = $programFilesX86
    }
}

function Select-FfPathParameter {
    # The path parameters a public function was given, to pass on to the others.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $BoundParameters)
    $selected = @{}
    foreach ($name in @('WindowsDirectory', 'ProfileDirectory', 'CurrentUserProfile', 'DataDirectory')) {
        if ($BoundParameters.ContainsKey($name)) { $selected[$name] = $BoundParameters[$name] }
    }
    $selected
}

#region Results
# Every step reports the same shapes, whatever its kind: a finding (detection), a step result
# (repair) or a check (verify). Summaries, exit codes and help are built from these alone.

function New-FfFinding {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [int] $Count = 0,
        [object[]] $Details = @(),
        [object[]] $Hints = @(),
        [object] $Since = $null,
        [string] $ErrorText,
        # Entries the step could not read or refused (a link): one never hides the others.
        [object[]] $Problems = @(),
        # Why the step was not run in this process (Invoke-FfDetection): nothing was read.
        [string] $SkipReason,
        # For a detection that looks at several targets (every user's hive, every profile's
        # folder): each target where what it describes does NOT hold, and why. $null for a
        # detection of one target. verify.that reads it: a check holds "for every user", a
        # problem is found "for any user". See docs/security.md, "Every user".
        [object[]] $Unmatched = $null
    )
    $detected = $Count -gt 0
    if ($detected) { $message = $script:Strings[$Step.DetectedKey] } else { $message = $script:Strings[$Step.CleanKey] }
    if ($ErrorText) { $message = $ErrorText } else { $ErrorText = $null }
    if ($SkipReason) { $message = 'Skipped: ' + $SkipReason } else { $SkipReason = $null }
    if ($null -ne $Unmatched) { $Unmatched = @($Unmatched) }
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.Finding') -Name @('StepId', 'Kind', 'Indicates', 'Detected', 'Count', 'Message', 'Hints', 'Details', 'Since', 'Error', 'Problems', 'Contexts', 'Skipped', 'SkipReason', 'Unmatched') -Value @{
        StepId = $Step.Id
        Kind = $Step.Kind
        Indicates = $Step.Indicates
        Detected = $detected
        Count = $Count
        Message = $message
        Hints = $Hints
        Details = $Details
        Since = $Since
        Error = $ErrorText
        Problems = @($Problems)
        # Whose state the step read (System, EveryUser, CurrentUser); none when it was skipped.
        Contexts = @()
        Skipped = [bool]$SkipReason
        SkipReason = $SkipReason
        Unmatched = $Unmatched
    }
}

function New-FfChange {
    # One change a repair made (or, under -WhatIf, would make): enough to undo it by hand.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Action,
        [Parameter(Mandatory = $true)] [string] $Target,
        [object] $Before = $null,
        [object] $After = $null
    )
    New-FfObject -TypeName 'FixForge.Change' -Name @('Action', 'Target', 'Before', 'After') -Value @{ Action = $Action; Target = $Target; Before = $Before; After = $After }
}

function New-FfProblem {
    # One thing a step could not do, and why; it never stops the step's other work.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Target,
        [Parameter(Mandatory = $true)] [string] $Reason
    )
    New-FfObject -TypeName 'FixForge.Problem' -Name @('Target', 'Reason') -Value @{ Target = $Target; Reason = $Reason }
}

function New-FfStepResult {
    # Outcome: Succeeded, NotNeeded, Partial, Failed, Refused, WhatIf or Skipped.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [ValidateSet('Succeeded', 'NotNeeded', 'Partial', 'Failed', 'Refused', 'WhatIf', 'Skipped')] [string] $Outcome,
        [string] $Message,
        [object[]] $Changes = @(),
        [object[]] $Problems = @(),
        [bool] $RebootRequired = $false
    )
    if (-not $Message) { $Message = $script:Strings[$Step.DescriptionKey] }
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.StepResult') -Name @('StepId', 'Kind', 'Context', 'Outcome', 'Message', 'Changes', 'Problems', 'RebootRequired') -Value @{
        StepId = $Step.Id
        Kind = $Step.Kind
        Context = $Step.Context
        Outcome = $Outcome
        Message = $Message
        Changes = @($Changes)
        Problems = @($Problems)
        RebootRequired = $RebootRequired
    }
}

function New-FfSkippingStepResult {
    # The result of a file step that may have skipped locations it could not be sure of (a profile
    # disk it cannot tell from a link): each skip is logged, named in the message, and a step that
    # did nothing else is Skipped rather than NotNeeded. Shared by the file kinds.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [Parameter(Mandatory = $true)] [string] $Outcome,
        [object[]] $Skipped = @(),
        [object[]] $Changes = @(),
        [object[]] $Problems = @()
    )
    $message = $null
    if (@($Skipped).Count -gt 0) {
        foreach ($line in $Skipped) { Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1}' -f $Step.Id, $line) }
        $message = '{0} (skipped: {1})' -f $script:Strings[$Step.DescriptionKey], (@($Skipped) -join '; ')
        if ($Outcome -eq 'NotNeeded') { $Outcome = 'Skipped' }
    }
    New-FfStepResult -Step $Step -Outcome $Outcome -Message $message -Changes $Changes -Problems $Problems
}

function Get-FfOutcome {
    # The outcome of a step from what it did: nothing to do, all done, some done, nothing done.
    [CmdletBinding()]
    param([int] $ChangeCount, [int] $ProblemCount, [bool] $WhatIf)
    if ($WhatIf) { return 'WhatIf' }
    if ($ProblemCount -eq 0) {
        if ($ChangeCount -eq 0) { return 'NotNeeded' }
        return 'Succeeded'
    }
    if ($ChangeCount -gt 0) { return 'Partial' }
    'Failed'
}

function New-FfCheck {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [bool] $Passed,
        [object[]] $Remaining = @(),
        [object] $Test = $null,
        # Folders the check refused to look into (a link) or could not read.
        [object[]] $Problems = @()
    )
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.Check') -Name @('StepId', 'Kind', 'Passed', 'Description', 'Remaining', 'Test', 'Problems') -Value @{
        StepId = $Step.Id
        Kind = $Step.Kind
        Passed = $Passed
        Description = $script:Strings[$Step.DescriptionKey]
        Remaining = @($Remaining)
        Test = $Test
        Problems = @($Problems)
    }
}

function Get-FfRepairSummary {
    # One line for logs and deployment tools: the status, then counts from the generic results.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] $Repair)
    $text = '{0}, {1} change(s), {2} problem(s)' -f $Repair.Status, @($Repair.Changes).Count, @($Repair.Problems).Count
    if ($Repair.RebootRequired) { $text += ', restart required' }
    $text
}
#endregion

#region Dispatch
function Invoke-FfHandler {
    # Runs the handler a step's data entry names. A kind the engine lacks is an error, never a success.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Parameters
    )
    $command = $null
    if ($Step.Handler) { $command = Get-Command -Name $Step.Handler -CommandType Function -ErrorAction SilentlyContinue }
    if (-not $command) {
        throw ('Step ''{0}'' of kind ''{1}'' needs handler ''{2}'', which this script does not carry.' -f $Step.Id, $Step.Kind, $Step.Handler)
    }
    & $command @Parameters
}

function Invoke-FfDetection {
    # The body of Test-<Noun>: every detection step, then whether any problem step found something.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $Paths)
    $lastRepair = Get-FfLastRepairTime -DataDirectory $Paths.DataDirectory
    $role = Get-FfProcessRole
    $findings = @()
    $read = @()
    foreach ($step in $script:DetectionSteps) {
        # Whose state the step reads (from the compiler: its context, or its locations' roots).
        $contexts = @($step['Contexts'] | Where-Object { $_ })
        if ($contexts.Count -eq 0) { $contexts = @('System') }
        $skip = Get-FfDetectionSkipReason -Contexts $contexts -Role $role
        if ($skip) {
            Write-Verbose ('Skipping detection {0}: {1}' -f $step.Id, $skip)
            $findings += New-FfFinding -Step $step -SkipReason $skip
            continue
        }
        Write-Verbose ('Detection step {0}' -f $step.Id)
        foreach ($finding in @(Invoke-FfHandler -Step $step -Parameters @{ Step = $step; Paths = $Paths; LastRepair = $lastRepair })) {
            # A finding made elsewhere than New-FfFinding (a stand-in) gets the property added.
            if ($finding.PSObject.Properties['Contexts']) { $finding.Contexts = $contexts }
            else { Add-Member -InputObject $finding -MemberType NoteProperty -Name 'Contexts' -Value $contexts }
            $findings += $finding
        }
        $read += $contexts
    }
    $detected = $false
    $hints = @()
    foreach ($finding in $findings) {
        if ($finding.Indicates -eq 'problem' -and $finding.Detected) { $detected = $true }
        foreach ($hint in $finding.Hints) { if (-not ($hints -contains $hint)) { $hints += $hint } }
    }
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.TestResult') -Name @('FixId', 'ComputerName', 'Detected', 'Findings', 'Hints', 'LastRepair', 'Contexts') -Value @{
        FixId = $script:FixId
        ComputerName = $env:COMPUTERNAME
        Detected = $detected
        Findings = $findings
        Hints = $hints
        LastRepair = $lastRepair
        # The contexts this run read, in canonical order: a skipped step's are not among them.
        Contexts = @(@('System', 'EveryUser', 'CurrentUser') | Where-Object { $read -contains $_ })
    }
}

function Get-FfDetectionSkipReason {
    # Why a detection step must not run in this process, or $null. SYSTEM has no current user: its
    # own profile and hive are nobody's, so a CurrentUser detection there would read the wrong
    # state (the user's own run, the logon script or Intune's user package, detects it). A standard
    # user cannot read other users' profiles or load their hives: EveryUser needs SYSTEM or an
    # elevated administrator.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string[]] $Contexts,
        [Parameter(Mandatory = $true)] [string] $Role
    )
    if ($Role -eq 'System' -and $Contexts -contains 'CurrentUser') { return 'context CurrentUser is the profile and hive of the user running the command, and SYSTEM''s own are no user''s: the user''s own run detects it' }
    if ($Role -eq 'User' -and $Contexts -contains 'EveryUser') { return 'context EveryUser reads every user''s profile and hive, which needs SYSTEM or an elevated administrator; this process runs as a standard user' }
    $null
}

function Invoke-FfVerification {
    # The body of Get-<Noun>Status: every verify step; the fix is in place when all pass.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        # Empty when the fix has no steps for this process's role: the checks of no context run.
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [string[]] $Context
    )
    $Context = @($Context)
    $checks = @()
    $test = $null
    foreach ($step in $script:VerifySteps) {
        $check = Invoke-FfHandler -Step $step -Parameters @{ Step = $step; Paths = $Paths; Context = $Context }
        if ($check.Test) { $test = $check.Test }
        $checks += $check
    }
    $isFixed = $true
    foreach ($check in $checks) { if (-not $check.Passed) { $isFixed = $false } }
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.Status') -Name @('FixId', 'ComputerName', 'IsFixed', 'Checks', 'Test', 'Context') -Value @{
        FixId = $script:FixId
        ComputerName = $env:COMPUTERNAME
        IsFixed = $isFixed
        Checks = $checks
        Test = $test
        # Whose steps were checked (a check of another context's folders was not made).
        Context = $Context
    }
}

function Start-FfSleep {
    # The one place the engine waits, so that tests do not.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [int] $Seconds)
    if ($Seconds -gt 0) { Start-Sleep -Seconds $Seconds }
}

function Get-FfSkipReason {
    # Why a repair step does not run in this call, or $null: the options every step takes.
    # Step entries are read with the indexer: a key the table lacks reads as $null under StrictMode.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [string[]] $Context,
        [string[]] $Include,
        [bool] $Stopped,
        [scriptblock] $Findings,
        [switch] $IgnoreWhen
    )
    if (-not ($Context -contains $Step['Context'])) { return ('context {0} not requested' -f $Step['Context']) }
    if ($Step['Optional'] -and -not ($Include -contains $Step['Id'])) { return ('optional step, not requested (-Include{0}{1})' -f $Step['Id'].Substring(0, 1).ToUpper(), $Step['Id'].Substring(1)) }
    if ($Stopped) { return 'an earlier step failed and stops the repair' }
    if ($Step['When'] -and -not $IgnoreWhen) {
        $finding = @(& $Findings | Where-Object { $_.StepId -eq $Step['When'] })[0]
        if (-not $finding -or -not $finding.Detected) { return ('detection {0} did not find the problem' -f $Step['When']) }
    }
    $null
}

function Invoke-FfRepairStep {
    # One step, with its retries: a failed attempt is tried again after the delay, up to the count.
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $attempts = 1 + [int]$Step['RetryCount']
    for ($attempt = 1; $attempt -le $attempts; $attempt++) {
        try {
            $result = Invoke-FfHandler -Step $Step -Parameters @{ Step = $Step; Paths = $Paths }
        }
        catch {
            $result = New-FfStepResult -Step $Step -Outcome 'Failed' -Message $_.Exception.Message -Problems @(New-FfProblem -Target $Step.Id -Reason $_.Exception.Message)
        }
        if ($result.Outcome -ne 'Failed' -or $attempt -eq $attempts) { break }
        Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: attempt {1} of {2} failed: {3}; trying again in {4} s' -f $Step.Id, $attempt, $attempts, $result.Message, [int]$Step['RetryDelaySeconds'])
        Start-FfSleep -Seconds ([int]$Step['RetryDelaySeconds'])
    }
    if ($Step['RebootRequired'] -and ($result.Outcome -eq 'Succeeded' -or $result.Outcome -eq 'Partial')) { $result.RebootRequired = $true }
    $result
}

function Invoke-FfRepair {
    # The body of Repair-<Noun>: the steps of the requested contexts, then the verification.
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        # Empty when the fix has no steps for this process's role (Get-FfDefaultContext).
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [string[]] $Context,
        # Ids of optional steps the caller asked for.
        [string[]] $Include = @(),
        # Runs every step whatever its `when` says and whatever failed before it: for tests that
        # exercise one step kind on its own.
        [switch] $EachStepAlone
    )
    $Context = @($Context)
    if ($Context.Count -eq 0) { return New-FfRoleSkippedRepair -Paths $Paths }
    # One run at a time per fix, machine-wide: GPO startup, Intune and an admin can overlap. -WhatIf
    # changes nothing, so it needs no turn.
    $lock = $null
    if (-not $WhatIfPreference) {
        $lock = Enter-FfRunLock
        if (-not $lock) { return New-FfInProgressRepair -Paths $Paths -Context $Context }
    }
    try { Invoke-FfRepairLocked -Paths $Paths -Context $Context -Include $Include -EachStepAlone:$EachStepAlone }
    finally { Exit-FfRunLock -Lock $lock }
}

function Get-FfRunLockWaitSeconds {
    # How long a run waits for another run of the same fix to finish before it reports "another run
    # in progress": longer than a repair takes, shorter than Group Policy's script timeout.
    [CmdletBinding()]
    param()
    120
}

function Enter-FfRunLock {
    # The named mutex Global\FixForge-<fix-id>, one for every session of the machine (System.Threading.Mutex:
    # the same on Windows PowerShell 2.0 and PowerShell 7, Windows and elsewhere). Waits up to
    # Get-FfRunLockWaitSeconds; the mutex when this run may go on, $null when another run still
    # holds it. A run that ended without releasing it (killed) leaves it abandoned: the next one
    # gets it, and says so (verbose). A mutex that a more privileged run (SYSTEM, an elevated admin)
    # holds cannot even be opened by a standard user's run: that is another run in progress too.
    [CmdletBinding()]
    param()
    try {
        $mutex = New-Object -TypeName System.Threading.Mutex -ArgumentList $false, ('Global\FixForge-' + $script:FixId)
    }
    catch {
        $exception = $_.Exception
        while ($exception.InnerException -and -not ($exception -is [System.UnauthorizedAccessException])) { $exception = $exception.InnerException }
        if ($exception -is [System.UnauthorizedAccessException]) { return $null }
        throw
    }
    try {
        if ($mutex.WaitOne([int](Get-FfRunLockWaitSeconds) * 1000, $false)) { return $mutex }
    }
    catch {
        $exception = $_.Exception
        if ($exception -is [System.Management.Automation.MethodInvocationException] -and $exception.InnerException) { $exception = $exception.InnerException }
        if ($exception -is [System.Threading.AbandonedMutexException]) {
            Write-Verbose 'The previous run ended without releasing the run lock: this run takes it over.'
            return $mutex
        }
        $mutex.Close()
        throw
    }
    $mutex.Close()
    $null
}

function Exit-FfRunLock {
    [CmdletBinding()]
    param($Lock)
    if (-not $Lock) { return }
    try { $Lock.ReleaseMutex() } finally { $Lock.Close() }
}

function New-FfRepairResult {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [Parameter(Mandatory = $true)] [string] $Status,
        [AllowEmptyCollection()] [string[]] $Context = @(),
        [object[]] $Steps = @(),
        [object[]] $Changes = @(),
        [object[]] $Problems = @(),
        [bool] $RebootRequired = $false,
        $Verification = $null
    )
    New-FfObject -TypeName ('FixForge.' + $script:FixId + '.RepairResult') -Name @('FixId', 'ComputerName', 'Status', 'Context', 'Steps', 'Changes', 'Problems', 'RebootRequired', 'Verification', 'LogPath') -Value @{
        FixId = $script:FixId
        ComputerName = $env:COMPUTERNAME
        Status = $Status
        Context = @($Context)
        Steps = @($Steps)
        Changes = @($Changes)
        Problems = @($Problems)
        RebootRequired = $RebootRequired
        Verification = $Verification
        LogPath = [System.IO.Path]::Combine($Paths.DataDirectory, ($script:FixId + '.log'))
    }
}

function New-FfInProgressRepair {
    # Status InProgress: another run of this fix held the run lock for the whole wait. Nothing was
    # changed; every step says so.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $Paths, [string[]] $Context)
    $reason = ('another run of {0} is in progress (it holds Global\FixForge-{0} after a wait of {1} s): nothing was changed' -f $script:FixId, (Get-FfRunLockWaitSeconds))
    $steps = @()
    foreach ($step in $script:RepairSteps) { $steps += New-FfStepResult -Step $step -Outcome 'Skipped' -Message $reason }
    Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: InProgress: {1}' -f $script:FixId, $reason)
    New-FfRepairResult -Paths $Paths -Status 'InProgress' -Context $Context -Steps $steps
}

function New-FfRoleSkippedRepair {
    # Status Skipped: the fix has no steps this process's role runs by default (a machine-only fix
    # called by a standard user, a user-only fix called as SYSTEM). Every step says why.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $Paths)
    $steps = @()
    foreach ($step in $script:RepairSteps) { $steps += New-FfStepResult -Step $step -Outcome 'Skipped' -Message (Get-FfRoleContextReason -Context $step['Context']) }
    New-FfRepairResult -Paths $Paths -Status 'Skipped' -Steps $steps
}

function Invoke-FfRepairLocked {
    # Invoke-FfRepair's work, while this run holds the run lock.
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [Parameter(Mandatory = $true)] [string[]] $Context,
        [string[]] $Include = @(),
        [switch] $EachStepAlone
    )
    $started = Get-Date
    Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0} {1}: repair started, context {2}' -f $script:FixId, $script:ModuleVersion, ($Context -join ', '))
    # Detection runs at most once, and only when a step's `when` needs it.
    $cache = @{}
    $findings = { if (-not $cache.ContainsKey('Test')) { $cache['Test'] = Invoke-FfDetection -Paths $Paths }; @($cache['Test'].Findings) }
    $steps = @()
    $stopped = $false
    foreach ($step in $script:RepairSteps) {
        $skip = Get-FfSkipReason -Step $step -Context $Context -Include $Include -Stopped ($stopped -and -not $EachStepAlone) -Findings $findings -IgnoreWhen:$EachStepAlone
        if ($skip -and -not ($Context -contains $step['Context']) -and -not (@(Get-FfDefaultContext -Available @($step['Context'])).Count -gt 0)) {
            # Not this role's by default either: say what it takes.
            $skip = Get-FfRoleContextReason -Context $step['Context']
        }
        if ($skip) {
            # Reported, not hidden: the result says which steps this run left out, and why.
            Write-Verbose ('Skipping {0}: {1}' -f $step.Id, $skip)
            $steps += New-FfStepResult -Step $step -Outcome 'Skipped' -Message $skip
            continue
        }
        Write-Verbose ('Repair step {0}' -f $step.Id)
        $result = Invoke-FfRepairStep -Step $step -Paths $Paths
        foreach ($problem in @($result.Problems)) {
            Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1}: {2}' -f $step.Id, $problem.Target, $problem.Reason)
        }
        if (($result.Outcome -eq 'Failed' -or $result.Outcome -eq 'Refused') -and $step['OnFailure'] -eq 'stop') { $stopped = $true }
        $steps += $result
    }
    $status = 'Repaired'
    foreach ($result in $steps) {
        if ($result.Outcome -eq 'Failed' -or $result.Outcome -eq 'Refused') { $status = 'Failed' }
        elseif ($result.Outcome -eq 'Partial' -and $status -ne 'Failed') { $status = 'Partial' }
        elseif ($result.Outcome -eq 'WhatIf' -and $status -eq 'Repaired') { $status = 'WhatIf' }
    }
    $changes = @()
    $problems = @()
    $rebootRequired = $false
    foreach ($result in $steps) {
        $changes += $result.Changes
        $problems += $result.Problems
        if ($result.RebootRequired) { $rebootRequired = $true }
    }
    $verification = $null
    if ($status -eq 'Repaired' -or $status -eq 'Partial') {
        try {
            Set-FfLastRepairTime -DataDirectory $Paths.DataDirectory -Time $started
        }
        catch {
            Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('Cannot record the repair time: ' + $_.Exception.Message)
        }
        $verification = Invoke-FfVerification -Paths $Paths -Context $Context
    }
    $repair = New-FfRepairResult -Paths $Paths -Status $status -Context $Context -Steps $steps -Changes $changes -Problems $problems -RebootRequired $rebootRequired -Verification $verification
    if ($status -ne 'WhatIf') {
        Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1}' -f $script:FixId, (Get-FfRepairSummary -Repair $repair))
    }
    $repair
}
#endregion
