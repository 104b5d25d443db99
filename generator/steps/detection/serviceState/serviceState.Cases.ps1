# Generated Pester cases for detect.serviceState: one Context per step, with the step's data
# ($StepId, $ServiceName, $Indicates, $Matching, $NotMatching) from the spec. The service lives in
# the fake service manager of serviceState.Fakes.ps1 (Set-FakeService), which answers as
# Win32_Service does; the module's own reader turns that into states and start types.
Context 'serviceState step <StepId>' -ForEach $FfCases.detection.serviceState {
    It 'finds the service when its state and start type match the step' {
        $tree = New-FakeTree
        Set-FakeService -Name $ServiceName -State $Matching.State -StartType $Matching.StartType
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        $finding.Detected | Should -BeTrue
        $finding.Count | Should -Be 1
        $finding.Error | Should -BeNullOrEmpty
        @($finding.Details) | Should -Be @(('{0}: {1}, start type {2}' -f $ServiceName, $Matching.State, $Matching.StartType))
        Should -Invoke Get-FfServiceEntry -ModuleName $ModuleName -ParameterFilter { $Name -eq $ServiceName }
    }

    It 'reads clean when the service misses the step by its state or by its start type' {
        if (@($NotMatching).Count -eq 0) { Set-ItResult -Skipped -Because 'the step matches every state and start type'; return }
        foreach ($other in $NotMatching) {
            $tree = New-FakeTree
            Set-FakeService -Name $ServiceName -State $other.State -StartType $other.StartType
            $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
            $finding.Detected | Should -BeFalse -Because ('{0}, {1}' -f $other.State, $other.StartType)
            $finding.Error | Should -BeNullOrEmpty
        }
    }

    It 'reads clean, and says so, when the service is not installed' {
        $tree = New-FakeTree
        Set-FakeService -Name $ServiceName -Missing
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        $finding.Detected | Should -BeFalse
        @($finding.Details) | Should -Be @(('{0}: not installed' -f $ServiceName))
    }

    It 'reports a service manager that cannot be read as an error, not as clean' {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Get-FfServiceEntry { throw 'Access is denied.' }
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        $finding.Detected | Should -BeFalse
        $finding.Error | Should -Match 'Access is denied\.'
    }

    It 'decides the fix only when it indicates a problem' {
        $tree = New-FakeTree
        Set-FakeService -Name $ServiceName -State $Matching.State -StartType $Matching.StartType
        $result = Invoke-Test -Tree $tree
        (Find-StepResult $result $StepId).Indicates | Should -Be $Indicates
        if ($Indicates -eq 'problem') { $result.Detected | Should -BeTrue }
    }
}
