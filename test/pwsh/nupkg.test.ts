/**
 * The nupkg round trip through PSResourceGet, in one pwsh process with its own HOME (so the
 * repository registration and the CurrentUser scope are temporary): Register-PSResourceRepository
 * on a local folder, the packages copied there, Find-PSResource (the nuspec's metadata),
 * Install-PSResource, Import-Module by name, Test-<Noun> against a fake tree.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileOnly, diagnosticsText, repoRoot } from '../support/compile';
import { describeWithPwsh, runPwsh } from '../support/pwsh';
import { commandNames } from '../../generator/vocabulary/naming';
import { packageOf } from '../support/nupkg';
import { packageMetadata } from '../../generator/emit/nupkg/metadata';

const specs = [
  ...fs
    .readdirSync(path.join(repoRoot, 'spec'))
    .filter((f) => f.endsWith('.fix.ts'))
    .sort()
    .map((f) => `spec/${f}`),
  'test/fixtures/packages/nupkg-metadata.fix.ts',
];
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

describeWithPwsh('nupkg with PSResourceGet', () => {
  it('installs every package from a local repository, imports it by name and runs Test- against a fake tree', async () => {
    const result = await compileOnly(specs);
    expect(diagnosticsText(result)).not.toMatch(/error/);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-nupkg-psrg-'));
    try {
      const repo = path.join(tmp, 'repo');
      const home = path.join(tmp, 'home');
      fs.mkdirSync(repo);
      // PSResourceGet keeps its repository store under LocalApplicationData, which .NET reports
      // as '' (so the store lands in the working folder) unless the folder exists.
      for (const d of ['.local/share', '.config', '.cache']) fs.mkdirSync(path.join(home, d), { recursive: true });
      const packages = result.fixes.map((fix) => {
        const pkg = packageOf(fix);
        fs.writeFileSync(path.join(repo, path.basename(pkg.path)), pkg.bytes);
        const moduleFolder = `module/${fix.ir.module.name}/`;
        const files = [...fix.contents].filter(([p]) => p.startsWith(moduleFolder) && !p.endsWith('.Tests.ps1')).map(([p, b]) => [p.slice(moduleFolder.length), b.toString('base64')]);
        return { fix, files };
      });
      const lines = [
        "$ErrorActionPreference = 'Stop'",
        "Import-Module Microsoft.PowerShell.PSResourceGet",
        "if (-not (Get-Command -Name 'Get-WinEvent' -ErrorAction SilentlyContinue)) {",
        '    function global:Get-WinEvent { param($FilterHashtable, $ErrorAction)',
        "        $e = New-Object -TypeName System.Exception -ArgumentList 'No events were found that match the specified selection criteria.'",
        "        throw (New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $e, 'NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand', ([System.Management.Automation.ErrorCategory]::ObjectNotFound), $null)",
        '    }',
        '}',
        `Register-PSResourceRepository -Name FixForgeTest -Uri ${q(repo)} -Trusted`,
        // Publish-PSResource accepts the package as it is, into a second feed.
        `Register-PSResourceRepository -Name FixForgePublished -Uri ${q(path.join(tmp, 'published'))} -Trusted`,
        `New-Item -ItemType Directory -Path ${q(path.join(tmp, 'published'))} | Out-Null`,
        `Publish-PSResource -NupkgPath ${q(path.join(repo, 'FixForge.KB2328240.1.0.0.nupkg'))} -Repository FixForgePublished`,
        `'PUBLISHED=' + ((Get-ChildItem -LiteralPath ${q(path.join(tmp, 'published'))} | ForEach-Object Name) -join ',') + ' ' + [string](Find-PSResource -Name FixForge.KB2328240 -Repository FixForgePublished).Version`,
        `$data = ${q(path.join(tmp, 'data'))}`,
        '$reports = @()',
      ];
      for (const { fix, files } of packages) {
        const commands = commandNames(fix.ir.module.noun);
        lines.push(
          `$name = ${q(fix.ir.module.name)}; $version = ${q(fix.ir.module.version)}`,
          '$r = [ordered]@{ name = $name; found = $null; installed = $null; files = @(); mismatched = @(); imported = $null; psdata = $null; test = $null; error = $null }',
          'try {',
          '    $found = Find-PSResource -Name $name -Repository FixForgeTest',
          '    $r.found = @{ version = [string]$found.Version; projectUri = [string]$found.ProjectUri; licenseUri = [string]$found.LicenseUri; releaseNotes = [string]$found.ReleaseNotes; tags = @($found.Tags); type = [string]$found.Type; functions = @($found.Includes.Function) }',
          '    Install-PSResource -Name $name -Repository FixForgeTest -Scope CurrentUser -TrustRepository -Quiet',
          '    $info = Get-InstalledPSResource -Name $name -Scope CurrentUser',
          '    $r.installed = @{ version = [string]$info.Version; path = [string]$info.InstalledLocation }',
          '    $dir = Join-Path (Join-Path $info.InstalledLocation $name) ([string]$info.Version)',
          '    $r.files = @(Get-ChildItem -LiteralPath $dir -Recurse -File | ForEach-Object { $_.FullName.Substring($dir.Length + 1).Replace([IO.Path]::DirectorySeparatorChar, [char]47) } | Sort-Object)',
          `    $expected = @{ ${files.map(([p, b]) => `${q(p)} = ${q(b)}`).join('; ')} }`,
          '    foreach ($k in $expected.Keys) { $f = Join-Path $dir $k; if (-not (Test-Path -LiteralPath $f) -or [Convert]::ToBase64String([IO.File]::ReadAllBytes($f)) -ne $expected[$k]) { $r.mismatched += $k } }',
          "    [System.Threading.Thread]::CurrentThread.CurrentUICulture = 'en-US'",
          '    $m = Import-Module -Name $name -PassThru',
          '    $r.imported = @{ path = $m.Path; version = [string]$m.Version; commands = @($m.ExportedFunctions.Keys | Sort-Object) }',
          '    $r.psdata = @{ projectUri = [string]$m.ProjectUri; licenseUri = [string]$m.LicenseUri; releaseNotes = [string]$m.ReleaseNotes; tags = @($m.Tags) }',
          `    $t = & ${q(commands.test)} -WindowsDirectory ([IO.Path]::Combine($data, 'Windows')) -DataDirectory ([IO.Path]::Combine($data, $name))`,
          '    $r.test = @{ fixId = [string]$t.FixId; findings = @($t.Findings).Count; type = [string]$t.PSObject.TypeNames[0] }',
          '    Remove-Module -Name $name -Force',
          '} catch { $r.error = $_.ToString() + " " + $_.ScriptStackTrace }',
          '$reports += $r',
        );
      }
      lines.push(
        "$store = [Environment]::GetFolderPath('LocalApplicationData')",
        "'STORE=' + $store",
        "'REPORT=' + (ConvertTo-Json -InputObject @($reports) -Depth 6 -Compress)",
      );
      const r = await runPwsh(lines.join('\n'), { env: { HOME: home, XDG_DATA_HOME: path.join(home, '.local/share'), XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') }, cwd: tmp, timeoutMs: 300_000 });
      const at = r.stdout.indexOf('REPORT=');
      if (at < 0) throw new Error(`pwsh failed (exit ${r.exitCode}):\n${r.stderr}\n${r.stdout}`);
      expect(r.stdout).toContain('PUBLISHED=FixForge.KB2328240.1.0.0.nupkg 1.0.0');
      // The registration stayed inside the temporary HOME.
      expect(r.stdout).toContain(`STORE=${path.join(home, '.local/share')}`);
      const reports = JSON.parse(r.stdout.slice(at + 'REPORT='.length).trim()) as Record<string, any>[];
      expect(reports.map((x) => x.name)).toEqual(packages.map((p) => p.fix.ir.module.name));
      for (const [i, rep] of reports.entries()) {
        const { fix, files } = packages[i];
        const ir = fix.ir;
        const commands = commandNames(ir.module.noun);
        expect({ name: rep.name, error: rep.error }).toEqual({ name: ir.module.name, error: null });
        expect(rep.found.version).toBe(ir.module.version);
        expect(rep.found.type).toBe('Module');
        expect(rep.installed.path.startsWith(home)).toBe(true);
        expect(rep.installed.version).toBe(ir.module.version);
        // Exactly the module's files (PSResourceGet adds its PSGetModuleInfo.xml): no tests, no nuspec or OPC parts.
        expect(rep.files.filter((f: string) => f !== 'PSGetModuleInfo.xml').sort()).toEqual(files.map(([p]) => p).sort());
        expect(rep.mismatched).toEqual([]);
        expect(rep.imported.path.startsWith(home)).toBe(true);
        expect(rep.imported.commands).toEqual([commands.test, commands.repair, commands.status].sort());
        expect(rep.test.fixId).toBe(ir.id);
        expect(rep.test.findings).toBe(ir.detection.length);
        const meta = ir.targets.nupkg;
        const projectUri = meta?.projectUri ?? ir.link;
        for (const seen of [rep.found, rep.psdata]) {
          expect(seen.projectUri.replace(/\/$/, '')).toBe(projectUri);
          expect(seen.licenseUri.replace(/\/$/, '')).toBe(meta?.licenseUri ?? '');
          expect(seen.releaseNotes.replace(/\r\n/g, '\n')).toBe(meta?.releaseNotes ?? '');
          expect(seen.tags).toEqual(expect.arrayContaining([...packageMetadata(ir).tags]));
        }
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 400_000);
});
