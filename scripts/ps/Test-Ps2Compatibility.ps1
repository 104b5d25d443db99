<#
.SYNOPSIS
Flags the constructs Windows PowerShell 2.0 lacks, using PowerShell's own parser and AST.

.DESCRIPTION
Runs under pwsh 7. Parses each file with [System.Management.Automation.Language.Parser]::ParseFile
and reports its parse errors (PS2000; these are pwsh 7's, 2.0's parser is stricter), then walks the
AST and reports every construct on the list in docs/windows-facts section 2, plus the PowerShell 7
operators, one line per finding:

    <file>:<line>:<column> - PS2xxx: <construct> is not available in Windows PowerShell 2.0

The codes are stable; the table below is the only place that names them. It is the project's one
2.0 check: CI runs it over the engine sources (generator/engine, the step handlers) and over every
generated module meant for 2.0. The real parser also sees the forms a text match would miss (-cin,
.ForEach{ }, [Parameter(Mandatory)], Where-Object -Property, ...). Exit code 1 when there is any
finding or parse error, 0 otherwise.

Code that runs only on 3.0 and later, inside `if ($PSVersionTable.PSVersion.Major -ge 3) { }` (see
PowerShellVersionGate.ps1), may use what 2.0 lacks at run time (CIM cmdlets, [ordered], ::new(),
...), but never what 2.0's parser refuses: 2.0 parses the whole file before it runs any of it.
Which commands and .NET members each edition has is checked against per-edition data by
Get-PowerShellUsage.ps1 (test/pwsh/editions.test.ts).

.PARAMETER Path
The .ps1, .psm1 and .psd1 files to check; a folder stands for every such file below it.

.EXAMPLE
pwsh -NoProfile -File scripts/ps/Test-Ps2Compatibility.ps1 -Path out/kb2328240/module
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true, Position = 0)]
    [string[]] $Path,

    # `pwsh -File` passes every argument as a string, so `-Path a.ps1 b.ps1` arrives as -Path a.ps1
    # followed by the others: they land here.
    [Parameter(ValueFromRemainingArguments = $true, DontShow = $true)]
    [string[]] $MorePaths = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$rules = @{
    PS2001 = '[ordered]'
    PS2002 = '[pscustomobject]'
    PS2003 = 'the -in or -notin operator'
    PS2004 = 'the simplified Where-Object/ForEach-Object syntax (no script block)'
    PS2005 = 'a CIM cmdlet'
    PS2006 = 'ConvertTo-Json or ConvertFrom-Json'
    PS2007 = 'the .ForEach() or .Where() method'
    PS2008 = '$PSCommandPath'
    PS2009 = '$PSItem'
    PS2010 = '$PSScriptRoot outside a .psm1'
    PS2011 = '[Environment]::Is64BitProcess or Is64BitOperatingSystem (.NET 4)'
    PS2012 = 'a ::new() constructor call'
    PS2013 = 'an attribute argument without a value'
    PS2014 = 'a class or enum definition'
    PS2015 = 'a using statement'
    PS2016 = 'the -shl or -shr operator'
    PS2017 = 'a PowerShell 7 operator'
    PS2018 = 'a module manifest key added after 2.0'
}

# Every key a PowerShell 2.0 module manifest may hold (New-ModuleManifest 2.0); 2.0 refuses any other.
$manifestKeys2 = @(
    'ModuleToProcess', 'NestedModules', 'GUID', 'Author', 'CompanyName', 'Copyright', 'ModuleVersion', 'Description',
    'PowerShellVersion', 'PowerShellHostName', 'PowerShellHostVersion', 'DotNetFrameworkVersion', 'CLRVersion',
    'ProcessorArchitecture', 'RequiredModules', 'RequiredAssemblies', 'ScriptsToProcess', 'TypesToProcess',
    'FormatsToProcess', 'FunctionsToExport', 'CmdletsToExport', 'VariablesToExport', 'AliasesToExport',
    'ModuleList', 'FileList', 'PrivateData'
)
# Keys that make a .psd1 a module manifest rather than a data file (Import-LocalizedData strings may
# well have a Description): every manifest needs ModuleVersion, and names its root module.
$manifestMarkers = @('ModuleVersion', 'ModuleToProcess', 'RootModule')

$simplifiedCommands = @('Where-Object', 'ForEach-Object', 'where', 'foreach', '?', '%')
# Parameters that take the script block; a prefix of one is what PowerShell binds too.
$scriptBlockParameters = @('FilterScript', 'Process', 'Begin', 'End', 'RemainingScripts')
$inOperators = @('In', 'Iin', 'Cin', 'NotIn', 'Inotin', 'Cnotin')
$shiftOperators = @('Shl', 'Shr')
$customObjectTypes = @('pscustomobject', 'System.Management.Automation.PSCustomObject')

# What 2.0 lacks only when the code runs (its parser reads these fine): allowed in a branch that
# runs on 3.0 and later only. The other rules are about 2.0's parser, which reads every branch.
$runtimeRules = @('PS2001', 'PS2002', 'PS2005', 'PS2006', 'PS2007', 'PS2008', 'PS2009', 'PS2011', 'PS2012')

. ([System.IO.Path]::Combine($PSScriptRoot, 'PowerShellVersionGate.ps1'))

$script:found = 0
$script:node = $null

function Write-Finding {
    param($File, $Extent, [string] $Code, [string] $Construct)
    if ($runtimeRules -contains $Code -and $script:node -and (Get-PsVersionGate $script:node).Min -ge 3) { return }
    $script:found++
    if (-not $Construct) { $Construct = $rules[$Code] }
    '{0}:{1}:{2} - {3}: {4} is not available in Windows PowerShell 2.0' -f $File, $Extent.StartLineNumber, $Extent.StartColumnNumber, $Code, $Construct
}

function Test-SimplifiedSyntax($Command) {
    foreach ($element in @($Command.CommandElements | Select-Object -Skip 1)) {
        if ($element -is [System.Management.Automation.Language.ScriptBlockExpressionAst]) { return $false }
        if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
            foreach ($name in $scriptBlockParameters) {
                if ($name.StartsWith($element.ParameterName, [System.StringComparison]::OrdinalIgnoreCase)) { return $false }
            }
        }
    }
    return $true
}

function Get-Findings([string] $File) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($File, [ref]$tokens, [ref]$errors)
    foreach ($e in $errors) {
        # A file that cannot be read comes back as an error at 0:0.
        $script:found++
        '{0}:{1}:{2} - PS2000: parse error {3}: {4}' -f $File, [Math]::Max(1, $e.Extent.StartLineNumber), [Math]::Max(1, $e.Extent.StartColumnNumber), $e.ErrorId, ($e.Message -replace '\s*\r?\n\s*', ' ')
    }
    $extension = [System.IO.Path]::GetExtension($File).ToLowerInvariant()

    foreach ($node in $ast.FindAll({ $true }, $true)) {
        $script:node = $node
        switch ($node.GetType().Name) {
            { $_ -in 'TypeExpressionAst', 'TypeConstraintAst' } {
                # A cast like [ordered]@{} is a ConvertExpressionAst whose type is a TypeConstraintAst.
                $typeName = $node.TypeName.FullName
                if ($typeName -eq 'ordered') { Write-Finding $File $node.Extent 'PS2001' }
                if ($customObjectTypes -contains $typeName) { Write-Finding $File $node.Extent 'PS2002' }
            }
            'BinaryExpressionAst' {
                $operator = [string]$node.Operator
                if ($inOperators -contains $operator) { Write-Finding $File $node.Extent 'PS2003' ('the {0} operator' -f $node.ErrorPosition.Text) }
                if ($shiftOperators -contains $operator) { Write-Finding $File $node.Extent 'PS2016' ('the {0} operator' -f $node.ErrorPosition.Text) }
                if ($operator -eq 'QuestionQuestion') { Write-Finding $File $node.Extent 'PS2017' 'the null-coalescing operator ??' }
            }
            'AssignmentStatementAst' {
                if ([string]$node.Operator -eq 'QuestionQuestionEquals') { Write-Finding $File $node.Extent 'PS2017' 'the null-coalescing assignment ??=' }
            }
            'TernaryExpressionAst' { Write-Finding $File $node.Extent 'PS2017' 'the ternary operator ? :' }
            'PipelineChainAst' { Write-Finding $File $node.Extent 'PS2017' 'a pipeline chain operator (&& or ||)' }
            'IndexExpressionAst' {
                if ($node.NullConditional) { Write-Finding $File $node.Extent 'PS2017' 'the null-conditional index ?[]' }
            }
            'CommandAst' {
                $name = $node.GetCommandName()
                if (-not $name) { break }
                if ($simplifiedCommands -contains $name -and (Test-SimplifiedSyntax $node)) { Write-Finding $File $node.Extent 'PS2004' }
                if ($name -like '*-Cim*') { Write-Finding $File $node.Extent 'PS2005' "the CIM cmdlet $name" }
                if ($name -eq 'ConvertTo-Json' -or $name -eq 'ConvertFrom-Json') { Write-Finding $File $node.Extent 'PS2006' $name }
            }
            { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst' } {
                $member = $node.Member
                $memberName = ''
                if ($member -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $memberName = $member.Value }
                $invoke = $node -is [System.Management.Automation.Language.InvokeMemberExpressionAst]
                if ($invoke -and -not $node.Static -and ($memberName -eq 'ForEach' -or $memberName -eq 'Where')) { Write-Finding $File $node.Extent 'PS2007' "the .$memberName() method" }
                if ($invoke -and $node.Static -and $memberName -eq 'new') { Write-Finding $File $node.Extent 'PS2012' }
                if (-not $invoke -and $node.Static -and ($memberName -eq 'Is64BitProcess' -or $memberName -eq 'Is64BitOperatingSystem')) {
                    Write-Finding $File $node.Extent 'PS2011' "[Environment]::$memberName (.NET 4)"
                }
                if ($node.NullConditional) { Write-Finding $File $node.Extent 'PS2017' 'the null-conditional member access ?.' }
            }
            'VariableExpressionAst' {
                $variable = $node.VariablePath.UserPath
                if ($variable -eq 'PSCommandPath') { Write-Finding $File $node.Extent 'PS2008' }
                if ($variable -eq 'PSItem') { Write-Finding $File $node.Extent 'PS2009' }
                if ($variable -eq 'PSScriptRoot' -and $extension -ne '.psm1') { Write-Finding $File $node.Extent 'PS2010' }
            }
            'AttributeAst' {
                # 2.0 wants every named argument written out: [CmdletBinding(SupportsShouldProcess = $true)],
                # [Parameter(Mandatory = $true)]; without a value it fails with MissingEqualsInNamedArgument.
                foreach ($argument in $node.NamedArguments) {
                    if ($argument.ExpressionOmitted) {
                        Write-Finding $File $argument.Extent 'PS2013' ('[{0}({1})] without "= $true" (an attribute argument without a value)' -f $node.TypeName.Name, $argument.ArgumentName)
                    }
                }
            }
            'TypeDefinitionAst' {
                $kind = 'a class'
                if ($node.IsEnum) { $kind = 'an enum' } elseif ($node.IsInterface) { $kind = 'an interface' }
                Write-Finding $File $node.Extent 'PS2014' "$kind definition"
            }
            'UsingStatementAst' { Write-Finding $File $node.Extent 'PS2015' ('a using {0} statement' -f ([string]$node.UsingStatementKind).ToLowerInvariant()) }
            'HashtableAst' {
                # Only the manifest's own hashtable, not those nested in it (PrivateData).
                $outer = $node.Parent
                while ($outer -and -not ($outer -is [System.Management.Automation.Language.HashtableAst])) { $outer = $outer.Parent }
                if ($extension -ne '.psd1' -or $outer) { break }
                $keys = @($node.KeyValuePairs | ForEach-Object { $_.Item1 } | Where-Object { $_ -is [System.Management.Automation.Language.StringConstantExpressionAst] })
                if (-not ($keys | Where-Object { $manifestMarkers -contains $_.Value })) { break }
                foreach ($key in $keys) {
                    if ($manifestKeys2 -notcontains $key.Value) {
                        $hint = ''
                        if ($key.Value -eq 'RootModule') { $hint = '; 2.0 reads ModuleToProcess' }
                        Write-Finding $File $key.Extent 'PS2018' ('the module manifest key {0} (added after 2.0{1})' -f $key.Value, $hint)
                    }
                }
            }
        }
    }
}

$files = foreach ($item in @($Path) + @($MorePaths)) {
    if (Test-Path -LiteralPath $item -PathType Container) {
        Get-ChildItem -LiteralPath $item -Recurse -File | Where-Object { $_.Extension -in '.ps1', '.psm1', '.psd1' } | Sort-Object FullName | ForEach-Object { $_.FullName }
    } else {
        $item
    }
}
foreach ($file in $files) { Get-Findings $file }

# exit ends only this script when another script calls it with &.
if ($script:found -gt 0) { exit 1 }
exit 0
