# Pester 5 unit tests for the standalone-script helpers (Standalone.ps1: Intune Remediations and the
# GPO startup script), independent of any build. Needs PowerShell 5.1 or later.
# Invoke-Pester -Path generator/engine/Standalone.Tests.ps1 -Output Detailed

Describe 'Standalone.ps1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Core.ps1')
        . (Join-Path $PSScriptRoot 'Standalone.ps1')

        function New-TestFinding {
            param([string] $StepId, [string] $Indicates, [bool] $Detected, [int] $Count = 0, [string] $Message, [string] $ErrorText = $null)
            New-FfObject -TypeName 'FixForge.kbtest.Finding' -Name @('StepId', 'Indicates', 'Detected', 'Count', 'Message', 'Error') -Value @{
                StepId = $StepId; Indicates = $Indicates; Detected = $Detected; Count = $Count; Message = $Message; Error = $ErrorText
            }
        }

        function New-TestResult {
            param([object[]] $Findings, [object[]] $Hints = @())
            New-FfObject -TypeName 'FixForge.kbtest.TestResult' -Name @('Findings', 'Hints') -Value @{ Findings = $Findings; Hints = $Hints }
        }
    }

    BeforeEach {
        Set-StrictMode -Version 2.0
        $script:FixId = 'kbtest'
        $data = [System.IO.Path]::Combine($TestDrive, ('data-' + [guid]::NewGuid().ToString('N')))
    }

    Describe 'Invoke-FfQuiet' {
        It 'passes the output on, and logs and counts the errors instead of writing them' {
            $script:FfErrorCount = 0
            $all = @(Invoke-FfQuiet -DataDirectory $data -ScriptBlock {
                    'first'
                    Write-Error -Message 'Access is denied.'
                    42
                    Write-Error -Message 'The file is in use.'
                } 2>&1)
            @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 0
            $all | Should -Be @('first', 42)
            $script:FfErrorCount | Should -Be 2
            $log = @([System.IO.File]::ReadAllLines([System.IO.Path]::Combine($data, 'kbtest.log')))
            $log.Count | Should -Be 2
            $log[0] | Should -Match ' error: Access is denied\.$'
            $log[1] | Should -Match ' error: The file is in use\.$'
        }

        It 'adds to the count the caller started' {
            $script:FfErrorCount = 3
            [void](Invoke-FfQuiet -DataDirectory $data -ScriptBlock { Write-Error -Message 'one more' })
            $script:FfErrorCount | Should -Be 4
        }

        It 'counts nothing and logs nothing for a clean run' {
            $script:FfErrorCount = 0
            $output = @(Invoke-FfQuiet -DataDirectory $data -ScriptBlock { 'ok' })
            $output | Should -Be @('ok')
            $script:FfErrorCount | Should -Be 0
            [System.IO.File]::Exists([System.IO.Path]::Combine($data, 'kbtest.log')) | Should -BeFalse
        }
    }

    Describe 'Format-FfSummary' {
        It 'keeps a short printable line as it is' {
            Format-FfSummary -Text 'Repaired, 2 change(s), 0 problem(s)' | Should -Be 'Repaired, 2 change(s), 0 problem(s)'
        }

        It 'joins lines and tabs with a space' {
            Format-FfSummary -Text "one`r`ntwo`n`tthree" | Should -Be 'one two three'
        }

        It 'replaces every character outside printable ASCII with ?' {
            $text = 'caf' + [char]0x00E9 + ' ' + [char]0x2014 + ' ok' + [char]0x0007
            Format-FfSummary -Text $text | Should -Be 'caf? ? ok?'
        }

        It 'cuts a long line to 2,000 characters, ending in ...' {
            $line = Format-FfSummary -Text ('x' * 5000)
            $line.Length | Should -Be 2000
            $line.EndsWith('...') | Should -BeTrue
            $line.Substring(0, 1997) | Should -Be ('x' * 1997)
            (Format-FfSummary -Text ('y' * 2000)).Length | Should -Be 2000
            (Format-FfSummary -Text ('y' * 2000)).EndsWith('...') | Should -BeFalse
        }
    }

    Describe 'Get-FfDetectionSummary' {
        It 'names each problem step, found or not, with the count when found' {
            $test = New-TestResult -Findings @(
                (New-TestFinding -StepId 'p1' -Indicates 'problem' -Detected $true -Count 3 -Message 'Events found.'),
                (New-TestFinding -StepId 'p2' -Indicates 'problem' -Detected $false -Message 'No stale files.')
            )
            Get-FfDetectionSummary -Test $test | Should -Be 'Events found. (3 found) No stale files.'
        }

        It 'mentions evidence only when it was found, and adds the hints' {
            $test = New-TestResult -Findings @(
                (New-TestFinding -StepId 'p1' -Indicates 'problem' -Detected $false -Message 'Clean.'),
                (New-TestFinding -StepId 'e1' -Indicates 'evidence' -Detected $true -Count 1 -Message 'Cached copy.'),
                (New-TestFinding -StepId 'e2' -Indicates 'evidence' -Detected $false -Message 'Nothing else.')
            ) -Hints @('Check the proxy.')
            Get-FfDetectionSummary -Test $test | Should -Be 'Clean. Evidence: Cached copy. (1 found) Hint: Check the proxy.'
        }

        It 'is empty for a fix without findings' {
            Get-FfDetectionSummary -Test (New-TestResult -Findings @()) | Should -Be ''
        }
    }

    Describe 'Get-FfDetectionError' {
        It 'names the problem steps that could not run, not the evidence ones' {
            $test = New-TestResult -Findings @(
                (New-TestFinding -StepId 'p1' -Indicates 'problem' -Detected $false -Message 'x' -ErrorText 'The RPC server is unavailable.'),
                (New-TestFinding -StepId 'p2' -Indicates 'problem' -Detected $false -Message 'Clean.'),
                (New-TestFinding -StepId 'e1' -Indicates 'evidence' -Detected $false -Message 'x' -ErrorText 'Access is denied.')
            )
            @(Get-FfDetectionError -Test $test) | Should -Be @('p1: The RPC server is unavailable.')
        }

        It 'returns nothing when every step ran' {
            $test = New-TestResult -Findings @((New-TestFinding -StepId 'p1' -Indicates 'problem' -Detected $true -Count 1 -Message 'Found.'))
            @(Get-FfDetectionError -Test $test).Count | Should -Be 0
        }

        It 'reads a finding from New-FfFinding, whose Error is empty when the step ran' {
            $script:Strings = @{ D = 'Detected.'; C = 'Clean.' }
            $step = @{ Id = 'p1'; Kind = 'fake'; Indicates = 'problem'; DetectedKey = 'D'; CleanKey = 'C' }
            $clean = New-TestResult -Findings @(New-FfFinding -Step $step)
            @(Get-FfDetectionError -Test $clean).Count | Should -Be 0
            $broken = New-TestResult -Findings @(New-FfFinding -Step $step -ErrorText 'Log unreadable.')
            @(Get-FfDetectionError -Test $broken) | Should -Be @('p1: Log unreadable.')
        }
    }
}
