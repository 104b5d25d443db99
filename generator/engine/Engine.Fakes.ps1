# Fakes for the engine core's own OS functions (generator/engine/Core.ps1), included in every
# generated module test file after the harness (generator/emit/pester/Harness.ps1). A fake stands
# in only for one of the engine's small functions, never for a built-in cmdlet, and behaves as
# Windows documents; its real body is covered by the per-edition static check (test/pwsh).
# Needs PowerShell 5.1 or later and Pester 5; runs in the Describe block's BeforeAll.

# Retries wait between attempts; tests never do.
Mock -ModuleName $ModuleName Start-FfSleep { }

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

Mock -ModuleName $ModuleName Get-FfProcessRole { $FakeProcessRole.Role }
#endregion
