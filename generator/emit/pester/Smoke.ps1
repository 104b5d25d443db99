# The body of every module's smoke test (<Module>.Smoke.Tests.ps1): Test-<Noun> on the real
# machine it runs on, read-only, as an admin calls it (no parameters), in whichever PowerShell
# runs Pester (Windows PowerShell 5.1 or PowerShell 7). It checks the result's shape and that no
# step errored: what only real Windows can show (the services, the registry, the event log, the
# editions' commands), which the generated tests stand in for. Nothing is faked here.
# $FfSmoke (module name, commands, fix id, the detection steps) is set above by the generator.
# Real PowerShell source; needs PowerShell 5.1 or later and Pester 5.

BeforeAll {
    $FfSmoke = $FfSmokeData
    Get-Module -Name $FfSmoke.ModuleName | Remove-Module -Force
    Import-Module -Name ([System.IO.Path]::Combine($ModuleFolder, ($FfSmoke.ModuleName + '.psd1'))) -Force -ErrorAction Stop
}

AfterAll {
    Get-Module -Name $FfSmoke.ModuleName | Remove-Module -Force
}

# Elsewhere (pwsh on Linux) there is no real Windows to read: skipped, and the generated tests cover it.
It '<TestCommand> returns one result of its documented shape, and no step errored' -Skip:(-not $OnWindows) {
    # What the call writes to the error stream, as an admin at a prompt would see it.
    $errors = @()
    $output = @(& $FfSmoke.Commands.Test 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors += $_ } else { $_ } })
    @($errors | ForEach-Object { [string]$_ }) | Should -BeNullOrEmpty
    $output.Count | Should -Be 1
    $result = $output[0]
    $result.PSObject.TypeNames[0] | Should -Be ('FixForge.{0}.TestResult' -f $FfSmoke.FixId)
    $result.FixId | Should -Be $FfSmoke.FixId
    $result.Detected | Should -BeOfType [bool]
    foreach ($name in @('ComputerName', 'Findings', 'Hints', 'LastRepair', 'Contexts')) {
        $result.PSObject.Properties.Name | Should -Contain $name
    }
    @($result.Findings | ForEach-Object { $_.StepId }) | Should -Be @($FfSmoke.DetectionStepIds)
    foreach ($finding in @($result.Findings)) {
        $finding.PSObject.TypeNames[0] | Should -Be ('FixForge.{0}.Finding' -f $FfSmoke.FixId)
        # A step this process's role cannot read is Skipped with its reason; every other one read without error.
        if ($finding.Skipped) { $finding.SkipReason | Should -Not -BeNullOrEmpty }
        else { $finding.Error | Should -BeNullOrEmpty -Because ('{0} ({1}) reads this machine' -f $finding.StepId, $finding.Kind) }
        $finding.Detected | Should -BeOfType [bool]
        [string]$finding.Message | Should -Not -BeNullOrEmpty
        foreach ($context in @($finding.Contexts)) { $context | Should -BeIn @('System', 'EveryUser', 'CurrentUser') }
    }
}
