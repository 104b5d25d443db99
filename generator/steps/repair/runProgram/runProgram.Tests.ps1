# Pester 5 unit tests for the repair.runProgram handler (runProgram.ps1) on the engine core,
# independent of any build. The handler's tests mock Invoke-FfProgram (there is no certutil here);
# Invoke-FfProgram itself runs a real program where there is one. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/steps/repair/runProgram/runProgram.Tests.ps1 -Output Detailed

BeforeDiscovery {
    # A POSIX shell stands in for a real program where there is one (pwsh on Linux or macOS).
    $shell = $null
    foreach ($candidate in @('/bin/sh', '/usr/bin/sh')) { if ([System.IO.File]::Exists($candidate)) { $shell = $candidate; break } }
}

Describe 'runProgram.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot '../../../engine/Core.ps1')
        . (Join-Path $PSScriptRoot 'runProgram.ps1')
        . (Join-Path $PSScriptRoot 'programPath.ps1')

        function New-TestStep {
            param([int[]] $SuccessExitCodes = @(0))
            @{
                Id = 'clearUrlCache'; Kind = 'runProgram'; Handler = 'Invoke-FfRunProgramRepair'; Context = 'CurrentUser'
                DescriptionKey = 'RunDescription'
                ProgramSegments = @('certutil.exe')
                ArgumentList = @('-urlcache', '*', 'delete')
                SuccessExitCodes = $SuccessExitCodes
            }
        }

        $shell = $null
        foreach ($candidate in @('/bin/sh', '/usr/bin/sh')) { if ([System.IO.File]::Exists($candidate)) { $shell = $candidate; break } }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $script:ModuleVersion = '1.0.0'
        $script:Roots = @{}
        $script:Strings = @{ RunDescription = 'Delete the URL cache with certutil.' }
        $script:VerifySteps = @()
        $base = [System.IO.Path]::Combine($TestDrive, ('m-' + [guid]::NewGuid().ToString('N')))
        $paths = @{
            WindowsDirectory = [System.IO.Path]::Combine($base, 'Windows')
            ProfileDirectory = @()
            CurrentUserProfile = $null
            DataDirectory = [System.IO.Path]::Combine($base, 'data')
        }
        [void][System.IO.Directory]::CreateDirectory($paths.WindowsDirectory)
        $certutil = Join-FfPath -Base $paths.WindowsDirectory -Segments @('System32', 'certutil.exe')
        $commandLine = $certutil + ' -urlcache * delete'
        Mock Test-FfWow64Process { $false }
    }

    Describe 'Invoke-FfProgram' {
        It 'runs the program with the arguments and returns its exit code and output' -Skip:(-not $shell) {
            $run = Invoke-FfProgram -FilePath $shell -ArgumentList @('-c', 'echo "one $1"; echo two; exit 3', 'sh', 'arg with space')
            $run.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.ProgramRun'
            $run.ExitCode | Should -Be 3
            $run.Output | Should -Be @('one arg with space', 'two')
        }

        It 'captures what the program writes to stderr as output' -Skip:(-not $shell) {
            $run = Invoke-FfProgram -FilePath $shell -ArgumentList @('-c', 'echo oops >&2; exit 0')
            $run.ExitCode | Should -Be 0
            @($run.Output) | Should -Contain 'oops'
        }

        It 'decodes output with the system''s OEM code page, not the format culture''s (issue 18.11)' -Skip:(-not $shell) {
            # 0x82 is e-acute in code page 850 (a Western system locale) and a Cyrillic letter in 866,
            # the OEM code page of a ru-RU format culture.
            Mock Get-FfConsoleCodePage { 850 }
            $saved = [System.Threading.Thread]::CurrentThread.CurrentCulture
            try {
                [System.Threading.Thread]::CurrentThread.CurrentCulture = [System.Globalization.CultureInfo]::GetCultureInfo('ru-RU')
                $run = Invoke-FfProgram -FilePath $shell -ArgumentList @('-c', 'printf ''caf\202\r\n''')
            }
            finally { [System.Threading.Thread]::CurrentThread.CurrentCulture = $saved }
            @($run.Output) | Should -Be @(('caf' + [char]0xE9))
        }

        It 'recognises UTF-16 output (with or without its byte order mark) (issue 18.11)' -Skip:(-not $shell) {
            Mock Get-FfConsoleCodePage { 850 }
            $run = Invoke-FfProgram -FilePath $shell -ArgumentList @('-c', 'printf ''O\000K\000\r\000\n\000''')
            @($run.Output) | Should -Be @('OK')
            $run = Invoke-FfProgram -FilePath $shell -ArgumentList @('-c', 'printf ''\377\376\351\000\r\000\n\000''')
            @($run.Output) | Should -Be @([string][char]0xE9)
        }

        It 'throws for a program that is not there' {
            { Invoke-FfProgram -FilePath ([System.IO.Path]::Combine($TestDrive, 'missing.exe')) -ArgumentList @() } | Should -Throw
        }
    }

    Describe 'Invoke-FfRunProgramRepair' {
        BeforeEach {
            Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 0; Output = @('Deleted 3 entries.', 'CertUtil: -URLCache command completed successfully.') } }
        }

        It 'runs the program by its full path under System32 with the step''s arguments: Succeeded' {
            $result = Invoke-FfRunProgramRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            Should -Invoke Invoke-FfProgram -Times 1 -Exactly -ParameterFilter {
                $FilePath -eq $certutil -and (@($ArgumentList) -join '|') -eq '-urlcache|*|delete'
            }
            $result.PSObject.TypeNames[0] | Should -Be 'FixForge.kbtest.StepResult'
            $result.Outcome | Should -Be 'Succeeded'
            $result.Context | Should -Be 'CurrentUser'
            $result.Message | Should -Be 'Delete the URL cache with certutil.'
            @($result.Changes).Count | Should -Be 1
            @($result.Changes)[0].Action | Should -Be 'Run'
            @($result.Changes)[0].Target | Should -Be $commandLine
            @($result.Changes)[0].After | Should -Be 'exit code 0'
            @($result.Problems).Count | Should -Be 0
        }

        It 'does not run a program that needs an elevated token for a user: Failed, and says why (issue 18.10)' {
            Mock Get-FfProcessRole { 'User' }
            Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 0; Output = @(); TimedOut = $false } }
            $step = New-TestStep
            $step.NeedsElevation = $true
            $result = Invoke-FfRunProgramRepair -Step $step -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Failed'
            $result.Message | Should -Match 'needs an elevated PowerShell'
            Should -Invoke Invoke-FfProgram -Times 0 -Exactly
        }

        It 'logs the command line and the program''s output' {
            [void](Invoke-FfRunProgramRepair -Step (New-TestStep) -Paths $paths -Confirm:$false)
            $log = @([System.IO.File]::ReadAllLines([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log')))
            $log[0] | Should -Match ('clearUrlCache: running ' + [regex]::Escape($commandLine) + '$')
            $log[1] | Should -Match 'clearUrlCache: Deleted 3 entries\.$'
            $log[2] | Should -Match 'clearUrlCache: CertUtil: -URLCache command completed successfully\.$'
        }

        It 'takes any of the step''s success exit codes as success' {
            Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 3010; Output = @() } }
            $result = Invoke-FfRunProgramRepair -Step (New-TestStep -SuccessExitCodes @(0, 3010)) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Succeeded'
            @($result.Changes)[0].After | Should -Be 'exit code 3010'
        }

        It 'reports another exit code as Failed, with the code in the message and a problem' {
            Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 5; Output = @('Access is denied.') } }
            $result = Invoke-FfRunProgramRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Failed'
            $result.Message | Should -Be ($certutil + ' exited with code 5')
            @($result.Problems).Count | Should -Be 1
            @($result.Problems)[0].Target | Should -Be $commandLine
            @($result.Problems)[0].Reason | Should -Be ($certutil + ' exited with code 5')
            @($result.Changes)[0].After | Should -Be 'exit code 5'
        }

        It 'reports a program that cannot start as Failed, without a change' {
            Mock Invoke-FfProgram { throw 'The term is not recognized as a name of a cmdlet, function, script file, or executable program.' }
            $result = Invoke-FfRunProgramRepair -Step (New-TestStep) -Paths $paths -Confirm:$false
            $result.Outcome | Should -Be 'Failed'
            $result.Message | Should -Match ('^' + [regex]::Escape($certutil) + ' could not be run: The term is not recognized')
            @($result.Changes).Count | Should -Be 0
            @($result.Problems).Count | Should -Be 1
        }

        It 'does not run the program under -WhatIf and reports what it would run' {
            $WhatIfPreference = $true
            try {
                $result = Invoke-FfRunProgramRepair -Step (New-TestStep) -Paths $paths
            }
            finally {
                $WhatIfPreference = $false
            }
            Should -Invoke Invoke-FfProgram -Times 0 -Exactly
            $result.Outcome | Should -Be 'WhatIf'
            @($result.Changes)[0].Target | Should -Be $commandLine
            [System.IO.File]::Exists([System.IO.Path]::Combine($paths.DataDirectory, 'kbtest.log')) | Should -BeFalse
        }

        It 'runs the 64-bit program through Sysnative from a 32-bit process' {
            Mock Test-FfWow64Process { $true }
            [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($paths.WindowsDirectory, 'Sysnative'))
            $native = Join-FfPath -Base $paths.WindowsDirectory -Segments @('Sysnative', 'certutil.exe')
            (Invoke-FfRunProgramRepair -Step (New-TestStep) -Paths $paths -Confirm:$false).Outcome | Should -Be 'Succeeded'
            Should -Invoke Invoke-FfProgram -Times 1 -Exactly -ParameterFilter { $FilePath -eq $native }
        }

        It 'fails the repair through Invoke-FfRepair when the program fails, and repairs when it succeeds' {
            $script:RepairSteps = @(New-TestStep)
            (Invoke-FfRepair -Paths $paths -Context @('CurrentUser') -Confirm:$false).Status | Should -Be 'Repaired'
            Mock Invoke-FfProgram { New-Object -TypeName PSObject -Property @{ ExitCode = 1; Output = @() } }
            (Invoke-FfRepair -Paths $paths -Context @('CurrentUser') -Confirm:$false).Status | Should -Be 'Failed'
            (Invoke-FfRepair -Paths $paths -Context @('CurrentUser') -WhatIf).Status | Should -Be 'WhatIf'
            Should -Invoke Invoke-FfProgram -Times 2 -Exactly
        }
    }
}
