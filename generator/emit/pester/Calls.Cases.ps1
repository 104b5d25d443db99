# Generated Pester cases: every exported function called exactly as its help's examples show, with
# nothing added but the fake tree's paths (as $PSDefaultParameterValues, so the example's own text
# runs unchanged), once per process role with the role faked (Get-FfProcessRole, Engine.Fakes.ps1).
# Each result is checked, not only that it returns: its type, the contexts a call without -Context
# runs for the role, the steps left out and why, and that nothing errored.
Context 'called as the help shows, as <Role>' -ForEach @(
    @{ Role = 'System' }
    @{ Role = 'Administrator' }
    @{ Role = 'User' }
) {
    BeforeAll {
        function Get-HelpExample {
            # The code of each .EXAMPLE of an exported function, as Get-Help shows it.
            param([string] $Command)
            @((Get-Help -Name $Command -Full).examples.example | ForEach-Object { ([string]$_.code).Trim() } | Where-Object { $_ })
        }

        function Invoke-HelpExample {
            # Runs one example's text as typed at a prompt, the fake tree's paths given as defaults
            # of the exported functions; returns its output and the errors it wrote.
            param([string] $Code, [hashtable] $Tree)
            $defaults = @{}
            foreach ($command in @($FfTest.Commands.Test, $FfTest.Commands.Repair, $FfTest.Commands.Status)) {
                $arguments = Get-TreeArgument -Command $command -Tree $Tree
                foreach ($name in $arguments.Keys) { $defaults[('{0}:{1}' -f $command, $name)] = $arguments[$name] }
            }
            $PSDefaultParameterValues = $defaults
            $errors = @()
            $output = @(& ([scriptblock]::Create($Code)) 2>&1 | ForEach-Object {
                    if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors += $_ } else { $_ }
                })
            @{ Output = $output; Errors = @($errors | ForEach-Object { [string]$_ }) }
        }

        function Assert-TestResult {
            param($Result, [string] $Role)
            $Result.PSObject.TypeNames[0] | Should -Be ('FixForge.{0}.TestResult' -f $FfTest.FixId)
            $Result.Detected | Should -BeOfType [bool]
            foreach ($finding in @($Result.Findings)) {
                $finding.Error | Should -BeNullOrEmpty -Because ('{0} reads a clean fake machine' -f $finding.StepId)
                $unreadable = ($Role -eq 'System' -and $FfTest.DetectionContexts[$finding.StepId] -contains 'CurrentUser') -or ($Role -eq 'User' -and $FfTest.DetectionContexts[$finding.StepId] -contains 'EveryUser')
                $finding.Skipped | Should -Be $unreadable -Because ('{0} reads {1}' -f $finding.StepId, ($FfTest.DetectionContexts[$finding.StepId] -join ', '))
                if ($unreadable) {
                    $finding.SkipReason | Should -Not -BeNullOrEmpty
                    @($finding.Contexts).Count | Should -Be 0
                    $finding.Detected | Should -BeFalse
                }
                else {
                    @($finding.Contexts) | Should -Be @($FfTest.DetectionContexts[$finding.StepId])
                }
            }
            if ($Role -eq 'System') { @($Result.Contexts) | Should -Not -Contain 'CurrentUser' }
            if ($Role -eq 'User') { @($Result.Contexts) | Should -Not -Contain 'EveryUser' }
        }

        function Assert-RepairResult {
            param($Result, [string] $Role, [string[]] $Context, [switch] $WhatIf)
            $Context = @($Context | Where-Object { $_ })
            $Result.PSObject.TypeNames[0] | Should -Be ('FixForge.{0}.RepairResult' -f $FfTest.FixId)
            @($Result.Context) | Should -Be @($Context)
            @($Result.Steps).Count | Should -Be @($FfTest.RepairSteps).Count
            if (@($Context).Count -eq 0) {
                # Nothing of this fix is the role's: nothing runs, and every step says what it takes.
                $Result.Status | Should -Be 'Skipped'
                foreach ($step in @($Result.Steps)) {
                    $step.Outcome | Should -Be 'Skipped'
                    $step.Message | Should -Match '(needs SYSTEM or an elevated administrator|run it as the user)'
                }
                @($Result.Changes).Count | Should -Be 0
                return
            }
            if ($WhatIf) { $Result.Status | Should -BeIn @('WhatIf', 'Repaired') } else { $Result.Status | Should -Be 'Repaired' }
            foreach ($step in @($Result.Steps)) {
                $data = @($FfTest.RepairSteps | Where-Object { $_.Id -eq $step.StepId })[0]
                if (-not (@($Context) -contains $data.Context)) {
                    $step.Outcome | Should -Be 'Skipped' -Because ('{0} is a {1} step' -f $step.StepId, $data.Context)
                    $step.Message | Should -Not -BeNullOrEmpty
                }
                elseif (-not $data.Optional -and -not $data.When) {
                    $step.Outcome | Should -Not -BeIn @('Skipped', 'Failed', 'Refused', 'Partial') -Because ('{0} runs in {1}: {2}' -f $step.StepId, ($Context -join ', '), $step.Message)
                }
            }
            if (-not $WhatIf) { $Result.Verification | Should -Not -BeNullOrEmpty }
        }

        function Assert-StatusResult {
            param($Result, [string[]] $Context)
            $Context = @($Context | Where-Object { $_ })
            $Result.PSObject.TypeNames[0] | Should -Be ('FixForge.{0}.Status' -f $FfTest.FixId)
            $Result.IsFixed | Should -BeOfType [bool]
            @($Result.Checks).Count | Should -Be $FfTest.VerifyCount
            @($Result.Context) | Should -Be @($Context)
        }
    }

    BeforeEach { Set-FakeProcessRole -Role $Role }
    AfterEach { Reset-FakeProcessRole }

    It 'every example of <Role>''s calls returns what its help says, and writes no error' {
        $expected = Get-FakeRoleContext -Role $Role -Available $FfTest.Contexts
        $ran = 0
        foreach ($command in @($FfTest.Commands.Test, $FfTest.Commands.Repair, $FfTest.Commands.Status)) {
            $examples = @(Get-HelpExample -Command $command)
            $examples.Count | Should -BeGreaterThan 0 -Because ('{0} has examples in its help' -f $command)
            foreach ($code in $examples) {
                $tree = New-FakeTree
                Install-FakeMachine -Tree $tree
                $run = Invoke-HelpExample -Code $code -Tree $tree
                $run.Errors | Should -BeNullOrEmpty -Because $code
                $results = @($run.Output | Where-Object { $_ -and $_.PSObject.TypeNames[0] -like ('FixForge.{0}.*' -f $FfTest.FixId) })
                # An example may return nothing (Repair only when detected): what it returns is checked.
                foreach ($result in $results) {
                    $typeName = $result.PSObject.TypeNames[0]
                    $context = $expected
                    if ($code -match '-Context\s+(.+?)\s+-Confirm') { $context = @($Matches[1] -split '\s*,\s*') }
                    switch -wildcard ($typeName) {
                        '*.TestResult' { Assert-TestResult -Result $result -Role $Role }
                        '*.RepairResult' { Assert-RepairResult -Result $result -Role $Role -Context $context -WhatIf:($code -match '-WhatIf') }
                        '*.Status' { Assert-StatusResult -Result $result -Context $context }
                        default { throw ('{0} returned {1}' -f $code, $typeName) }
                    }
                    $ran++
                }
                if ($code -eq $command) { $results.Count | Should -Be 1 -Because ('{0} alone returns one result' -f $command) }
            }
        }
        $ran | Should -BeGreaterOrEqual 3
    }

    It 'a plain repair as <Role>, then a plain test and status, agree with each other' -Skip:($FfTest.OnDemand) {
        $tree = New-FakeTree
        Install-FakeMachine -Tree $tree
        $run = Invoke-HelpExample -Code ('{0}; {1}; {2}' -f $FfTest.Commands.Repair, $FfTest.Commands.Test, $FfTest.Commands.Status) -Tree $tree
        $run.Errors | Should -BeNullOrEmpty
        $repair, $test, $status = $run.Output
        $expected = Get-FakeRoleContext -Role $Role -Available $FfTest.Contexts
        Assert-RepairResult -Result $repair -Role $Role -Context $expected
        Assert-TestResult -Result $test -Role $Role
        Assert-StatusResult -Result $status -Context $expected
        if (@($expected).Count -gt 0) {
            # The repair's own verification is the status a second look gives.
            $repair.Verification.IsFixed | Should -Be $status.IsFixed
        }
    }
}
