# Generated Pester cases for detect.registryValue: one Context per step, with the step's data
# ($StepId, $Indicates, $Scope, $Key, $ValueName, $State, a value the step matches in $MatchType
# and $MatchData, another of the same name in $OtherType and $OtherData) from the spec. The
# registry is the in-memory fake of registryValue.Fakes.ps1 beside this file.
Context 'registryValue step <StepId>' -ForEach $FfCases.detection.registryValue {
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

        function Set-StepValue {
            # The step's value in every store it reaches: the one it matches, the other one, or none.
            param([hashtable] $Tree, [ValidateSet('match', 'other', 'absent')] [string] $As)
            foreach ($store in @(Get-StepStore -Tree $Tree)) {
                switch ($As) {
                    'match' { Set-FakeRegistryValue -Store $store -Key $Key -Name $ValueName -Type $MatchType -Data $MatchData }
                    'other' { Set-FakeRegistryValue -Store $store -Key $Key -Name $ValueName -Type $OtherType -Data $OtherData }
                    'absent' { Set-FakeRegistryValue -Store $store -Key $Key -Name $ValueName -Absent }
                    default { throw ('Unknown value ' + $As) }
                }
            }
        }

        # Whether the step's state holds for each value: the meaning of exists, missing, equals, differs.
        $expected = @{
            exists = @{ match = $true; other = $true; absent = $false }
            missing = @{ match = $false; other = $false; absent = $true }
            equals = @{ match = $true; other = $false; absent = $false }
            differs = @{ match = $false; other = $true; absent = $true }
        }[$State]
    }

    It 'detects the state for <State> both ways: the matching value, another one, and none' {
        foreach ($as in @('match', 'other', 'absent')) {
            $tree = New-FakeTree
            Set-StepValue -Tree $tree -As $as
            $test = Invoke-Test -Tree $tree
            $finding = Find-StepResult $test $StepId
            $finding.Detected | Should -Be $expected[$as] -Because "the value is '$as'"
            $finding.Error | Should -BeNullOrEmpty
            $count = @(Get-StepStore -Tree $tree).Count
            if ($expected[$as]) { $finding.Count | Should -Be $count -Because "every hive holds '$as'" } else { $finding.Count | Should -Be 0 }
            if ($Indicates -eq 'problem' -and $expected[$as]) { $test.Detected | Should -BeTrue }
        }
    }

    It 'reads a logged-on user''s loaded hive and loads and unloads the others (every user)' {
        if ($Scope -ne 'EveryUser') { Set-ItResult -Skipped -Because 'the step reads one hive' ; return }
        $tree = New-FakeTree
        $loggedOn = $tree.ProfileDirectory[0]
        $FakeRegistry.Loaded = @(New-Object -TypeName PSObject -Property @{ Sid = 'S-1-5-21-1000-1000-1000-1001'; ProfilePath = $loggedOn })
        Set-StepValue -Tree $tree -As 'match'
        Set-FakeRegistryValue -Store 'HKU\S-1-5-21-1000-1000-1000-1001' -Key $Key -Name $ValueName -Type $MatchType -Data $MatchData
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        $finding.Detected | Should -Be $expected['match']
        Should -Invoke Mount-FfUserHive -ModuleName $ModuleName -Times ($tree.ProfileDirectory.Count - 1) -Exactly
        Should -Invoke Mount-FfUserHive -ModuleName $ModuleName -Times 0 -Exactly -ParameterFilter { $Path -like ($loggedOn + '*') }
        $FakeRegistry.Mounted.Count | Should -Be 0
    }

    It 'reports a registry it cannot read as an error, never as clean' {
        $tree = New-FakeTree
        Set-StepValue -Tree $tree -As 'match'
        Mock -ModuleName $ModuleName Get-FfRegistryValue { throw 'Access is denied.' }
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        $finding.Error | Should -Match 'Access is denied'
        $FakeRegistry.Mounted.Count | Should -Be 0
    }
}
