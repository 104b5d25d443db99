# Fakes of the engine's own OS boundary (Core.ps1), modelled on what Windows does, not on what
# Linux does. Dot-sourced by the engine's and the kinds' Pester tests; each is a body for
# `Mock <function> { ... }` and takes that function's parameters.

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
