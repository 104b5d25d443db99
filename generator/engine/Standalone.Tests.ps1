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

        It 'replaces what the console cannot write with its ASCII stand-in: letters without marks, quotes, dashes, else ?' {
            Mock Get-FfConsoleEncoding { [System.Text.Encoding]::ASCII }
            $text = 'caf' + [char]0x00E9 + ' ' + [char]0x2014 + ' ok' + [char]0x0007 + ' ' + [char]0x2019 + [char]0x65E5
            Format-FfSummary -Text $text | Should -Be "cafe - ok? '?"
        }

        It 'keeps what the console code page has: code page 850 keeps the umlauts, not the German quotes' {
            Mock Get-FfConsoleEncoding { [System.Text.Encoding]::GetEncoding(850) }
            $text = 'Gr' + [char]0x00F6 + [char]0x00DF + 'e ' + [char]0x201E + 'x' + [char]0x201C + ' ' + [char]0x0142
            Format-FfSummary -Text $text | Should -BeExactly ('Gr' + [char]0x00F6 + [char]0x00DF + 'e "x" l')
        }

        It 'keeps every character through UTF-8, a surrogate pair too, and never cuts one in half' {
            Mock Get-FfConsoleEncoding { New-Object System.Text.UTF8Encoding($false) }
            $wrench = [string][char]0xD83D + [char]0xDD27
            Format-FfSummary -Text ('a' + $wrench) | Should -BeExactly ('a' + $wrench)
            $line = Format-FfSummary -Text (('x' * 1996) + $wrench + ('y' * 10))
            $line.Length | Should -BeLessOrEqual 2000
            $line | Should -BeExactly (('x' * 1996) + '...')
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

    Describe 'ConvertTo-FfAscii' {
        It 'gives the stand-ins the .cmd files use' {
            ConvertTo-FfAscii -Character ([string][char]0x00F6) | Should -BeExactly 'o'
            ConvertTo-FfAscii -Character ([string][char]0x00C9) | Should -BeExactly 'E'
            ConvertTo-FfAscii -Character ([string][char]0x2019) | Should -BeExactly "'"
            ConvertTo-FfAscii -Character ([string][char]0x2013) | Should -BeExactly '-'
            ConvertTo-FfAscii -Character ([string][char]0x00DF) | Should -BeExactly 'ss'
            ConvertTo-FfAscii -Character ([string][char]0x0142) | Should -BeExactly 'l'
            ConvertTo-FfAscii -Character ([string][char]0x2260) | Should -BeExactly '?'
            ConvertTo-FfAscii -Character ([string][char]0x30AD) | Should -BeExactly '?'
            ConvertTo-FfAscii -Character ([string][char]0xD83D + [char]0xDD27) | Should -BeExactly '?'
        }
    }

    Describe 'Select-FfStrings' {
        BeforeEach {
            $tables = @{
                'en-US' = @{ Title = 'Check the size' }
                'de-DE' = @{ Title = 'Gr' + [char]0x00F6 + [char]0x00DF + 'e pr' + [char]0x00FC + 'fen ' + [char]0x201E + 'jetzt' + [char]0x201C }
                'ja-JP' = @{ Title = [string][char]0x30AD + [char]0x30E3 }
            }
        }

        It 'takes the culture, or one of its language, when the console can show its letters (punctuation aside)' {
            Mock Get-FfConsoleEncoding { [System.Text.Encoding]::GetEncoding(850) }
            (Select-FfStrings -Tables $tables -Culture 'de-DE').Title | Should -BeExactly $tables['de-DE'].Title
            (Select-FfStrings -Tables $tables -Culture 'de-CH').Title | Should -BeExactly $tables['de-DE'].Title
        }

        It 'falls back to en-US for a culture the fix has no text in, the invariant culture, or letters the console lacks' {
            Mock Get-FfConsoleEncoding { [System.Text.Encoding]::GetEncoding(850) }
            (Select-FfStrings -Tables $tables -Culture 'sv-SE').Title | Should -Be 'Check the size'
            (Select-FfStrings -Tables $tables -Culture '').Title | Should -Be 'Check the size'
            (Select-FfStrings -Tables $tables -Culture 'ja-JP').Title | Should -Be 'Check the size'
            Mock Get-FfConsoleEncoding { [System.Text.Encoding]::GetEncoding(932) }
            (Select-FfStrings -Tables $tables -Culture 'ja-JP').Title | Should -BeExactly $tables['ja-JP'].Title
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
