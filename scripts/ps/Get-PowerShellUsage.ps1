<#
.SYNOPSIS
Lists every command and .NET type and member PowerShell code uses, with the PowerShell versions
that run it, read from PowerShell's own parser and AST.

.DESCRIPTION
Runs under pwsh 7. For each file: the functions it defines, and each use of
  - a command (by name; a call through a variable or a path is not a command name),
  - a .NET type (a type literal, a cast or parameter type, New-Object -TypeName), an attribute,
  - a static member ([Type]::Member) or an instance member of a cast or (New-Object T),
with its line, column and the PowerShell major versions that run it (min/max, when an enclosing
`if ($PSVersionTable.PSVersion.Major -ge 3)` or its else narrows them). The walk is C#
(PowerShellUsage.cs beside this script), compiled once per run. The per-edition static check
(test/pwsh/editions.test.ts) holds these uses to what each edition has. Writes one JSON array;
exit code 1 when a file does not parse.

.PARAMETER ListPath
A JSON file holding an array of the .ps1/.psm1 paths to read: one pwsh run for any number of files.

.EXAMPLE
pwsh -NoProfile -File scripts/ps/Get-PowerShellUsage.ps1 -ListPath files.json
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)] [string] $ListPath)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Add-Type -Path ([System.IO.Path]::Combine($PSScriptRoot, 'PowerShellUsage.cs'))
$files = [string[]]@(Get-Content -LiteralPath $ListPath -Raw | ConvertFrom-Json)
$parseFailed = $false
[FixForge.Editions.UsageReader]::ReadAsJson($files, [ref]$parseFailed)
if ($parseFailed) { exit 1 }
