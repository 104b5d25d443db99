/**
 * Stand-ins for the engine's own small OS functions in a script that runs as its own process (the
 * Intune, GPO and Fix it scripts), where Pester's Mock cannot reach: a launcher defines a global
 * function and an alias of the engine function's name, and PowerShell resolves an alias before
 * any function, so the script's own definition is not called. Only our functions, never a
 * built-in cmdlet; each behaves as Windows documents. Set by environment variables of the run:
 *
 * - FF_FAKE_ROLE: Get-FfProcessRole (System, Administrator, User): the token Intune, gpscript or
 *   an elevated console gives (pwsh on Linux has none).
 * - FF_FAKE_PROFILES: Get-FfUserProfilePath, the user profiles ProfileList names (';'-separated
 *   folders of the fake tree; its X:\ path checks cannot pass a Linux folder).
 * - FF_FAKE_TRUSTED_OWNER: the data folder's ACL functions: folders are created plainly, owned by
 *   SYSTEM (as New-FfProtectedDirectory makes them on Windows), the ACL call a no-op.
 */
export const PROCESS_FAKES = String.raw`
if ($env:FF_FAKE_ROLE) {
    function global:Get-FakeFfProcessRole { $env:FF_FAKE_ROLE }
    Set-Alias -Name Get-FfProcessRole -Value Get-FakeFfProcessRole -Scope Global
}
if ($env:FF_FAKE_PROFILES) {
    # Get-FfUserProfilePath: the profiles ProfileList names, after its checks for a full Windows
    # path (X:\...), which a Linux folder cannot pass: the fake tree's folders, as a run without
    # -ProfileDirectory finds them on Windows. A given -ProfileDirectory is used as given.
    function global:Get-FakeFfUserProfilePath {
        param([string[]] $ProfileDirectory, [string] $WindowsDirectory)
        if ($ProfileDirectory) { return $ProfileDirectory }
        @($env:FF_FAKE_PROFILES -split ';' | Where-Object { $_ })
    }
    Set-Alias -Name Get-FfUserProfilePath -Value Get-FakeFfUserProfilePath -Scope Global
}
if ($env:FF_FAKE_TRUSTED_OWNER) {
    function global:New-FakeFfProtectedDirectory { param([string] $Path) [void][System.IO.Directory]::CreateDirectory($Path) }
    function global:Get-FakeFfItemOwnerSid { param([string] $Path) 'S-1-5-18' }
    function global:Set-FakeFfProtectedAcl { param([string] $Path) }
    Set-Alias -Name New-FfProtectedDirectory -Value New-FakeFfProtectedDirectory -Scope Global
    Set-Alias -Name Get-FfItemOwnerSid -Value Get-FakeFfItemOwnerSid -Scope Global
    Set-Alias -Name Set-FfProtectedAcl -Value Set-FakeFfProtectedAcl -Scope Global
}
`;
