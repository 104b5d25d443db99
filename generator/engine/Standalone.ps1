# fixforge engine for standalone scripts (Intune Remediations, the GPO startup script): quiet runs,
# one-line summaries and the failure test. Real PowerShell, Windows PowerShell 2.0-safe; the emitters
# put it after Core.ps1 and the handlers.

function Invoke-FfQuiet {
    # Runs the engine with its error stream captured: errors go to the log, never to stderr
    # (Intune counts anything on stderr as a script failure). Returns the other output and counts
    # the errors in $script:FfErrorCount, which the caller sets to 0 first.
    param(
        [Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock,
        [Parameter(Mandatory = $true)] [string] $DataDirectory
    )
    foreach ($item in @(& $ScriptBlock 2>&1)) {
        if ($item -is [System.Management.Automation.ErrorRecord]) {
            $script:FfErrorCount++
            Write-FfLog -DataDirectory $DataDirectory -Message ('error: ' + [string]$item)
        }
        else {
            $item
        }
    }
}

function Get-FfConsoleEncoding {
    # The encoding stdout is written in: the console's code page (OEM, e.g. 850 on a German or
    # French Windows, 437 on an English one), which is what Intune reads the summary through.
    try { [Console]::OutputEncoding }
    catch { [System.Text.Encoding]::ASCII }
}

function Test-FfEncodable {
    # Whether $Text comes back unchanged through $Encoding (best-fit mappings such as l for
    # l-with-stroke count as lost).
    param([string] $Text, [Parameter(Mandatory = $true)] [System.Text.Encoding] $Encoding)
    $Encoding.GetString($Encoding.GetBytes($Text)) -ceq $Text
}

function ConvertTo-FfAscii {
    # An ASCII stand-in for one character (or surrogate pair), as fixforge's .cmd files use: marks
    # dropped from letters, typographic quotes and dashes in their ASCII forms, others '?'.
    param([Parameter(Mandatory = $true)] [string] $Character)
    $code = [int][char]$Character[0]
    if ($Character.Length -eq 1 -and $code -ge 0x20 -and $code -le 0x7E) { return $Character }
    # The same stand-ins as generator/vocabulary/escape/transliterate.ts (a test compares the two).
    $standIns = @{
        0x2018 = ''''; 0x2019 = ''''; 0x201A = ''''; 0x201B = ''''; 0x2032 = ''''; 0x00B4 = ''''; 0x02BC = ''''
        0x201C = '"'; 0x201D = '"'; 0x201E = '"'; 0x201F = '"'; 0x2033 = '"'; 0x00AB = '"'; 0x00BB = '"'
        0x2039 = ''''; 0x203A = ''''; 0x2010 = '-'; 0x2011 = '-'; 0x2012 = '-'; 0x2013 = '-'; 0x2014 = '-'
        0x2015 = '-'; 0x2212 = '-'; 0x00AD = ''; 0x2026 = '...'; 0x2022 = '*'; 0x00B7 = '.'; 0x00A0 = ' '
        0x2007 = ' '; 0x2009 = ' '; 0x200A = ' '; 0x202F = ' '; 0x2002 = ' '; 0x2003 = ' '; 0x00DF = 'ss'
        0x1E9E = 'SS'; 0x00E6 = 'ae'; 0x00C6 = 'AE'; 0x0153 = 'oe'; 0x0152 = 'OE'; 0x00F8 = 'o'; 0x00D8 = 'O'
        0x0142 = 'l'; 0x0141 = 'L'; 0x0111 = 'd'; 0x0110 = 'D'; 0x00F0 = 'd'; 0x00D0 = 'D'; 0x00FE = 'th'
        0x00DE = 'Th'; 0x0131 = 'i'; 0x20AC = 'EUR'; 0x00A9 = '(c)'; 0x00AE = '(R)'; 0x2122 = '(TM)'; 0x00D7 = 'x'
    }
    if ($Character.Length -eq 1 -and $standIns.ContainsKey($code)) { return $standIns[$code] }
    if ($Character.Length -eq 1) {
        $decomposed = $Character.Normalize([System.Text.NormalizationForm]::FormD)
        # Only a letter sheds its marks: U+2260 (not equal) decomposes to '=' and a slash overlay.
        if ($decomposed.Length -gt 1 -and $decomposed[0] -cmatch '^[A-Za-z]$') {
            $marks = $true
            for ($i = 1; $i -lt $decomposed.Length; $i++) {
                $category = [System.Globalization.CharUnicodeInfo]::GetUnicodeCategory($decomposed[$i])
                if ($category -ne 'NonSpacingMark' -and $category -ne 'SpacingCombiningMark' -and $category -ne 'EnclosingMark') { $marks = $false }
            }
            if ($marks) { return [string]$decomposed[0] }
        }
    }
    '?'
}

function Select-FfStrings {
    # The string table for the messages and the summary: the machine's UI culture when the fix
    # carries it (or one of the same language), else en-US. en-US also when the console cannot show
    # the culture's letters (a Japanese text through code page 850 would be all '?'): the summary
    # Intune shows must be readable. Punctuation the console lacks is replaced by Format-FfSummary.
    param(
        [Parameter(Mandatory = $true)] [hashtable] $Tables,
        [string] $Culture = [System.Threading.Thread]::CurrentThread.CurrentUICulture.Name
    )
    $chosen = $null
    foreach ($name in $Tables.Keys) { if ($name -eq $Culture) { $chosen = $name } }
    if (-not $chosen -and $Culture) {
        $language = ($Culture -split '-')[0]
        foreach ($name in @($Tables.Keys | Sort-Object)) { if (-not $chosen -and ($name -split '-')[0] -eq $language) { $chosen = $name } }
    }
    if (-not $chosen) { $chosen = 'en-US' }
    if ($chosen -ne 'en-US') {
        $encoding = Get-FfConsoleEncoding
        foreach ($text in @($Tables[$chosen].Values)) {
            foreach ($character in ([string]$text).ToCharArray()) {
                if ([char]::IsLetter($character) -and -not (Test-FfEncodable -Text ([string]$character) -Encoding $encoding)) { $chosen = 'en-US' }
            }
            if ($chosen -eq 'en-US') { break }
        }
    }
    $Tables[$chosen]
}

function Format-FfSummary {
    # One line, short enough for Intune's 2,048-character output limit, in characters the console
    # can write: any other character is replaced by its ASCII stand-in (ConvertTo-FfAscii).
    param([Parameter(Mandatory = $true)] [string] $Text)
    $encoding = Get-FfConsoleEncoding
    $flat = $Text -replace '[\r\n\t\v\f\u0085\u2028\u2029]+', ' '
    $builder = New-Object -TypeName System.Text.StringBuilder
    for ($i = 0; $i -lt $flat.Length; $i++) {
        $character = [string]$flat[$i]
        if ([char]::IsHighSurrogate($flat[$i]) -and $i + 1 -lt $flat.Length -and [char]::IsLowSurrogate($flat[$i + 1])) {
            $character = $flat.Substring($i, 2)
            $i++
        }
        $code = [int][char]$character[0]
        if ($code -ge 0x20 -and $code -le 0x7E) { [void]$builder.Append($character) }
        elseif ($code -gt 0x9F -and -not [char]::IsSurrogate($character, 0) -and (Test-FfEncodable -Text $character -Encoding $encoding)) { [void]$builder.Append($character) }
        elseif ($character.Length -eq 2 -and (Test-FfEncodable -Text $character -Encoding $encoding)) { [void]$builder.Append($character) }
        else { [void]$builder.Append((ConvertTo-FfAscii -Character $character)) }
    }
    $line = $builder.ToString()
    if ($line.Length -gt 2000) {
        $cut = 1997
        # Never split a surrogate pair.
        if ([char]::IsHighSurrogate($line[$cut - 1])) { $cut-- }
        $line = $line.Substring(0, $cut) + '...'
    }
    $line
}

function Get-FfDetectionSummary {
    # The findings of one detection run in one line; the problem steps decide, evidence only explains.
    param([Parameter(Mandatory = $true)] $Test)
    $parts = @()
    foreach ($finding in @($Test.Findings)) {
        if ($finding.Indicates -eq 'problem') {
            if ($finding.Detected) { $parts += ('{0} ({1} found)' -f $finding.Message, $finding.Count) }
            else { $parts += $finding.Message }
        }
        elseif ($finding.Detected) {
            $parts += ('Evidence: {0} ({1} found)' -f $finding.Message, $finding.Count)
        }
    }
    foreach ($hint in @($Test.Hints)) { $parts += ('Hint: ' + $hint) }
    $parts -join ' '
}

function Get-FfDetectionError {
    # A problem step that could not run (e.g. the event log could not be read) is not "clean".
    param([Parameter(Mandatory = $true)] $Test)
    foreach ($finding in @($Test.Findings)) {
        if ($finding.Indicates -eq 'problem' -and $finding.Error) { ('{0}: {1}' -f $finding.StepId, $finding.Error) }
    }
}
