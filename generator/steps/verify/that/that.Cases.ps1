# Generated Pester cases for verify.that: one Context per step ($StepId, $ConditionId). The
# condition's handler is stood in for through Invoke-FfHandler, filtered on the condition's id;
# the condition kind's own cases test the handler itself.
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
}
