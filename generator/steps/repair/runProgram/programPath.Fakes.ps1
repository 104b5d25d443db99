# Fakes for the program checks' OS functions (programPath.ps1), included in a generated module
# test file when the module carries programPath.ps1. As on Windows: a file nobody signed reads
# NotSigned; Program Files and System32 are owned by TrustedInstaller and written by
# administrators only, so nothing is distrusted unless a test says so.
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

$FakeSignatures = @{}
$FakeTrustProblems = @{}
Register-FakeMachineReset { $FakeSignatures.Clear(); $FakeTrustProblems.Clear() }

function Set-FakeSignature {
    # Status as Get-AuthenticodeSignature reports it (Valid, NotSigned, HashMismatch, ...).
    param([string] $Path, [string] $Status, [string] $Subject)
    $FakeSignatures[$Path] = @{ Status = $Status; Subject = $Subject }
}

function Set-FakeTrustProblem {
    # A file or folder a non-admin account owns or may write (e.g. 'BUILTIN\Users' with Modify).
    param([string] $Path, [string] $Problem)
    $FakeTrustProblems[$Path] = $Problem
}

function Get-FakeProgramPath {
    # Where the engine looks for a step's program in the fake tree.
    param([hashtable] $Tree, [string[]] $ProgramSegments, [hashtable] $ProgramLocation)
    if ($ProgramLocation) { return @(Get-FakeFolder -Tree $Tree -Location $ProgramLocation)[0] }
    Join-TestPath $Tree.WindowsDirectory $ProgramSegments
}

function Install-FakeProgram {
    # Puts a step's program into the fake tree (under System32 or at its location), signed by the
    # signer the step asks for, and returns its path.
    param([hashtable] $Tree, [string[]] $ProgramSegments, [hashtable] $ProgramLocation, [string] $SignedBy)
    $path = Get-FakeProgramPath -Tree $Tree -ProgramSegments $ProgramSegments -ProgramLocation $ProgramLocation
    [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($path))
    [System.IO.File]::WriteAllText($path, 'MZ')
    if ($SignedBy) { Set-FakeSignature -Path $path -Status 'Valid' -Subject ('CN={0}, O={0}, L=Redmond, S=Washington, C=US' -f $SignedBy) }
    $path
}

Mock -ModuleName $ModuleName Get-FfFileSignature {
    $entry = $FakeSignatures[$Path]
    if (-not $entry) { $entry = @{ Status = 'NotSigned'; Subject = $null } }
    New-Object -TypeName PSObject -Property @{ Status = $entry.Status; Subject = $entry.Subject }
}
Mock -ModuleName $ModuleName Get-FfItemTrustProblem { $FakeTrustProblems[$Path] }

# The programs the fix starts by root and path are installed (and signed as the steps ask) on the
# trees the documented calls run against, as they are on a machine the fix is meant for.
Register-FakeInstall {
    param([hashtable] $Tree)
    $steps = & (Get-Module -Name $ModuleName) { @($script:DetectionSteps) + @($script:RepairSteps) }
    foreach ($step in $steps) {
        if (-not ($step -is [hashtable]) -or -not $step['ProgramLocation']) { continue }
        foreach ($path in @(Get-FakeFolder -Tree $Tree -Location $step.ProgramLocation)) {
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($path))
            [System.IO.File]::WriteAllText($path, 'MZ')
            if ($step['SignedBy']) { Set-FakeSignature -Path $path -Status 'Valid' -Subject ('CN={0}, O={0}, L=Redmond, S=Washington, C=US' -f $step.SignedBy) }
        }
    }
}
