#!/usr/bin/env bash
# Installs the PowerShell the tests run generated code in, project-locally under .tools/:
# pwsh from the NuGet "PowerShell" .NET tool, and Pester from NuGet. Idempotent; the versions are
# pinned here and nowhere else. Needs the .NET SDK (`dotnet`) and nuget.org.
set -euo pipefail
PWSH_VERSION=7.6.9
PESTER_VERSION=5.7.1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup-pwsh: dotnet (the .NET SDK) is needed to install pwsh and Pester; it is not on PATH." >&2
  exit 1
fi

pwsh="$tools/pwsh/pwsh"
pwsh_version() { "$pwsh" -NoLogo -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | tr -d '\r'; }

if [ -x "$pwsh" ] && [ "$(pwsh_version || true)" = "$PWSH_VERSION" ]; then
  echo "pwsh $PWSH_VERSION: already in .tools/pwsh"
else
  # Another version (or a broken install): `dotnet tool install` will not replace it in place.
  rm -rf "$tools/pwsh"
  dotnet tool install PowerShell --version "$PWSH_VERSION" --tool-path "$tools/pwsh" >/dev/null
  echo "pwsh $PWSH_VERSION: installed into .tools/pwsh"
fi

pester="$tools/nuget/pester/$PESTER_VERSION/tools/Pester.psd1"
if [ -f "$pester" ]; then
  echo "Pester $PESTER_VERSION: already in .tools/nuget"
else
  # A throw-away project whose only job is to download the package into .tools/nuget.
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cat >"$work/restore.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net$(dotnet --version | cut -d. -f1).0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PESTER_VERSION]" /></ItemGroup>
</Project>
XML
  dotnet restore "$work/restore.csproj" --packages "$tools/nuget" >/dev/null
  [ -f "$pester" ] || { echo "setup-pwsh: the Pester $PESTER_VERSION package has no tools/Pester.psd1" >&2; exit 1; }
  echo "Pester $PESTER_VERSION: installed into .tools/nuget"
fi

# The paths travel in environment variables, so no quoting in the command text.
found="$(PESTER_MANIFEST="$pester" "$pwsh" -NoLogo -NoProfile -NonInteractive -Command \
  'Import-Module $env:PESTER_MANIFEST -ErrorAction Stop; "{0} {1}" -f $PSVersionTable.PSVersion, (Get-Module Pester).Version' | tr -d '\r')"
if [ "$found" != "$PWSH_VERSION $PESTER_VERSION" ]; then
  echo "setup-pwsh: expected pwsh $PWSH_VERSION with Pester $PESTER_VERSION, got: $found" >&2
  exit 1
fi
echo "check: pwsh ${found% *} imports Pester ${found#* }"
