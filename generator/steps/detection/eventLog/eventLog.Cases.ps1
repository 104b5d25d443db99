# Generated Pester cases for detect.eventLog: one Context per step, with the step's data
# ($StepId, $LogName, $ProviderName, $EventIds, $Level, $DataIndex, $MatchingData, $OtherData,
# $OtherLog, $CleanKey, $Hints) from the spec. Read-FfEventRecord is faked
# (eventLog.Fakes.ps1): no event log here.
Context 'eventLog step <StepId>' -ForEach $FfCases.detection.eventLog {
    BeforeAll {
        $cases = @()
        foreach ($id in $EventIds) { foreach ($text in $MatchingData) { $cases += @{ Id = $id; Text = $text } } }
    }

    It 'detects each event id with the step''s text in its data field, in any case and inside longer data' {
        foreach ($case in $cases) {
            $tree = New-FakeTree
            $events = @(New-FakeEvent -LogName $LogName -ProviderName $ProviderName -Id $case.Id -Level $Level -Data (New-EventData -Index $DataIndex -Text $case.Text))
            Mock -ModuleName $ModuleName Read-FfEventRecord { Select-FakeEvent -Events $events -FilterHashtable $FilterHashtable }
            $result = Invoke-Test -Tree $tree
            $result.Detected | Should -BeTrue -Because ('event {0} with {1}' -f $case.Id, $case.Text)
            (Find-StepResult $result $StepId).Detected | Should -BeTrue
            (Find-StepResult $result $StepId).Count | Should -Be 1
        }
    }

    It 'asks the event log for the log, provider, event ids and level of the spec' {
        $tree = New-FakeTree
        [void](Invoke-Test -Tree $tree)
        $expectedIds = $EventIds
        $expectedLog = $LogName
        $expectedProvider = $ProviderName
        $expectedLevel = $Level
        Should -Invoke Read-FfEventRecord -ModuleName $ModuleName -ParameterFilter {
            $FilterHashtable.LogName -eq $expectedLog -and
            $FilterHashtable.ProviderName -eq $expectedProvider -and
            (Test-SameList -Actual $FilterHashtable.Id -Expected $expectedIds) -and
            $FilterHashtable.Level -eq $expectedLevel
        }
    }

    It 'ignores the same event id in another log' {
        $tree = New-FakeTree
        $events = @(New-FakeEvent -LogName $OtherLog -ProviderName $ProviderName -Id $EventIds[0] -Level $Level -Data (New-EventData -Index $DataIndex -Text $MatchingData[0]))
        Mock -ModuleName $ModuleName Read-FfEventRecord { Select-FakeEvent -Events $events -FilterHashtable $FilterHashtable }
        $result = Invoke-Test -Tree $tree
        (Find-StepResult $result $StepId).Detected | Should -BeFalse
        $result.Detected | Should -BeFalse
    }

    It 'ignores an event whose data field holds something else' -Skip:(-not $MatchesData) {
        $tree = New-FakeTree
        $events = @(New-FakeEvent -LogName $LogName -ProviderName $ProviderName -Id $EventIds[0] -Level $Level -Data (New-EventData -Index $DataIndex -Text $OtherData))
        Mock -ModuleName $ModuleName Read-FfEventRecord { Select-FakeEvent -Events $events -FilterHashtable $FilterHashtable }
        $result = Invoke-Test -Tree $tree
        (Find-StepResult $result $StepId).Detected | Should -BeFalse
        $result.Detected | Should -BeFalse
    }

    It 'reads no matching events as not detected, without an error' {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Read-FfEventRecord { }
        # Nothing thrown and nothing written to the error stream: "no events" is not a failure.
        $output = @(Invoke-Test -Tree $tree -ErrorAction Stop 2>&1)
        @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 0
        $output.Count | Should -Be 1
        $finding = Find-StepResult $output[0] $StepId
        $finding.Detected | Should -BeFalse
        $finding.Error | Should -BeNullOrEmpty
        $finding.Message | Should -Be (Get-ModuleString $CleanKey)
        $output[0].Detected | Should -BeFalse
    }

    It 'reports an unreadable log as an error, not as clean' {
        $tree = New-FakeTree
        Mock -ModuleName $ModuleName Read-FfEventRecord { throw 'The RPC server is unavailable.' }
        $finding = Find-StepResult (Invoke-Test -Tree $tree) $StepId
        $finding.Error | Should -Match 'RPC server'
    }

    It 'counts only events since the last repair' {
        $tree = New-FakeTree
        (Invoke-Repair -Tree $tree).Status | Should -BeIn @('Repaired', 'Partial')
        $before = New-FakeEvent -LogName $LogName -ProviderName $ProviderName -Id $EventIds[0] -Level $Level -Data (New-EventData -Index $DataIndex -Text $MatchingData[0]) -TimeCreated (Get-Date).AddHours(-1)
        $events = @($before)
        Mock -ModuleName $ModuleName Read-FfEventRecord { Select-FakeEvent -Events $events -FilterHashtable $FilterHashtable }
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Detected | Should -BeFalse
        $after = New-FakeEvent -LogName $LogName -ProviderName $ProviderName -Id $EventIds[0] -Level $Level -Data (New-EventData -Index $DataIndex -Text $MatchingData[0]) -TimeCreated (Get-Date).AddMinutes(5)
        $events = @($before, $after)
        Mock -ModuleName $ModuleName Read-FfEventRecord { Select-FakeEvent -Events $events -FilterHashtable $FilterHashtable }
        (Find-StepResult (Invoke-Test -Tree $tree) $StepId).Count | Should -Be 1
    }

    It 'gives the hint <HintId> (<Culture>) when the message contains its text' -ForEach $Hints {
        $tree = New-FakeTree
        $events = @(New-FakeEvent -LogName $LogName -ProviderName $ProviderName -Id $EventIds[0] -Level $Level -Data (New-EventData -Index $DataIndex -Text $MatchingData[0]) -Message ('Event message with ' + $Needle + ' inside.'))
        Mock -ModuleName $ModuleName Read-FfEventRecord { Select-FakeEvent -Events $events -FilterHashtable $FilterHashtable }
        $result = Invoke-Test -Tree $tree
        $result.Detected | Should -BeTrue
        $expected = Get-ModuleString $TextKey
        $expected | Should -Not -BeNullOrEmpty
        @($result.Hints) | Should -Contain $expected
        foreach ($other in $OtherTextKeys) { @($result.Hints) | Should -Not -Contain (Get-ModuleString $other) }
    }
}
