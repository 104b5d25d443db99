/**
 * The generated PowerShell module in a real PowerShell: it parses, its manifest is valid, it imports
 * under Set-StrictMode 2.0, its help and nl-NL strings load, it passes the PS 2.0 AST check, and
 * its generated Pester tests (<Name>.Tests.ps1) pass. One pwsh run for the checks, one for Pester.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatSummary, runPester, type PesterRunResult } from 'pester-runner-wrapper';
import { build, type BuiltFix } from '../../generator/pipeline/compile';
import { commandNames } from '../../generator/vocabulary/naming';
import { quotePowerShellLiteral as q } from '../../generator/vocabulary/escape/powershell';
import { repoRoot, validSpecs } from '../support/compile';
import { describeWithPwsh, ps2Checker, pwshPath } from '../support/pwsh';

const pesterManifest = path.join(repoRoot, '.tools', 'nuget', 'pester', '5.7.1', 'tools', 'Pester.psd1');

const pwsh = pwshPath();

/** The Pester behaviours every generated test file covers (see generator/emit/pester). */
const MIN_PESTER_TESTS_PER_MODULE = 10;

const specs = validSpecs().map((s) => s.spec);

interface ModuleReport {
  name: string;
  parseErrors: { file: string; errors: string[] }[];
  manifestError: string | null;
  importError: string | null;
  strictMode: string;
  synopses: Record<string, string>;
  nlTitle: string | null;
  nlMessages: string[];
  ps2Findings: string[] | null;
}

function runScript(script: string, timeout = 300_000): { stdout: string; stderr: string; status: number | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-pwsh-'));
  const file = path.join(dir, 'run.ps1');
  // UTF-8 with BOM: the script carries non-ASCII paths and strings.
  fs.writeFileSync(file, `\uFEFF${script}`, 'utf8');
  try {
    const r = spawnSync(pwsh!, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', file], { encoding: 'utf8', timeout });
    return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describeWithPwsh('generated module in pwsh', () => {
  let outDir: string;
  let modules: { fix: BuiltFix; folder: string }[];
  let reports: ModuleReport[];
  let pester: PesterRunResult;

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-module-'));
    const result = await build({ specs, outDir, cwd: repoRoot });
    expect(result.diagnostics.filter((d) => d.category === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    modules = result.fixes
      .filter((fix) => fix.ir.targets.module)
      .map((fix) => ({ fix, folder: path.join(fix.outDir, 'module', fix.ir.module.name) }));
    expect(modules.map((m) => m.fix.id)).toContain('kb2328240');

    reports = JSON.parse(checksRun(modules).stdout.split('\n').find((l) => l.startsWith('REPORT='))!.slice('REPORT='.length));

    pester = await runPester({
      paths: modules.map((m) => path.join(m.folder, `${m.fix.ir.module.name}.Tests.ps1`)),
      pwsh,
      pesterModulePath: pesterManifest,
      junitPath: path.join(outDir, 'pester-junit.xml'),
      timeoutMs: 600_000,
    });
  }, 900_000);

  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  const report = (id: string) => {
    const m = modules.find((x) => x.fix.id === id)!;
    return { m, r: reports.find((x) => x.name === m.fix.ir.module.name)! };
  };

  it.each(validSpecs())('$name: every .ps1/.psm1/.psd1 parses with zero errors', ({ spec }) => {
    const id = modules.find((m) => m.fix.spec === spec)?.fix.id;
    if (!id) return; // no module target
    const { r } = report(id);
    expect(r.parseErrors.length).toBeGreaterThanOrEqual(4);
    for (const p of r.parseErrors) expect({ file: p.file, errors: p.errors }).toEqual({ file: p.file, errors: [] });
  });

  it('every module passes Test-ModuleManifest and imports under Set-StrictMode -Version 2.0', () => {
    for (const { fix } of modules) {
      const { r } = report(fix.id);
      expect({ name: r.name, manifest: r.manifestError, import: r.importError, strict: r.strictMode }).toEqual({
        name: r.name,
        manifest: null,
        import: null,
        strict: '2.0',
      });
    }
  });

  it('Get-Help shows each exported function\'s synopsis (en-US)', () => {
    for (const { fix } of modules) {
      const { r } = report(fix.id);
      const commands = commandNames(fix.ir.module.noun);
      for (const fn of [commands.test, commands.repair, commands.status]) {
        const synopsis = r.synopses[fn] ?? '';
        // Without comment-based help, Get-Help falls back to the syntax line, which starts with the name.
        expect({ fn, startsWithName: synopsis.trim().startsWith(fn), mentionsKb: synopsis.includes(fix.ir.kb === null ? fix.ir.title['en-US'].slice(0, 20) : `KB ${fix.ir.kb}`) }).toEqual({
          fn,
          startsWithName: false,
          mentionsKb: true,
        });
      }
    }
  });

  it('loads the nl-NL strings under the nl-NL UI culture', () => {
    for (const { fix } of modules) {
      if (!fix.ir.cultures.includes('nl-NL')) continue;
      const { r } = report(fix.id);
      // Files are CRLF (generator/pipeline/encode), so a line break inside a literal reads back as CRLF.
      const lf = (s: string | null) => (s ?? '').replace(/\r\n/g, '\n');
      expect(lf(r.nlTitle)).toBe(fix.ir.title['nl-NL']);
      // Test-<Noun> reports its findings in the UI language.
      const first = fix.ir.detection[0];
      expect(r.nlMessages.map(lf)).toContain(first.messages.clean['nl-NL']);
    }
  });

  it('scripts/ps/Test-Ps2Compatibility.ps1 finds nothing in the module files meant for 2.0', () => {
    // Only modules that target Windows PowerShell 2.0 are held to it (a 5.1 manifest uses RootModule).
    const for20 = modules.filter(({ fix }) => fix.ir.targets.module?.powershell === '2.0');
    expect(for20.length).toBeGreaterThanOrEqual(2);
    for (const { fix } of for20) {
      const { r } = report(fix.id);
      expect({ name: r.name, findings: r.ps2Findings }).toEqual({ name: r.name, findings: [] });
    }
  });

  it('the generated Pester tests pass', () => {
    const summary = formatSummary(pester);
    expect({ failed: pester.failed, timedOut: pester.timedOut, summary }).toEqual({ failed: 0, timedOut: false, summary: expect.any(String) });
    expect(pester.passed).toBeGreaterThanOrEqual(modules.length * MIN_PESTER_TESTS_PER_MODULE);
    // The KB's own file covers every behaviour: repair, idempotence, -WhatIf, locks, links, the program, detection, hints.
    const kbTests = pester.tests.filter((t) => t.name.includes('FixForge.KB2328240'));
    expect(kbTests.filter((t) => t.result === 'Passed').length).toBeGreaterThanOrEqual(25);
  });

  it('every module\'s tests call its exported functions as their help shows, once per process role, and pass', () => {
    for (const { fix } of modules) {
      for (const role of ['System', 'Administrator', 'User']) {
        const calls = pester.tests.filter((t) => t.name.includes(fix.ir.module.name) && t.name.includes(`called as the help shows, as ${role}`));
        expect({ module: fix.ir.module.name, role, ran: calls.length, passed: calls.filter((t) => t.result === 'Passed').length >= 1 }).toEqual({
          module: fix.ir.module.name,
          role,
          ran: calls.length >= 1 ? calls.length : -1,
          passed: true,
        });
      }
    }
  });
});

/** One pwsh process: parse, manifest, import (en-US, StrictMode 2.0), help, nl-NL strings, PS 2.0 AST check. */
function checksRun(modules: { fix: BuiltFix; folder: string }[]) {
  const lines: string[] = [
    "$ErrorActionPreference = 'Stop'",
    // Get-WinEvent exists on Windows only; here it says "no events", as on a clean machine.
    "if (-not (Get-Command -Name 'Get-WinEvent' -ErrorAction SilentlyContinue)) {",
    '    function global:Get-WinEvent { param($FilterHashtable, $ErrorAction)',
    "        $e = New-Object -TypeName System.Exception -ArgumentList 'No events were found that match the specified selection criteria.'",
    "        throw (New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $e, 'NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand', ([System.Management.Automation.ErrorCategory]::ObjectNotFound), $null)",
    '    }',
    '}',
    '$reports = @()',
    `$ps2Checker = ${q(ps2Checker)}`,
    `$data = ${q(fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-data-')))}`,
  ];
  for (const { fix, folder } of modules) {
    const name = fix.ir.module.name;
    const commands = commandNames(fix.ir.module.noun);
    lines.push(
      `$name = ${q(name)}; $folder = ${q(folder)}`,
      `$functions = @(${[commands.test, commands.repair, commands.status].map(q).join(', ')})`,
      '$report = [ordered]@{ name = $name; parseErrors = @(); manifestError = $null; importError = $null; strictMode = $null; synopses = @{}; nlTitle = $null; nlMessages = @(); ps2Findings = $null }',
      "$files = @(Get-ChildItem -LiteralPath $folder -Recurse -File | Where-Object { $_.Extension -in '.ps1', '.psm1', '.psd1' } | Sort-Object FullName)",
      'foreach ($f in $files) {',
      '    $tokens = $null; $errors = $null',
      '    [void][System.Management.Automation.Language.Parser]::ParseFile($f.FullName, [ref]$tokens, [ref]$errors)',
      '    $report.parseErrors += @{ file = $f.FullName.Substring($folder.Length + 1); errors = @($errors | ForEach-Object { $_.ToString() }) }',
      '}',
      '$manifest = [System.IO.Path]::Combine($folder, $name + ".psd1")',
      'try { [void](Test-ModuleManifest -Path $manifest -ErrorAction Stop) } catch { $report.manifestError = $_.ToString() }',
      "[System.Threading.Thread]::CurrentThread.CurrentUICulture = 'en-US'; [cultureinfo]::CurrentUICulture = 'en-US'",
      'try {',
      '    Set-StrictMode -Version 2.0',
      '    Import-Module -Name $manifest -Force -ErrorAction Stop',
      "    $report.strictMode = '2.0'",
      '    foreach ($fn in $functions) { $report.synopses[$fn] = [string](Get-Help -Name $fn).Synopsis }',
      '} catch { $report.importError = $_.ToString() } finally { Set-StrictMode -Off }',
      'Remove-Module -Name $name -Force -ErrorAction SilentlyContinue',
      "[System.Threading.Thread]::CurrentThread.CurrentUICulture = 'nl-NL'; [cultureinfo]::CurrentUICulture = 'nl-NL'",
      'try {',
      '    Import-Module -Name $manifest -Force -ErrorAction Stop',
      "    $report.nlTitle = & (Get-Module -Name $name) { $script:Strings['Title'] }",
      // As an elevated administrator reads every context (Linux pwsh has no Windows token: our role function, faked).
      "    & (Get-Module -Name $name) { Set-Item -Path function:script:Get-FfProcessRole -Value { 'Administrator' } }",
      `    $test = & ${q(commands.test)} -WindowsDirectory ([System.IO.Path]::Combine($data, 'Windows')) -DataDirectory ([System.IO.Path]::Combine($data, $name))`,
      '    $report.nlMessages = @($test.Findings | ForEach-Object { [string]$_.Message })',
      '} catch { $report.importError = "nl-NL: " + $_.ToString() }',
      'Remove-Module -Name $name -Force -ErrorAction SilentlyContinue',
      "[System.Threading.Thread]::CurrentThread.CurrentUICulture = 'en-US'; [cultureinfo]::CurrentUICulture = 'en-US'",
      'if (Test-Path -LiteralPath $ps2Checker) {',
      "    $moduleFiles = @($files | Where-Object { $_.Name -notlike '*.Tests.ps1' } | ForEach-Object { $_.FullName })",
      '    $report.ps2Findings = @(& $ps2Checker -Path $moduleFiles | ForEach-Object { ($_ | Out-String).Trim() })',
      '}',
      '$reports += $report',
    );
  }
  lines.push("'REPORT=' + (ConvertTo-Json -InputObject @($reports) -Depth 6 -Compress)");
  const result = runScript(lines.join('\n'));
  if (!result.stdout.includes('REPORT=')) throw new Error(`pwsh checks failed (exit ${result.status}):\n${result.stderr}\n${result.stdout}`);
  return result;
}
