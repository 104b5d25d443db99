<#
.SYNOPSIS
Flags constructs Windows PowerShell 2.0 lacks, on PowerShell's own parser and AST.

.DESCRIPTION
Cross-checks the compiler's text-based check (generator/check/ps2Constructs.ts). Writes one line
per finding, "file:line:col - PS2xxx: <construct> is not available in Windows PowerShell 2.0",
and sets exit code 1 when there is any finding or parse error.

.PARAMETER Path
The .ps1, .psm1 and .psd1 files to check.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true, Position = 0, ValueFromRemainingArguments = $true)]
    [string[]] $Path
)

$rules = @{
    PS2001 = '[ordered]'
    PS2002 = '[pscustomobject]'
    PS2003 = 'the -in/-notin operators'
    PS2004 = 'simplified Where-Object/ForEach-Object syntax'
    PS2005 = 'a CIM cmdlet'
    PS2006 = 'ConvertTo-Json/ConvertFrom-Json'
    PS2007 = 'the .ForEach()/.Where() methods'
    PS2008 = '$PSCommandPath'
    PS2009 = '$PSItem'
    PS2010 = '$PSScriptRoot outside a .psm1'
    PS2011 = '[Environment]::Is64BitProcess/Is64BitOperatingSystem (.NET 4)'
    PS2012 = 'a ::new() constructor call'
    PS2013 = 'a CmdletBinding argument without a value'
    PS2014 = 'a class or enum definition'
    PS2015 = 'a using statement'
    PS2016 = 'the -shl/-shr operators'
    PS2017 = 'a PowerShell 7 operator (??, ?., &&, ||, ternary)'
    PS2018 = 'a manifest key added after 2.0 (RootModule, CompatiblePSEditions)'
    PS2000 = 'a parse error'
}

$script:found = 0
function Write-Finding {
    param($File, $Extent, [string] $Code, [string] $Detail)
    $script:found++
    $what = $rules[$Code]
    if ($Detail) { $what = $Detail }
    '{0}:{1}:{2} - {3}: {4} is not available in Windows PowerShell 2.0' -f $File, $Extent.StartLineNumber, $Extent.StartColumnNumber, $Code, $what
}

$simplified = @('Where-Object', 'ForEach-Object', 'where', 'foreach', '?', '%')
$laterOperators = @('In', 'Iin', 'Cin', 'Notin', 'Inotin', 'Cnotin')
$shiftOperators = @('Shl', 'Shr')

foreach ($file in $Path) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    foreach ($e in $errors) { Write-Finding $file $e.Extent 'PS2000' ('a parse error (' + $e.Message + ')') }
    $extension = [System.IO.Path]::GetExtension($file).ToLowerInvariant()
    $nodes = $ast.FindAll({ $true }, $true)
    foreach ($node in $nodes) {
        switch ($node.GetType().Name) {
            'TypeExpressionAst' { $t = $node.TypeName.Name }
            'ConvertExpressionAst' { $t = $node.Type.TypeName.Name }
            default { $t = $null }
        }
        if ($t -eq 'ordered') { Write-Finding $file $node.Extent 'PS2001' }
        if ($t -eq 'pscustomobject') { Write-Finding $file $node.Extent 'PS2002' }
        switch ($node.GetType().Name) {
            'BinaryExpressionAst' {
                $op = [string]$node.Operator
                if ($laterOperators -contains $op) { Write-Finding $file $node.Extent 'PS2003' }
                if ($shiftOperators -contains $op) { Write-Finding $file $node.Extent 'PS2016' }
                if ($op -eq 'QuestionQuestion') { Write-Finding $file $node.Extent 'PS2017' }
            }
            'CommandAst' {
                $name = $node.GetCommandName()
                if ($name) {
                    if ($simplified -contains $name) {
                        $blocks = @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.ScriptBlockExpressionAst] })
                        if ($blocks.Count -eq 0) { Write-Finding $file $node.Extent 'PS2004' }
                    }
                    if ($name -like '*-Cim*') { Write-Finding $file $node.Extent 'PS2005' }
                    if ($name -eq 'ConvertTo-Json' -or $name -eq 'ConvertFrom-Json') { Write-Finding $file $node.Extent 'PS2006' }
                }
            }
            'InvokeMemberExpressionAst' {
                $member = [string]$node.Member.Value
                if (-not $node.Static -and ($member -eq 'ForEach' -or $member -eq 'Where')) { Write-Finding $file $node.Extent 'PS2007' }
                if ($node.Static -and $member -eq 'new') { Write-Finding $file $node.Extent 'PS2012' }
                if ($node.NullConditional) { Write-Finding $file $node.Extent 'PS2017' }
            }
            'MemberExpressionAst' {
                $member = [string]$node.Member.Value
                if ($node.Static -and ($member -eq 'Is64BitProcess' -or $member -eq 'Is64BitOperatingSystem')) { Write-Finding $file $node.Extent 'PS2011' }
                if ($node.NullConditional) { Write-Finding $file $node.Extent 'PS2017' }
            }
            'VariableExpressionAst' {
                $variable = $node.VariablePath.UserPath
                if ($variable -eq 'PSCommandPath') { Write-Finding $file $node.Extent 'PS2008' }
                if ($variable -eq 'PSItem') { Write-Finding $file $node.Extent 'PS2009' }
                if ($variable -eq 'PSScriptRoot' -and $extension -ne '.psm1') { Write-Finding $file $node.Extent 'PS2010' }
            }
            'AttributeAst' {
                if ($node.TypeName.Name -eq 'CmdletBinding') {
                    foreach ($argument in $node.NamedArguments) {
                        if ($argument.ExpressionOmitted) { Write-Finding $file $argument.Extent 'PS2013' }
                    }
                }
            }
            'TypeDefinitionAst' { Write-Finding $file $node.Extent 'PS2014' }
            'UsingStatementAst' { Write-Finding $file $node.Extent 'PS2015' }
            'TernaryExpressionAst' { Write-Finding $file $node.Extent 'PS2017' }
            'PipelineChainAst' { Write-Finding $file $node.Extent 'PS2017' }
            'HashtableAst' {
                if ($extension -eq '.psd1') {
                    foreach ($pair in $node.KeyValuePairs) {
                        $key = [string]$pair.Item1.Value
                        if ($key -eq 'RootModule' -or $key -eq 'CompatiblePSEditions') { Write-Finding $file $pair.Item1.Extent 'PS2018' }
                    }
                }
            }
        }
    }
}

# exit ends only this script when it is called with & from another one.
if ($script:found -gt 0) { exit 1 }
exit 0
