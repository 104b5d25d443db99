# Generated Pester cases for verify.that: one Context per step ($StepId, $ConditionId). The
# condition's handler is stood in for through Invoke-FfHandler, filtered on the condition's id;
# the condition kind's own cases test the handler itself. A registryValue condition over every
# user's hive ($EveryUserRegistry: a value for which it holds and one for which it does not) is
# run for real on the fake registry, with two users: a check holds for EVERY user.
Context 'that step <StepId>' -ForEach $FfCases.verify.that {
    BeforeAll {
        $conditionFilter = [scriptblock]::Create('$Step.Id -eq ''' + $ConditionId + '''')
        function New-StandInFinding {
            param([hashtable] $Step, [int] $Count, [string] $ErrorText)
            & (Get-Module -Name $ModuleName) { param($s, $c, $e) New-FfFinding -Step $s -Count $c -ErrorText $e } $Step $Count $ErrorText
        }
    }

    It 'passes when the condition holds' {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Invoke-FfHandler { New-StandInFinding -Step $Step -Count 1 } -ParameterFilter $conditionFilter
        (Find-StepResult (Invoke-Status -Tree $tree) $StepId).Passed | Should -BeTrue
    }

    It 'fails, naming the condition, when it does not hold or cannot be read' {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Invoke-FfHandler { New-StandInFinding -Step $Step -Count 0 } -ParameterFilter $conditionFilter
        $check = Find-StepResult (Invoke-Status -Tree $tree) $StepId
        $check.Passed | Should -BeFalse
        @($check.Remaining)[0] | Should -Match ([regex]::Escape($ConditionId))
        Mock -ModuleName $ModuleName Invoke-FfHandler { New-StandInFinding -Step $Step -Count 1 -ErrorText 'access denied' } -ParameterFilter $conditionFilter
        $status = Invoke-Status -Tree $tree
        (Find-StepResult $status $StepId).Passed | Should -BeFalse
        $status.IsFixed | Should -BeFalse
    }

    It 'holds only when the condition holds for every user, not for just one of two' -Skip:($null -eq $EveryUserRegistry) {
        $tree = New-FakeTree
        $users = @(
            @{ Sid = 'S-1-5-21-1-2-3-1001'; ProfilePath = $tree.ProfileDirectory[0] },
            @{ Sid = 'S-1-5-21-1-2-3-1002'; ProfilePath = $tree.ProfileDirectory[1] }
        )
        $FakeRegistry.Loaded = @($users | ForEach-Object { New-Object -TypeName PSObject -Property $_ })
        $registry = $EveryUserRegistry
        function Set-UserValue {
            param([string] $Sid, $Value)
            if ($null -eq $Value) { Set-FakeRegistryValue -Store ('HKU\' + $Sid) -Key $registry.Key -Name $registry.ValueName -Absent }
            else { Set-FakeRegistryValue -Store ('HKU\' + $Sid) -Key $registry.Key -Name $registry.ValueName -Type $Value.ValueType -Data $Value.ValueData }
        }
        Set-UserValue -Sid $users[0].Sid -Value $registry.Fails
        Set-UserValue -Sid $users[1].Sid -Value $registry.Holds
        $check = Find-StepResult (Invoke-Status -Tree $tree) $StepId
        $check.Passed | Should -BeFalse -Because 'the first user still has it'
        (@($check.Remaining) -join ' ') | Should -Match ([regex]::Escape($tree.ProfileDirectory[0]))
        Set-UserValue -Sid $users[0].Sid -Value $registry.Holds
        (Find-StepResult (Invoke-Status -Tree $tree) $StepId).Passed | Should -BeTrue
    }
}
