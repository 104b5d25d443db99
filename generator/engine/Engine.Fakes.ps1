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

if (Get-Variable -Name ModuleName -ValueOnly -ErrorAction SilentlyContinue) {
    # Retries wait between attempts; tests never do.
    Mock -ModuleName $ModuleName Start-FfSleep { }
    # Folders and files are deleted as Windows deletes them: never a read-only one.
    Mock -ModuleName $ModuleName Remove-FfDirectory { Remove-FakeWindowsDirectory -Path $Path }
    Mock -ModuleName $ModuleName Remove-FfFile { Remove-FakeWindowsFile -Path $Path }
}

