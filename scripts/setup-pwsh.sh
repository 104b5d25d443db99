#!/usr/bin/env bash
# Installs the PowerShell the tests run generated code in, project-locally under .tools/:
# pwsh from the NuGet "PowerShell" .NET tool, and Pester from NuGet. Idempotent; pinned.
set -euo pipefail
PWSH_VERSION=7.6.9
PESTER_VERSION=5.7.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

pwsh="$tools/pwsh/pwsh"
if [ -x "$pwsh" ] && "$pwsh" -NoLogo -NoProfile -Command '$PSVersionTable.PSVersion.ToString()' | grep -qx "$PWSH_VERSION"; then
  echo "pwsh $PWSH_VERSION: already in .tools/pwsh"
else
  rm -rf "$tools/pwsh"
  dotnet tool install PowerShell --version "$PWSH_VERSION" --tool-path "$tools/pwsh" >/dev/null
  echo "pwsh $PWSH_VERSION: installed into .tools/pwsh"
fi

pester="$tools/nuget/pester/$PESTER_VERSION/tools/Pester.psd1"
if [ -f "$pester" ]; then
  echo "Pester $PESTER_VERSION: already in .tools/nuget"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cat >"$work/restore.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
XML
  dotnet restore "$work/restore.csproj" --packages "$tools/nuget" >/dev/null
  echo "Pester $PESTER_VERSION: installed into .tools/nuget"
fi

"$pwsh" -NoLogo -NoProfile -NonInteractive -Command "Import-Module '$pester'; 'check: pwsh ' + \$PSVersionTable.PSVersion + ', Pester ' + (Get-Module Pester).Version"
