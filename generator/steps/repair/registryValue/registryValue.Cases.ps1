# Generated Pester cases for repair.registryValue: one Context per step, with the step's data
# ($StepId, $ContextValue, $Scope, $Key, $ValueName, $Action, for set $ValueType and $ValueData,
# and a value of the same name the repair must replace or delete in $OtherType and $OtherData)
# from the spec. The registry is the in-memory fake of the reader's registryValue.Fakes.ps1
# (detection/registryValue), so what the repair writes is what the next Test reads.
Context 'registryValue step <StepId>' -ForEach $FfCases.repair.registryValue {
    BeforeAll {
        function Get-StepStore {
            # The stores the step reaches in a tree: HKLM, HKCU, or the hive file of every profile.
            param([hashtable] $Tree)
            switch ($Scope) {
                'System' { 'HKLM' }
                'CurrentUser' { 'HKCU' }
                'EveryUser' {
                    foreach ($userProfile in $Tree.ProfileDirectory) {
                        $file = [System.IO.Path]::Combine($userProfile, 'NTUSER.DAT')
                        if (-not [System.IO.File]::Exists($file)) { [System.IO.File]::WriteAllText($file, 'fake hive') }
                        $file
                    }
                }
                default { throw ('Unknown scope ' + $Scope) }
            }
        }

        function New-SeededTree {
            # A tree whose every hive holds the other value: what the repair is there to change.
            $tree = New-FakeTree
            foreach ($store in @(Get-StepStore -Tree $tree)) { Set-FakeRegistryValue -Store $store -Key $Key -Name $ValueName -Type $OtherType -Data $OtherData }
            $tree
        }

        function Format-InModule {
            # The engine's own text of a value, as the step result records it.
            param([string] $Type, [object] $Data, [switch] $Absent)
            & (Get-Module -Name $ModuleName) { param($t, $d, $a) if ($a) { Format-FfRegistryValue -Absent } else { Format-FfRegistryValue -Type $t -Data $d } } $Type $Data $Absent
        }

        $isSet = $Action -eq 'set'
        if ($isSet) { $wanted = Format-InModule -Type $ValueType -Data $ValueData } else { $wanted = Format-InModule -Absent }
        $previous = Format-InModule -Type $OtherType -Data $OtherData
    }

    It 'changes the value in every hive it reaches and records the value before: Succeeded' {
        $tree = New-SeededTree
        $result = Invoke-Repair -Tree $tree -Context $ContextValue
        $step = Find-StepResult $result $StepId
        $step.Outcome | Should -Be 'Succeeded'
        $stores = @(Get-StepStore -Tree $tree)
        @($step.Changes).Count | Should -Be $stores.Count
        foreach ($change in @($step.Changes)) {
            $change.Before | Should -Be $previous
            $change.After | Should -Be $wanted
            if ($isSet) { $change.Action | Should -Be 'Set' } else { $change.Action | Should -Be 'Remove' }
        }
        foreach ($store in $stores) {
            $now = Get-FakeRegistryValue -Store $store -Key $Key -Name $ValueName
            if ($isSet) { (Format-InModule -Type $now.Type -Data $now.Data) | Should -Be $wanted -Because $store } else { $now | Should -BeNullOrEmpty -Because $store }
        }
        $FakeRegistry.Mounted.Count | Should -Be 0
    }

    It 'changes nothing on a second run: NotNeeded' {
        $tree = New-SeededTree
        [void](Invoke-Repair -Tree $tree -Context $ContextValue)
        $again = Find-StepResult (Invoke-Repair -Tree $tree -Context $ContextValue) $StepId
        $again.Outcome | Should -Be 'NotNeeded'
        @($again.Changes).Count | Should -Be 0
    }

    It 'reads clean afterwards (Test after Repair) and reports IsFixed' -Skip:($FfTest.OnDemand) {
        $tree = New-SeededTree
        $result = Invoke-Repair -Tree $tree -Context $AllContexts
        $result.Status | Should -Be 'Repaired'
        (Invoke-Test -Tree $tree).Detected | Should -BeFalse
        $status = Invoke-Status -Tree $tree
        foreach ($check in $status.Checks) { $check.Passed | Should -BeTrue -Because $check.StepId }
    }

    It 'changes nothing under -WhatIf and reports the change it would make' {
        $tree = New-SeededTree
        $result = Invoke-Repair -Tree $tree -Context $ContextValue -WhatIf
        $result.Status | Should -Be 'WhatIf'
        $step = Find-StepResult $result $StepId
        $step.Outcome | Should -Be 'WhatIf'
        @($step.Changes)[0].Before | Should -Be $previous
        foreach ($store in @(Get-StepStore -Tree $tree)) {
            $now = Get-FakeRegistryValue -Store $store -Key $Key -Name $ValueName
            (Format-InModule -Type $now.Type -Data $now.Data) | Should -Be $previous -Because $store
        }
        Should -Invoke Set-FfRegistryValue -ModuleName $ModuleName -Times 0 -Exactly
        Should -Invoke Remove-FfRegistryValue -ModuleName $ModuleName -Times 0 -Exactly
    }

    It 'reports a value it cannot change as Failed, and the fix as Failed' {
        $tree = New-SeededTree
        Mock -ModuleName $ModuleName Set-FfRegistryValue { throw 'Requested registry access is not allowed.' }
        Mock -ModuleName $ModuleName Remove-FfRegistryValue { throw 'Requested registry access is not allowed.' }
        $result = Invoke-Repair -Tree $tree -Context $ContextValue
        $step = Find-StepResult $result $StepId
        $step.Outcome | Should -Be 'Failed'
        @($step.Problems).Count | Should -Be @(Get-StepStore -Tree $tree).Count
        $result.Status | Should -Be 'Failed'
        $FakeRegistry.Mounted.Count | Should -Be 0
    }

    It 'uses a logged-on user''s loaded hive and loads only the others (every user)' {
        if ($Scope -ne 'EveryUser') { Set-ItResult -Skipped -Because 'the step changes one hive' ; return }
        $tree = New-SeededTree
        $loggedOn = $tree.ProfileDirectory[0]
        $sid = 'S-1-5-21-1000-1000-1000-1001'
        $FakeRegistry.Loaded = @(New-Object -TypeName PSObject -Property @{ Sid = $sid; ProfilePath = $loggedOn })
        Set-FakeRegistryValue -Store ('HKU\' + $sid) -Key $Key -Name $ValueName -Type $OtherType -Data $OtherData
        $step = Find-StepResult (Invoke-Repair -Tree $tree -Context $ContextValue) $StepId
        $step.Outcome | Should -Be 'Succeeded'
        $now = Get-FakeRegistryValue -Store ('HKU\' + $sid) -Key $Key -Name $ValueName
        if ($isSet) { (Format-InModule -Type $now.Type -Data $now.Data) | Should -Be $wanted } else { $now | Should -BeNullOrEmpty }
        Should -Invoke Mount-FfUserHive -ModuleName $ModuleName -Times 0 -Exactly -ParameterFilter { $Path -like ($loggedOn + '*') }
        $FakeRegistry.Mounted.Count | Should -Be 0
    }

    It 'runs only in its own context, and reports Skipped in the others' {
        $others = @($AllContexts | Where-Object { $_ -ne $ContextValue })
        if ($others.Count -eq 0) { Set-ItResult -Skipped -Because 'the fix has no other context' ; return }
        $tree = New-SeededTree
        (Find-StepResult (Invoke-Repair -Tree $tree -Context $others) $StepId).Outcome | Should -Be 'Skipped'
        foreach ($store in @(Get-StepStore -Tree $tree)) {
            $now = Get-FakeRegistryValue -Store $store -Key $Key -Name $ValueName
            (Format-InModule -Type $now.Type -Data $now.Data) | Should -Be $previous -Because $store
        }
    }
}
