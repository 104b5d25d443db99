# Fakes for the engine core's own OS functions (generator/engine/Core.ps1), included in every
# generated module test file after the harness (generator/emit/pester/Harness.ps1). A fake stands
# in only for one of the engine's small functions, never for a built-in cmdlet, and behaves as
# Windows documents; its real body is covered by the per-edition static check (test/pwsh).
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

# The Windows models below are plain functions: the engine's own unit tests (Core.Tests.ps1, the
# kinds' *.Tests.ps1) dot-source this file too, without a module; the default mocks are set only
# where there is one ($ModuleName, the generated tests).

function Remove-FakeWindowsDirectory {
    # RemoveDirectory on Windows: a read-only folder is refused ("Access to the path is denied"),
    # a folder with entries too; Linux, as root, removes a read-only one.
    param([Parameter(Mandatory = $true)] [string] $Path)
    if (([System.IO.File]::GetAttributes($Path) -band [System.IO.FileAttributes]::ReadOnly) -ne 0) {
        throw (New-Object -TypeName System.IO.IOException -ArgumentList ('Access to the path ''{0}'' is denied.' -f $Path))
    }
    [System.IO.Directory]::Delete($Path, $false)
}

function Remove-FakeWindowsFile {
    # DeleteFile on Windows: a read-only file is refused; a file named in -InUse is open without
    # delete sharing (CryptSvc, a loaded profile) and stays.
    param([Parameter(Mandatory = $true)] [string] $Path, [string[]] $InUse = @())
    if ($InUse -contains $Path) {
        throw (New-Object -TypeName System.IO.IOException -ArgumentList ('The process cannot access the file ''{0}'' because it is being used by another process.' -f $Path))
    }
    if (([System.IO.File]::GetAttributes($Path) -band [System.IO.FileAttributes]::ReadOnly) -ne 0) {
        throw (New-Object -TypeName System.UnauthorizedAccessException -ArgumentList ('Access to the path ''{0}'' is denied.' -f $Path))
    }
    [System.IO.File]::Delete($Path)
}

function New-FakeConsoleProgram {
    # A stand-in for a console program (reg.exe, sc.exe) as Windows PowerShell 2.0 to 5.1 runs it:
    # a script run in the caller's session, so that each stderr line becomes an error record in
    # the error stream, which the caller's $ErrorActionPreference decides about, as it does for a
    # native program behind 2>&1 there (pwsh 7 no longer does that for real programs). It answers
    # the Nth call with the Nth entry of -Answers (@{ ExitCode; Stdout; Stderr }), the last one
    # ever after; calls and their arguments are kept in files beside it. Returns the stand-in's path.
    param([Parameter(Mandatory = $true)] [string] $Directory, [Parameter(Mandatory = $true)] [hashtable[]] $Answers)
    [void][System.IO.Directory]::CreateDirectory($Directory)
    $path = [System.IO.Path]::Combine($Directory, ('program-' + [guid]::NewGuid().ToString('N') + '.ps1'))
    $quote = { param([string] $Text) "'" + $Text.Replace("'", "''") + "'" }
    $lines = @(
        ('$counter = ' + (& $quote ($path + '.calls')))
        '$n = 0'
        'if (Test-Path -LiteralPath $counter) { $n = [int](Get-Content -LiteralPath $counter) }'
        '$n++'
        'Set-Content -LiteralPath $counter -Value $n'
        'Add-Content -LiteralPath ($counter + ''.args'') -Value ($args -join '' '')'
        '$answers = @('
    )
    foreach ($answer in $Answers) {
        $lines += ('    @' + '{ ExitCode = ' + [int]$answer['ExitCode'] + '; Stdout = ' + (& $quote ([string]$answer['Stdout'])) + '; Stderr = ' + (& $quote ([string]$answer['Stderr'])) + ' }')
    }
    $lines += @(
        ')'
        '$answer = $answers[[Math]::Min($n, $answers.Count) - 1]'
        'if ($answer.Stdout) { $answer.Stdout }'
        'if ($answer.Stderr) { Write-Error -Message $answer.Stderr }'
        'exit $answer.ExitCode'
    )
    [System.IO.File]::WriteAllText($path, ($lines -join "`n"))
    $path
}

function Get-FakeConsoleProgramCall {
    # The argument line of each call a stand-in from New-FakeConsoleProgram answered.
    param([Parameter(Mandatory = $true)] [string] $Path)
    $file = $Path + '.calls.args'
    if (-not (Test-Path -LiteralPath $file)) { return @() }
    @(Get-Content -LiteralPath $file)
}

function New-FakeProfileDisk {
    # A User Profile Disk as the profile service mounts it: the profile folder itself is a reparse
    # point (a volume mount point; a symbolic link to the disk's folder stands in for it here) and
    # the volume mounted there is a volume GUID path. Returns the mount point, as
    # Get-FfVolumeMountPoint lists it, and the ProfileList entry that names the folder.
    param([Parameter(Mandatory = $true)] [string] $Path, [Parameter(Mandatory = $true)] [string] $Disk)
    [void][System.IO.Directory]::CreateDirectory($Disk)
    [void](New-Item -ItemType SymbolicLink -Path $Path -Target $Disk)
    @{
        MountPoint = New-Object -TypeName PSObject -Property @{ Directory = ($Path + '\'); Volume = ('\\?\Volume{' + [guid]::NewGuid().ToString() + '}\') }
        ProfileListEntry = New-Object -TypeName PSObject -Property @{ KeyName = 'S-1-5-21-1-2-3-1001'; ProfileImagePath = $Path; State = 0; ProfilesDirectory = $null }
    }
}

#region The process role (Get-FfProcessRole: the one place the process token is read)
# The tests run as an elevated administrator (every context is theirs) unless a case says
# otherwise with Set-FakeProcessRole; Reset-FakeProcessRole (in its AfterEach) puts that back.
$FakeProcessRole = @{ Role = 'Administrator' }

function Set-FakeProcessRole {
    # SYSTEM (S-1-5-18), an elevated member of Administrators, or a standard user: what Windows
    # gives the token of an Intune or GPO startup run, an admin's elevated console, a user's.
    param([Parameter(Mandatory = $true)] [ValidateSet('System', 'Administrator', 'User')] [string] $Role)
    $FakeProcessRole.Role = $Role
}

function Reset-FakeProcessRole {
    $FakeProcessRole.Role = 'Administrator'
}

function Get-FakeRoleContext {
    # The contexts a call without -Context runs as a role (Get-FfDefaultContext's documented rule),
    # among the fix's own: for the cases to compare against.
    param([string] $Role, [string[]] $Available)
    $forRole = @{ System = @('System', 'EveryUser'); Administrator = @('System', 'EveryUser', 'CurrentUser'); User = @('CurrentUser') }[$Role]
    @($forRole | Where-Object { $Available -contains $_ })
}

#endregion

if (Get-Variable -Name ModuleName -ValueOnly -ErrorAction SilentlyContinue) {
    # Retries wait between attempts; tests never do.
    Mock -ModuleName $ModuleName Start-FfSleep { }
    # Folders and files are deleted as Windows deletes them: never a read-only one.
    Mock -ModuleName $ModuleName Remove-FfDirectory { Remove-FakeWindowsDirectory -Path $Path }
    Mock -ModuleName $ModuleName Remove-FfFile { Remove-FakeWindowsFile -Path $Path }
    # The role the process token gives (Set-FakeProcessRole); an elevated administrator by default.
    Mock -ModuleName $ModuleName Get-FfProcessRole { $FakeProcessRole.Role }
}

