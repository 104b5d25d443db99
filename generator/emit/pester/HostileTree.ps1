# The hostile tree: what an ordinary user (or the LocalService account) can put in a folder they
# own before a SYSTEM run, built under a test folder. Shared by the generated module tests (the
# emitter appends this file to Harness.ps1) and the engine's unit tests (they dot-source it); the
# wine suite builds the same cases from its description (docs/security.md). Real PowerShell 5.1+.
#
#   $case = New-HostileCase -Anchor $profile -Segments @('AppData', 'Cache') -Outside $outside -LinkAt 2
#   ... run the step ...
#   Assert-HostileSentinel $case        # every file outside is still there, unchanged
#
# A case links one component of the way down (LinkAt: 0 = the anchor itself, e.g. the profile
# folder; Segments.Count = the target folder) to a copy of the rest of the way under Outside, with
# sentinel files in every folder of the copy: following the link would delete or read them.
# New-HostileContent fills a real target folder with the entries a user can plant inside it.
# Links are symbolic links (pwsh on Linux shows them as ReparsePoint, like junctions on Windows);
# on Windows, folder links are junctions (no privilege needed, as for the attacker).

function New-HostileLink {
    # A link at Path to the folder or file Target (which need not exist: a dangling link).
    param([Parameter(Mandatory = $true)] [string] $Path, [Parameter(Mandatory = $true)] [string] $Target, [switch] $File)
    $windows = [System.IO.Path]::DirectorySeparatorChar -eq '\'
    if ($windows -and -not $File) { [void](New-Item -ItemType Junction -Path $Path -Value $Target) }
    else { [void](New-Item -ItemType SymbolicLink -Path $Path -Value $Target) }
    if (-not (([System.IO.File]::GetAttributes($Path) -band [System.IO.FileAttributes]::ReparsePoint) -ne 0)) {
        throw ('The test could not make a link at ' + $Path)
    }
}

function New-HostileSentinel {
    # A file that must survive: its content names it.
    param([Parameter(Mandatory = $true)] [string] $Folder, [string] $Name = 'sentinel.txt')
    [void][System.IO.Directory]::CreateDirectory($Folder)
    $file = [System.IO.Path]::Combine($Folder, $Name)
    [System.IO.File]::WriteAllText($file, ('sentinel ' + $file))
    $file
}

function Get-HostileLinkDepth {
    # Every depth a link can be planted at for a target Segments.Count folders below its anchor.
    param([string[]] $Segments)
    0..@($Segments).Count
}

function New-HostileCase {
    # Plants a link at depth LinkAt on the way from Anchor down to Anchor\Segments. Returns the
    # case: the Target folder the step is given, the Link, the Sentinels outside.
    param(
        [Parameter(Mandatory = $true)] [string] $Anchor,
        [string[]] $Segments = @(),
        [Parameter(Mandatory = $true)] [string] $Outside,
        [Parameter(Mandatory = $true)] [int] $LinkAt
    )
    $Segments = @($Segments)
    if ($LinkAt -lt 0 -or $LinkAt -gt $Segments.Count) { throw ('LinkAt {0} is outside 0..{1}' -f $LinkAt, $Segments.Count) }
    $link = $Anchor
    for ($i = 0; $i -lt $LinkAt; $i++) { $link = [System.IO.Path]::Combine($link, $Segments[$i]) }
    $target = $link
    for ($i = $LinkAt; $i -lt $Segments.Count; $i++) { $target = [System.IO.Path]::Combine($target, $Segments[$i]) }
    # The copy the link leads to: the rest of the way, a sentinel in every folder, content in the last.
    $victim = [System.IO.Path]::Combine($Outside, ('victim-{0}-{1}' -f $LinkAt, [guid]::NewGuid().ToString('N').Substring(0, 8)))
    $sentinels = @()
    $folder = $victim
    $sentinels += New-HostileSentinel -Folder $folder
    for ($i = $LinkAt; $i -lt $Segments.Count; $i++) {
        $folder = [System.IO.Path]::Combine($folder, $Segments[$i])
        $sentinels += New-HostileSentinel -Folder $folder
    }
    $sentinels += New-HostileSentinel -Folder $folder -Name 'entry1.bin'
    $sentinels += New-HostileSentinel -Folder ([System.IO.Path]::Combine($folder, 'sub')) -Name 'nested.bin'
    # The way down to the link is real; whatever stood at the link's place goes (an empty folder).
    $parent = [System.IO.Path]::GetDirectoryName($link)
    [void][System.IO.Directory]::CreateDirectory($parent)
    if ([System.IO.Directory]::Exists($link)) { [System.IO.Directory]::Delete($link, $true) }
    New-HostileLink -Path $link -Target $victim
    New-Object -TypeName PSObject -Property @{ LinkAt = $LinkAt; Link = $link; Target = $target; Victim = $victim; Sentinels = $sentinels }
}

function Get-HostileOddName {
    # Names that break quoting, wildcards, trimming or code pages. ASCII source: the others are built.
    $names = @(' leading space', 'trailing space ', 'with space.dat', 'a&b (c).tmp', ';semi,colon=eq', 'caret^bang!', 'percent%20%x%', 'dollar$x', 'back`tick', 'wild*card?', '[brackets]', 'dots...', "quote'single", '-dash', '#hash')
    $names += ('unicode-' + [string][char]0x00E9 + [string][char]0x65E5 + [string][char]0x672C)
    $names += ('long-' + ('x' * 200))
    if ([System.IO.Path]::DirectorySeparatorChar -ne '\') { $names += @('back\slash', 'quote"double', 'pipe|lt<gt>', 'colon:name') }
    $names
}

function New-HostileContent {
    # Fills a real folder with what a user can plant inside it, and returns what the test needs:
    #   Sentinels   files outside that links inside point to (must survive)
    #   Links       links inside (to be removed as links): to a folder and a file outside, dangling,
    #               a loop to the folder itself and to its parent
    #   Plain       ordinary entries, odd names, read-only, deep paths over 260 characters
    #   Unreadable  a subfolder the test makes unreadable (mock Get-FfDirectoryEntry for it: the
    #               suites run as root, which chmod does not stop); it and its file stay
    #   Bulk        the folder of BulkCount files, when asked for
    param(
        [Parameter(Mandatory = $true)] [string] $Folder,
        [Parameter(Mandatory = $true)] [string] $Outside,
        [int] $BulkCount = 0
    )
    [void][System.IO.Directory]::CreateDirectory($Folder)
    $sentinels = @()
    $links = @()
    $plain = @()
    $outsideDir = [System.IO.Path]::Combine($Outside, ('inside-target-' + [guid]::NewGuid().ToString('N').Substring(0, 8)))
    $sentinels += New-HostileSentinel -Folder $outsideDir
    $sentinels += New-HostileSentinel -Folder ([System.IO.Path]::Combine($outsideDir, 'deeper')) -Name 'deep.txt'
    $outsideFile = New-HostileSentinel -Folder $outsideDir -Name 'file-target.txt'
    $sentinels += $outsideFile
    $pairs = @(
        @('link-to-outside-folder', $outsideDir, $false),
        @('link-to-outside-file', $outsideFile, $true),
        @('dangling-link', ([System.IO.Path]::Combine($Outside, 'does-not-exist')), $true),
        @('loop-to-self', $Folder, $false),
        @('loop-to-parent', ([System.IO.Path]::GetDirectoryName($Folder)), $false)
    )
    foreach ($pair in $pairs) {
        $path = [System.IO.Path]::Combine($Folder, $pair[0])
        New-HostileLink -Path $path -Target $pair[1] -File:([bool]$pair[2])
        $links += $path
    }
    $nested = [System.IO.Path]::Combine($Folder, 'nested')
    [void][System.IO.Directory]::CreateDirectory($nested)
    $inNested = [System.IO.Path]::Combine($nested, 'link-in-nested')
    New-HostileLink -Path $inNested -Target $outsideDir
    $links += $inNested
    foreach ($name in @(Get-HostileOddName)) {
        $file = [System.IO.Path]::Combine($Folder, $name)
        [System.IO.File]::WriteAllText($file, 'odd')
        $plain += $file
    }
    $oddFolder = [System.IO.Path]::Combine($Folder, ' odd folder & (x)')
    [void][System.IO.Directory]::CreateDirectory($oddFolder)
    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($oddFolder, 'in-odd.bin'), 'odd')
    $plain += $oddFolder
    $readOnly = [System.IO.Path]::Combine($Folder, 'read-only.bin')
    [System.IO.File]::WriteAllText($readOnly, 'read-only')
    [System.IO.File]::SetAttributes($readOnly, [System.IO.FileAttributes]::ReadOnly)
    $plain += $readOnly
    # Deep: a path well over 260 characters (MAX_PATH), reported and not fatal where it fails.
    $deep = [System.IO.Path]::Combine($Folder, 'deep')
    for ($i = 0; $i -lt 6; $i++) { $deep = [System.IO.Path]::Combine($deep, ('level{0}-{1}' -f $i, ('d' * 50))) }
    [void][System.IO.Directory]::CreateDirectory($deep)
    $deepFile = [System.IO.Path]::Combine($deep, 'deep-file.bin')
    [System.IO.File]::WriteAllText($deepFile, 'deep')
    $plain += $deepFile
    $unreadable = [System.IO.Path]::Combine($Folder, 'unreadable')
    [void][System.IO.Directory]::CreateDirectory($unreadable)
    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($unreadable, 'locked-in.bin'), 'x')
    $bulk = $null
    if ($BulkCount -gt 0) {
        $bulk = [System.IO.Path]::Combine($Folder, 'bulk')
        [void][System.IO.Directory]::CreateDirectory($bulk)
        for ($i = 0; $i -lt $BulkCount; $i++) { [System.IO.File]::WriteAllText([System.IO.Path]::Combine($bulk, ('f{0:D5}.bin' -f $i)), 'b') }
    }
    New-Object -TypeName PSObject -Property @{ Folder = $Folder; Sentinels = $sentinels; Links = $links; Plain = $plain; Unreadable = $unreadable; Bulk = $bulk; DeepFile = $deepFile }
}

function Test-HostileSentinel {
    # The sentinels that are gone or changed (nothing when all survived).
    param([Parameter(Mandatory = $true)] [object[]] $Sentinels)
    foreach ($file in $Sentinels) {
        if (-not [System.IO.File]::Exists($file) -or [System.IO.File]::ReadAllText($file) -ne ('sentinel ' + $file)) { $file }
    }
}

function Test-HostileLinkGone {
    # Whether a link no longer exists (as a link: File.Exists and Directory.Exists follow links).
    param([Parameter(Mandatory = $true)] [string] $Path)
    try { [void][System.IO.File]::GetAttributes($Path); $false } catch { $true }
}

function Remove-HostileLink {
    # Removes links as links (a test that leaves loops behind would hang the removal of $TestDrive).
    param([string[]] $Path)
    foreach ($link in $Path) {
        try { $attributes = [System.IO.File]::GetAttributes($link) } catch { continue }
        if (($attributes -band [System.IO.FileAttributes]::ReparsePoint) -eq 0) { continue }
        if (($attributes -band [System.IO.FileAttributes]::Directory) -ne 0) {
            try { [System.IO.Directory]::Delete($link, $false) } catch { [System.IO.File]::Delete($link) }
        }
        else { [System.IO.File]::Delete($link) }
    }
}
