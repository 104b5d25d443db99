# repair.registryValue: sets or removes a value in HKLM, HKCU or every profile's hive. Builds on
# the registry layer in detection/registryValue/registryValue.ps1 (which every script using this
# kind carries before it): Get-FfRegistryHive, Open-/Close-FfRegistryHive, Get-FfRegistryValue,
# Format-FfRegistryValue. Each change records the value before (its type and data, or 'absent')
# in the result and the log, so that it can be undone. Windows PowerShell 2.0-safe (.NET 2.0).

function ConvertTo-FfRegistryData {
    # The .NET object RegistryKey.SetValue stores as Type: DWord and QWord are unsigned in the spec
    # and signed in .NET, so their bits are carried over unchanged.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Type, [object] $Data)
    switch ($Type) {
        'String' { return [string]$Data }
        'ExpandString' { return [string]$Data }
        'DWord' { return [BitConverter]::ToInt32([BitConverter]::GetBytes([UInt32]$Data), 0) }
        'QWord' { return [BitConverter]::ToInt64([BitConverter]::GetBytes([UInt64]$Data), 0) }
        'MultiString' { return ,[string[]]@($Data) }
        'Binary' { return ,[byte[]]@($Data) }
        default { throw ('Unknown registry type ''{0}''.' -f $Type) }
    }
}

function Set-FfRegistryValue {
    # Writes a value, creating its key (and the keys above it) when needed.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Root,
        [Parameter(Mandatory = $true)] [string] $Key,
        [Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Name,
        [Parameter(Mandatory = $true)] [string] $Type,
        [object] $Data
    )
    $base = Open-FfRegistryBaseKey -Root $Root
    $subKey = $null
    try {
        $subKey = $base.CreateSubKey($Key)
        $kind = [Microsoft.Win32.RegistryValueKind]$Type
        $subKey.SetValue($Name, (ConvertTo-FfRegistryData -Type $Type -Data $Data), $kind)
    }
    finally {
        if ($subKey) { $subKey.Close() }
        Close-FfRegistryBaseKey -Root $Root -Key $base
    }
}

function Remove-FfRegistryValue {
    # Deletes a value and keeps its key; nothing when either is absent.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Root,
        [Parameter(Mandatory = $true)] [string] $Key,
        [Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Name
    )
    $base = Open-FfRegistryBaseKey -Root $Root
    $subKey = $null
    try {
        $subKey = $base.OpenSubKey($Key, $true)
        if ($subKey) { $subKey.DeleteValue($Name, $false) }
    }
    finally {
        if ($subKey) { $subKey.Close() }
        Close-FfRegistryBaseKey -Root $Root -Key $base
    }
}

function Invoke-FfRegistryValueRepair {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Step,
        [Parameter(Mandatory = $true)] [hashtable] $Paths
    )
    $description = $script:Strings[$Step.DescriptionKey]
    switch ($Step.Action) {
        'set' { $wanted = Format-FfRegistryValue -Type $Step.ValueType -Data $Step.ValueData; $action = 'Set' }
        'remove' { $wanted = Format-FfRegistryValue -Absent; $action = 'Remove' }
        default { throw ('Unknown registry action ''{0}''.' -f $Step.Action) }
    }
    $refusal = Get-FfRegistryViewRefusal -Step $Step
    if ($refusal) {
        return New-FfStepResult -Step $Step -Outcome 'Refused' -Message $refusal -Problems @(New-FfProblem -Target ('HKLM\' + $Step.Key) -Reason $refusal)
    }
    $changes = @()
    $problems = @()
    $whatIf = $false
    foreach ($hive in @(Get-FfRegistryHive -Scope $Step.Scope -Paths $Paths)) {
        $target = Get-FfRegistryTarget -Step $Step -Label $hive.Label
        try {
            $root = Open-FfRegistryHive -Hive $hive -Paths $Paths
            $before = Format-FfRegistryCurrent -Value (Get-FfRegistryValue -Root $root -Key $Step.Key -Name $Step.ValueName)
            if ($before -ceq $wanted) {
                Write-Verbose ('{0}: {1} is already {2}' -f $Step.Id, $target, $wanted)
                continue
            }
            $change = New-FfChange -Action $action -Target $target -Before $before -After $wanted
            if (-not $PSCmdlet.ShouldProcess($target, $description)) {
                $whatIf = $true
                $changes += $change
                continue
            }
            if ($Step.Action -eq 'set') { Set-FfRegistryValue -Root $root -Key $Step.Key -Name $Step.ValueName -Type $Step.ValueType -Data $Step.ValueData }
            else { Remove-FfRegistryValue -Root $root -Key $Step.Key -Name $Step.ValueName }
            # Read back: a policy or a filter driver can leave a value other than the one written.
            $after = Format-FfRegistryCurrent -Value (Get-FfRegistryValue -Root $root -Key $Step.Key -Name $Step.ValueName)
            if ($after -cne $wanted) {
                $problems += New-FfProblem -Target $target -Reason ('written, but reads back as {0}' -f $after)
                continue
            }
            $changes += $change
            Write-FfLog -DataDirectory $Paths.DataDirectory -Message ('{0}: {1} {2}: was {3}, now {4}' -f $Step.Id, $action.ToLowerInvariant(), $target, $before, $wanted)
        }
        catch {
            $problems += New-FfProblem -Target $target -Reason $_.Exception.Message
        }
        finally {
            try { Close-FfRegistryHive -Hive $hive -Paths $Paths }
            catch { $problems += New-FfProblem -Target $target -Reason ('left loaded: ' + $_.Exception.Message) }
        }
    }
    if ($whatIf) { return New-FfStepResult -Step $Step -Outcome 'WhatIf' -Changes $changes -Problems $problems }
    $outcome = Get-FfOutcome -ChangeCount $changes.Count -ProblemCount $problems.Count -WhatIf $false
    New-FfStepResult -Step $Step -Outcome $outcome -Changes $changes -Problems $problems
}
