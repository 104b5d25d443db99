# Generated Pester cases for the options every repair step takes (when, onFailure, retry,
# rebootRequired, optional): one Context per repair step that sets any of them. The step's handler
# is stood in for through Invoke-FfHandler, filtered on the step id, so each option is seen on its own.
Context 'options of step <StepId>' -ForEach $FfCases.stepOptions {
    BeforeAll {
        function New-StandInResult {
            param([hashtable] $Step, [string] $Outcome)
            & (Get-Module -Name $ModuleName) { param($s, $o) New-FfStepResult -Step $s -Outcome $o -Changes @(New-FfChange -Action 'StandIn' -Target $s.Id) } $Step $Outcome
        }
        $include = @{}
        if ($Optional) { $include[$IncludeSwitch] = $true }
        $stepFilter = [scriptblock]::Create('$Step.Id -eq ''' + $StepId + '''')
    }

    It 'is left out unless asked for, when optional' -Skip:(-not $Optional) {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Invoke-FfHandler { New-StandInResult -Step $Step -Outcome 'Succeeded' } -ParameterFilter $stepFilter
        $arguments = Get-TreeArgument -Command $FfTest.Commands.Repair -Tree $tree
        $without = & $FfTest.Commands.Repair @arguments -Context $ContextValue -Confirm:$false
        (Find-StepResult $without $StepId).Outcome | Should -Be 'Skipped'
        $with = & $FfTest.Commands.Repair @arguments @include -Context $ContextValue -Confirm:$false
        (Find-StepResult $with $StepId).Outcome | Should -Not -Be 'Skipped'
    }

    It 'runs only when its detection found the problem' -Skip:(-not $When) {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Invoke-FfHandler { New-StandInResult -Step $Step -Outcome 'Succeeded' } -ParameterFilter $stepFilter
        $arguments = Get-TreeArgument -Command $FfTest.Commands.Repair -Tree $tree
        $clean = & $FfTest.Commands.Repair @arguments @include -Context $ContextValue -Confirm:$false
        (Find-StepResult $clean $StepId).Outcome | Should -Be 'Skipped'
        $whenId = $When
        Mock -ModuleName $ModuleName Invoke-FfDetection {
            & (Get-Module -Name $ModuleName) { param($id) New-FfObject -TypeName 'Test' -Name @('Detected', 'Findings') -Value @{ Detected = $true; Findings = @(New-FfObject -TypeName 'Finding' -Name @('StepId', 'Detected') -Value @{ StepId = $id; Detected = $true }) } } $whenId
        }
        $found = & $FfTest.Commands.Repair @arguments @include -Context $ContextValue -Confirm:$false
        (Find-StepResult $found $StepId).Outcome | Should -Be 'Succeeded'
    }

    It 'tries a failing step again, up to its retry count' -Skip:($RetryCount -eq 0) {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Start-FfSleep { }
        Mock -ModuleName $ModuleName Invoke-FfHandler { New-StandInResult -Step $Step -Outcome 'Failed' } -ParameterFilter $stepFilter
        if ($When) { Mock -ModuleName $ModuleName Get-FfSkipReason { $null } -ParameterFilter $stepFilter }
        $arguments = Get-TreeArgument -Command $FfTest.Commands.Repair -Tree $tree
        $result = & $FfTest.Commands.Repair @arguments @include -Context $ContextValue -Confirm:$false
        (Find-StepResult $result $StepId).Outcome | Should -Be 'Failed'
        Should -Invoke Invoke-FfHandler -ModuleName $ModuleName -Times (1 + $RetryCount) -Exactly -ParameterFilter $stepFilter
        Should -Invoke Start-FfSleep -ModuleName $ModuleName -Times $RetryCount -Exactly
    }

    It 'stops or continues after a failure, as onFailure says' {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Start-FfSleep { }
        Mock -ModuleName $ModuleName Invoke-FfHandler { New-StandInResult -Step $Step -Outcome 'Failed' } -ParameterFilter $stepFilter
        if ($When) { Mock -ModuleName $ModuleName Get-FfSkipReason { $null } -ParameterFilter $stepFilter }
        $arguments = Get-TreeArgument -Command $FfTest.Commands.Repair -Tree $tree
        $result = & $FfTest.Commands.Repair @arguments @include -Context $AllContexts -Confirm:$false
        $result.Status | Should -Be 'Failed'
        foreach ($later in $LaterStepIds) {
            $outcome = (Find-StepResult $result $later).Outcome
            if ($OnFailure -eq 'stop') { $outcome | Should -Be 'Skipped' -Because $later }
            else { (Find-StepResult $result $later).Message | Should -Not -Be 'an earlier step failed and stops the repair' -Because $later }
        }
    }

    It 'reports a restart when it changed something, as rebootRequired says' {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Invoke-FfHandler { New-StandInResult -Step $Step -Outcome 'Succeeded' } -ParameterFilter $stepFilter
        if ($When) { Mock -ModuleName $ModuleName Get-FfSkipReason { $null } -ParameterFilter $stepFilter }
        $arguments = Get-TreeArgument -Command $FfTest.Commands.Repair -Tree $tree
        $result = & $FfTest.Commands.Repair @arguments @include -Context $ContextValue -Confirm:$false
        (Find-StepResult $result $StepId).RebootRequired | Should -Be $RebootRequired
        if ($RebootRequired) { $result.RebootRequired | Should -BeTrue }
    }
}
