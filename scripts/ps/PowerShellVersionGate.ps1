# Which PowerShell versions run a piece of code, read from the AST: the engine chooses per edition at
# run time with `if ($PSVersionTable.PSVersion.Major -ge 3) { <3.0 and later> } else { <2.0> }`
# (also -gt, -le, -lt, -eq, and elseif). Get-PsVersionGate narrows the major versions a node runs
# on by every such clause around it; any other condition narrows nothing. Dot-sourced by
# Test-Ps2Compatibility.ps1 and Get-PowerShellUsage.ps1, so both read a gate the same way.

function ConvertTo-PsVersionRange {
    # The majors for which a condition is true (or, -Negate, false): @(min, max), or $null when the
    # condition is not a version gate or its negation is not one range.
    param($Condition, [switch] $Negate)
    $text = $Condition.Extent.Text -replace '\s+', ''
    if ($text -notmatch '^\$PSVersionTable\.PSVersion\.Major-(ge|gt|le|lt|eq)(\d+)$') { return $null }
    $n = [int]$Matches[2]
    $op = $Matches[1].ToLowerInvariant()
    if ($Negate) {
        switch ($op) {
            'ge' { $op = 'lt' }
            'gt' { $op = 'le' }
            'le' { $op = 'gt' }
            'lt' { $op = 'ge' }
            default { return $null }
        }
    }
    switch ($op) {
        'ge' { return , @($n, [int]::MaxValue) }
        'gt' { return , @(($n + 1), [int]::MaxValue) }
        'le' { return , @(0, $n) }
        'lt' { return , @(0, ($n - 1)) }
        default { return , @($n, $n) }
    }
}

function Get-PsVersionGate {
    # @{ Min; Max }: the PowerShell major versions that can run this node.
    param($Node)
    $gate = @{ Min = 0; Max = [int]::MaxValue }
    $child = $Node
    $parent = $Node.Parent
    while ($parent) {
        if ($parent -is [System.Management.Automation.Language.IfStatementAst]) {
            $ranges = @()
            $inBody = $false
            foreach ($clause in $parent.Clauses) {
                if ([object]::ReferenceEquals($clause.Item1, $child)) { break }
                if ([object]::ReferenceEquals($clause.Item2, $child)) { $ranges += , (ConvertTo-PsVersionRange $clause.Item1); $inBody = $true; break }
                $ranges += , (ConvertTo-PsVersionRange $clause.Item1 -Negate)
            }
            if ($inBody -or [object]::ReferenceEquals($parent.ElseClause, $child)) {
                foreach ($range in $ranges) {
                    if ($null -eq $range) { continue }
                    $gate.Min = [Math]::Max($gate.Min, $range[0])
                    $gate.Max = [Math]::Min($gate.Max, $range[1])
                }
            }
        }
        $child = $parent
        $parent = $parent.Parent
    }
    $gate
}
