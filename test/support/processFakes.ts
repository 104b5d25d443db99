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
 * - FF_FAKE_SERVICES: the service kinds' calls to the service manager (the same functions the
 *   generated tests mock): every service is installed, Running and Automatic in process 4242
 *   until a step stops or reconfigures it; Win32_Service return codes (0 done, 6 not active,
 *   10 already running, 14 disabled). One table per process, as one machine per run.
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
if ($env:FF_FAKE_SERVICES) {
    $global:FfFakeServices = @{}
    function global:Get-FakeFfService {
        param([string] $Name)
        if (-not $global:FfFakeServices.ContainsKey($Name)) { $global:FfFakeServices[$Name] = @{ Name = $Name; State = 'Running'; StartType = 'Automatic'; ProcessId = 4242 } }
        $global:FfFakeServices[$Name]
    }
    function global:Get-FakeFfServiceInfo {
        param([string] $Name)
        $s = Get-FakeFfService -Name $Name
        New-Object -TypeName PSObject -Property @{ Name = $s.Name; State = $s.State; StartType = $s.StartType; ProcessId = $s.ProcessId; Dependents = @() }
    }
    function global:Get-FakeFfServicesInProcess {
        param([int] $ProcessId)
        @($global:FfFakeServices.Values | Where-Object { $_.ProcessId -eq $ProcessId -and $_.State -ne 'Stopped' } | ForEach-Object { $_.Name })
    }
    function global:Stop-FakeFfServiceOnce {
        param([string] $Name)
        $s = Get-FakeFfService -Name $Name
        if ($s.State -eq 'Stopped') { return 6 }
        $s.State = 'Stopped'; $s.ProcessId = 0; 0
    }
    function global:Start-FakeFfServiceOnce {
        param([string] $Name)
        $s = Get-FakeFfService -Name $Name
        if ($s.StartType -eq 'Disabled') { return 14 }
        if ($s.State -eq 'Running') { return 10 }
        $s.State = 'Running'; $s.ProcessId = 4242; 0
    }
    function global:Set-FakeFfServiceStartType { param([string] $Name, [string] $StartType) (Get-FakeFfService -Name $Name).StartType = $StartType; 0 }
    function global:Stop-FakeFfServiceProcess { param([int] $ProcessId) foreach ($s in @($global:FfFakeServices.Values)) { if ($s.ProcessId -eq $ProcessId) { $s.State = 'Stopped'; $s.ProcessId = 0 } } }
    function global:Start-FakeFfServiceSleep { param([int] $Seconds) }
    foreach ($name in @('Get-FfServiceInfo', 'Get-FfServicesInProcess', 'Stop-FfServiceOnce', 'Start-FfServiceOnce', 'Set-FfServiceStartType', 'Stop-FfServiceProcess', 'Start-FfServiceSleep')) {
        Set-Alias -Name $name -Value ($name -replace '^(\w+)-Ff', '$1-FakeFf') -Scope Global
    }
}
`;
