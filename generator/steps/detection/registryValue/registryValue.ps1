# detect.registryValue, and the registry layer repair.registryValue builds on: reading values,
# finding the hives a step reaches (HKLM, HKCU, or every profile's hive, loaded for the run when
# its user is not logged on) and comparing values. Windows PowerShell 2.0-safe (.NET 2.0).
# .NET 2.0 has no RegistryView: a 32-bit process on 64-bit Windows sees the WOW6432Node view of
# HKLM\Software, so the engine needs a native (64-bit) process; the generated scripts relaunch
# themselves as one. Every registry call sits in the small Get-/Mount-/Dismount- functions below,
# so that tests can stand in for them on a machine without a registry.

function Test-FfRegistryPresent {
    # Whether this platform has a registry: pwsh on Linux and macOS has the types, but no hives.
    [CmdletBinding()]
    param()
    $null -ne [Microsoft.Win32.Registry]::LocalMachine
}

function Open-FfRegistryBaseKey {
    # 'HKLM', 'HKCU' or 'HKU\<name>' (a loaded user hive): the key a relative path starts from.
    # Close it with Close-FfRegistryBaseKey: an open key of a loaded hive makes its unload fail.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Root)
    if (-not (Test-FfRegistryPresent)) { throw 'This platform has no registry.' }
    switch -regex ($Root) {
        '^HKLM$' { return [Microsoft.Win32.Registry]::LocalMachine }
        '^HKCU$' { return [Microsoft.Win32.Registry]::CurrentUser }
        '^HKU\\[^\\]+$' {
            $hive = [Microsoft.Win32.Registry]::Users.OpenSubKey($Root.Substring(4), $true)
            if (-not $hive) { throw ('The user hive {0} is not loaded.' -f $Root) }
            return $hive
        }
        default { throw ('Unknown registry root ''{0}''.' -f $Root) }
    }
}

function Close-FfRegistryBaseKey {
    # Closes what Open-FfRegistryBaseKey opened for a user hive (HKLM and HKCU are shared objects
    # of .NET and stay open), so that no handle of ours keeps the hive from being unloaded.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Root, $Key)
    if ($Key -and $Root -like 'HKU\*') { $Key.Close() }
}

function Get-FfRegistryValue {
    # A value's type and data, or $null when the key or the value is absent. Environment variables
    # in an ExpandString are left unexpanded, so the raw data is compared and recorded. A platform
    # without a registry holds no values (as Get-FfProfileListEntry lists no profiles there).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Root,
        [Parameter(Mandatory = $true)] [string] $Key,
        [Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Name
    )
    if (-not (Test-FfRegistryPresent)) { return $null }
    $base = Open-FfRegistryBaseKey -Root $Root
    $subKey = $null
    try {
        $subKey = $base.OpenSubKey($Key, $false)
        if (-not $subKey) { return $null }
        if (-not (@($subKey.GetValueNames()) -contains $Name)) { return $null }
        $kind = $subKey.GetValueKind($Name)
        $data = $subKey.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
        New-FfObject -TypeName 'FixForge.RegistryValue' -Name @('Type', 'Data') -Value @{ Type = [string]$kind; Data = $data }
    }
    finally {
        if ($subKey) { $subKey.Close() }
        Close-FfRegistryBaseKey -Root $Root -Key $base
    }
}

function Get-FfLoadedUserHive {
    # The user hives loaded under HKEY_USERS (users logged on, or running something), with the
    # profile folder ProfileList gives for each SID. None where there is no registry.
    [CmdletBinding()]
    param()
    if (-not (Test-FfRegistryPresent)) { return }
    $list = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList', $false)
    foreach ($sid in @([Microsoft.Win32.Registry]::Users.GetSubKeyNames())) {
        if ($sid -like '*_Classes' -or -not ($sid -like 'S-1-5-21-*' -or $sid -like 'S-1-12-1-*')) { continue }
        $profilePath = $null
        if ($list) {
            $entry = $list.OpenSubKey($sid, $false)
            if ($entry) {
                $profilePath = [Environment]::ExpandEnvironmentVariables([string]$entry.GetValue('ProfileImagePath', ''))
                $entry.Close()
            }
        }
        New-FfObject -TypeName 'FixForge.LoadedUserHive' -Name @('Sid', 'ProfilePath') -Value @{ Sid = $sid; ProfilePath = $profilePath }
    }
    if ($list) { $list.Close() }
}

function Get-FfLoadedHiveName {
    # The names of the keys under HKEY_USERS: the hives loaded right now. None without a registry.
    [CmdletBinding()]
    param()
    if (-not (Test-FfRegistryPresent)) { return }
    @([Microsoft.Win32.Registry]::Users.GetSubKeyNames())
}

function Test-FfProcessAlive {
    # Whether a process with this id runs now.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [int] $Id)
    try { $null -ne [System.Diagnostics.Process]::GetProcessById($Id) } catch { $false }
}

function Wait-FfHiveRelease {
    # The pause between two unload attempts: the one place the registry layer waits, so that
    # tests do not.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [int] $Milliseconds)
    Start-Sleep -Milliseconds $Milliseconds
}

function Get-FfRegExePath {
    # reg.exe by full path (a bare name would find a planted copy first), the native one.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $WindowsDirectory)
    Resolve-FfWindowsPath -WindowsDirectory $WindowsDirectory -Segments @('System32', 'reg.exe')
}

function Mount-FfUserHive {
    # Loads a hive file under HKEY_USERS\<Name> with reg.exe, which enables the backup and restore
    # privileges itself (a .NET 2.0 process cannot load a hive without P/Invoke).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Name,
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [string] $WindowsDirectory
    )
    $run = Invoke-FfNativeCommand -FilePath (Get-FfRegExePath -WindowsDirectory $WindowsDirectory) -ArgumentList @('load', ('HKU\' + $Name), $Path)
    if ($run.ExitCode -ne 0) { throw ('reg.exe load {0} failed with exit code {1}: {2}' -f $Path, $run.ExitCode, ($run.Output -join ' ')) }
}

function Dismount-FfUserHive {
    # Unloads a hive Mount-FfUserHive loaded. Any open handle into the hive makes the unload fail:
    # the engine closes every key it opens (Close-FfRegistryBaseKey), and collects what .NET may
    # still hold; another program (an antivirus scanning the file, the search indexer) can hold one
    # for seconds, so the unload is tried 8 times over about 12 s before it is given up.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Name,
        [Parameter(Mandatory = $true)] [string] $WindowsDirectory
    )
    $regExe = Get-FfRegExePath -WindowsDirectory $WindowsDirectory
    $run = $null
    $waits = @(250, 500, 1000, 1500, 2000, 3000, 3500)
    for ($attempt = 0; $attempt -le $waits.Count; $attempt++) {
        [GC]::Collect()
        [GC]::WaitForPendingFinalizers()
        $run = Invoke-FfNativeCommand -FilePath $regExe -ArgumentList @('unload', ('HKU\' + $Name))
        if ($run.ExitCode -eq 0) { return }
        if ($attempt -lt $waits.Count) { Wait-FfHiveRelease -Milliseconds $waits[$attempt] }
    }
    throw ('reg.exe unload HKU\{0} failed {1} times, last with exit code {2}: {3}' -f $Name, ($waits.Count + 1), $run.ExitCode, ($run.Output -join ' '))
}

function Get-FfRegistryHive {
    # The hives a step reaches: HKLM (System), HKCU (CurrentUser), or every profile from
    # Get-FfUserProfilePath (EveryUser): its hive under HKEY_USERS\<SID> when loaded, else its
    # NTUSER.DAT to load for the run. SYSTEM loads that file from a folder its user owns: when the
    # folder or the file is a link or junction, the hive comes with a Refusal and is never loaded.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Scope,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $names = @('Label', 'Root', 'File', 'Refusal')
    switch ($Scope) {
        'System' { return New-FfObject -TypeName 'FixForge.RegistryHive' -Name $names -Value @{ Label = 'HKLM'; Root = 'HKLM' } }
        'CurrentUser' { return New-FfObject -TypeName 'FixForge.RegistryHive' -Name $names -Value @{ Label = 'HKCU'; Root = 'HKCU' } }
        'EveryUser' {
            # Hives an earlier run left loaded first: their users would get a TEMP profile, and
            # their files could not be loaded again. One that stays loaded is named as a refusal.
            foreach ($orphan in @(Dismount-FfOrphanHive -Paths $Paths)) {
                New-FfObject -TypeName 'FixForge.RegistryHive' -Name $names -Value @{ Label = $orphan.Label; Refusal = $orphan.Refusal }
            }
            $loaded = @(Get-FfLoadedUserHive)
            foreach ($userProfile in @(Get-FfUserProfilePath -ProfileDirectory $Paths.ProfileDirectory -WindowsDirectory $Paths.WindowsDirectory)) {
                $match = @($loaded | Where-Object { $_.ProfilePath -and ([string]$_.ProfilePath).TrimEnd('\').Equals($userProfile.TrimEnd('\'), [StringComparison]::OrdinalIgnoreCase) })
                if ($match.Count -gt 0) {
                    New-FfObject -TypeName 'FixForge.RegistryHive' -Name $names -Value @{ Label = $userProfile; Root = ('HKU\' + $match[0].Sid) }
                    continue
                }
                $file = [System.IO.Path]::Combine($userProfile, 'NTUSER.DAT')
                if (-not [System.IO.File]::Exists($file)) {
                    # A profile folder without a hive has no registry to read or change.
                    Write-Verbose ('No hive in {0}: nothing to do there.' -f $userProfile)
                    continue
                }
                $refusal = Get-FfPathRefusal -Root $userProfile -Path $file
                New-FfObject -TypeName 'FixForge.RegistryHive' -Name $names -Value @{ Label = $userProfile; File = $file; Refusal = $refusal }
            }
        }
        default { throw ('Unknown registry scope ''{0}''.' -f $Scope) }
    }
}

function Open-FfRegistryHive {
    # The root to use for a hive from Get-FfRegistryHive, loading its file first when needed.
    # Call Close-FfRegistryHive with the same object in a finally block: a hive left loaded keeps
    # its user from logging on with their own profile.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $Hive,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    if ($Hive.Refusal) { throw ('Not loaded: ' + $Hive.Refusal) }
    if (-not $Hive.File) { return $Hive.Root }
    # The process id in the name tells a hive of a run still going from an orphan (Dismount-FfOrphanHive).
    $name = 'FixForge_{0}_{1}' -f $PID, [guid]::NewGuid().ToString('N')
    Mount-FfUserHive -Name $name -Path $Hive.File -WindowsDirectory $Paths.WindowsDirectory
    $Hive.Root = 'HKU\' + $name
    $Hive.Root
}

function Close-FfRegistryHive {
    # Unloads what Open-FfRegistryHive loaded; nothing for HKLM, HKCU and hives of logged-on users.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] $Hive,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    if (-not $Hive.File -or -not $Hive.Root) { return }
    $root = $Hive.Root
    $Hive.Root = $null
    try { Dismount-FfUserHive -Name $root.Substring(4) -WindowsDirectory $Paths.WindowsDirectory }
    catch { throw ('{0} ({1}) is still loaded: {2}' -f $root, $Hive.File, $_.Exception.Message) }
}

function Dismount-FfOrphanHive {
    # Unloads the hives earlier runs loaded and could not unload (HKU\FixForge_<pid>_<guid> of a
    # process that no longer runs, or FixForge_<guid> of a version before the process id was in
    # the name). Returns one @{ Label; Refusal } per hive that stays loaded.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $Paths)
    foreach ($name in @(Get-FfLoadedHiveName)) {
        if ($name -notlike 'FixForge_*') { continue }
        if ($name -match '^FixForge_(\d+)_[0-9a-fA-F]{32}$') {
            $owner = [int]$Matches[1]
            if ($owner -ne $PID -and (Test-FfProcessAlive -Id $owner)) { continue }
        }
        elseif ($name -notmatch '^FixForge_[0-9a-fA-F]{32}$') { continue }
        try {
            Dismount-FfUserHive -Name $name -WindowsDirectory $Paths.WindowsDirectory
            Write-Verbose ('HKU\{0}, left loaded by an earlier run, is unloaded.' -f $name)
        }
        catch {
            @{ Label = ('HKU\' + $name); Refusal = ('left loaded by an earlier run, and still loaded: ' + $_.Exception.Message) }
        }
    }
}

function Get-FfRegistryViewRefusal {
    # Why this process must not touch the step's hive, or $null. .NET 2.0 cannot open the 64-bit
    # view from a 32-bit process, which would read and write HKLM\Software\WOW6432Node instead.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $Step)
    if ($Step.Scope -eq 'System' -and (Test-FfWow64Process)) {
        return 'a 32-bit PowerShell sees the 32-bit view of HKLM: run the 64-bit (native) PowerShell'
    }
    $null
}

function Format-FfRegistryValue {
    # One unambiguous text for a value, to compare, to log and to record in a change so that it
    # can be undone: 'absent', DWord:1, String:'text' (quotes doubled), MultiString:@('a', 'b'),
    # Binary:01ff. DWord and QWord are unsigned: .NET reads them as signed integers.
    [CmdletBinding()]
    param([string] $Type, [object] $Data, [switch] $Absent)
    if ($Absent) { return 'absent' }
    switch ($Type) {
        'String' { return "String:'" + ([string]$Data).Replace("'", "''") + "'" }
        'ExpandString' { return "ExpandString:'" + ([string]$Data).Replace("'", "''") + "'" }
        'DWord' {
            $number = [Int64]$Data
            if ($number -lt 0) { $number += 4294967296 }
            return 'DWord:' + $number.ToString([System.Globalization.CultureInfo]::InvariantCulture)
        }
        'QWord' {
            $number = [Int64]$Data
            $unsigned = [BitConverter]::ToUInt64([BitConverter]::GetBytes($number), 0)
            return 'QWord:' + $unsigned.ToString([System.Globalization.CultureInfo]::InvariantCulture)
        }
        'MultiString' {
            $items = @()
            foreach ($item in @($Data)) { $items += "'" + ([string]$item).Replace("'", "''") + "'" }
            return 'MultiString:@(' + ($items -join ', ') + ')'
        }
        'Binary' {
            $hex = ''
            foreach ($byte in @($Data)) { $hex += ([byte]$byte).ToString('x2') }
            return 'Binary:' + $hex
        }
        default { return ('{0}:{1}' -f $Type, [string]$Data) }
    }
}

function Format-FfRegistryCurrent {
    # The text of what Get-FfRegistryValue returned ($null: absent).
    [CmdletBinding()]
    param([object] $Value)
    if ($null -eq $Value) { return (Format-FfRegistryValue -Absent) }
    Format-FfRegistryValue -Type $Value.Type -Data $Value.Data
}

function Get-FfRegistryTarget {
    # Where a value lives, for messages and changes: <hive or profile>\<key>\<name>.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $Step, [Parameter(Mandatory = $true)] [string] $Label)
    $name = $Step.ValueName
    if (-not $name) { $name = '(default)' }
    '{0}\{1}\{2}' -f $Label, $Step.Key, $name
}

function Test-FfRegistryState {
    # Whether a value (its Format-FfRegistryValue text) is in the step's State.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [hashtable] $Step, [Parameter(Mandatory = $true)] [string] $Current)
    $wanted = $null
    if ($Step.ContainsKey('ValueType')) { $wanted = Format-FfRegistryValue -Type $Step.ValueType -Data $Step.ValueData }
    switch ($Step.State) {
        'exists' { return $Current -ne 'absent' }
        'missing' { return $Current -eq 'absent' }
        'equals' { return $Current -ceq $wanted }
        'differs' { return $Current -cne $wanted }
        default { throw ('Unknown registry state ''{0}''.' -f $Step.State) }
    }
}

function Invoke-FfRegistryValueDetection {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths,
        [object] $LastRepair
    )
    $refusal = Get-FfRegistryViewRefusal -Step $Step
    if ($refusal) { return New-FfFinding -Step $Step -ErrorText ('Not read: ' + $refusal) }
    $details = @()
    $errors = @()
    # Where the state does not hold (or could not be read): a check needs it nowhere.
    $unmatched = @()
    try { $hives = @(Get-FfRegistryHive -Scope $Step.Scope -Paths $Paths) }
    catch { return New-FfFinding -Step $Step -ErrorText ('Could not list the hives: ' + $_.Exception.Message) }
    foreach ($hive in $hives) {
        $target = Get-FfRegistryTarget -Step $Step -Label $hive.Label
        try {
            $root = Open-FfRegistryHive -Hive $hive -Paths $Paths
            $current = Format-FfRegistryCurrent -Value (Get-FfRegistryValue -Root $root -Key $Step.Key -Name $Step.ValueName)
            if (Test-FfRegistryState -Step $Step -Current $current) { $details += ('{0} = {1}' -f $target, $current) }
            else { $unmatched += ('{0} = {1}' -f $target, $current) }
        }
        catch {
            $errors += ('{0}: {1}' -f $target, $_.Exception.Message)
            $unmatched += ('{0}: {1}' -f $target, $_.Exception.Message)
        }
        finally {
            try { Close-FfRegistryHive -Hive $hive -Paths $Paths }
            catch { $errors += ('{0}: {1}' -f $target, $_.Exception.Message) }
        }
    }
    if ($errors.Count -gt 0) {
        return New-FfFinding -Step $Step -Count $details.Count -Details $details -ErrorText ('Could not read: ' + ($errors -join '; ')) -Unmatched $unmatched
    }
    New-FfFinding -Step $Step -Count $details.Count -Details $details -Unmatched $unmatched
}
