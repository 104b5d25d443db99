/**
 * The per-edition static check (issue 17, item 3; test/support/editions.ts): every command and .NET
 * type and member the generated PowerShell uses, read by PowerShell's own AST in one pwsh run,
 * against each edition the file claims:
 *   - the module (.psm1): its Windows PowerShell floor up to 5.1, and PowerShell 7;
 *   - the Intune, GPO and Fix it scripts: their Windows PowerShell floor up to 5.1;
 *   - Import-FixForgeGpo.ps1: Windows PowerShell 2.0 to 5.1 with the GroupPolicy module it imports.
 * Over every fix in spec/, every test fixture and every kind fixture. The generated Pester tests are
 * not deployed code (Pester 5 on 5.1+) and are not held to it. Planted uses prove that it fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuiltFix } from '../../generator/pipeline/compile';
import { fixitPowerShell } from '../../generator/emit/fixit/emitFixit';
import { compileOnly, validSpecs } from '../support/compile';
import { describeWithPwsh, repoRoot } from '../support/pwsh';
import {
  checkUsage,
  clrData,
  commandData,
  desktopFrom,
  moduleData,
  powershell2Types,
  powershell7,
  readUsage,
  type Claim,
  type Edition,
  type FileUsage,
} from '../support/editions';

const plantedDir = path.join(repoRoot, 'test', 'fixtures', 'editions', 'planted');
const planted: Record<string, Claim> = {
  'windows-powershell.ps1': { editions: desktopFrom('2.0') },
  'powershell7.ps1': { editions: ['core-7'] },
};
/** The 2.0 AST check's gated fixture: the lines it flags are the lines this check flags on 2.0. */
const gatedPs2Fixture = path.join(repoRoot, 'test', 'fixtures', 'ps2', 'cim-gated.ps1');

/** What a generated file claims, from the fix's targets; undefined for files that are not checked. */
function claimOf(fix: BuiltFix, file: string): Claim | 'test' | undefined {
  if (/\.Tests\.ps1$/.test(file)) return 'test';
  const targets = fix.ir.targets;
  if (file.startsWith('module/') && file.endsWith('.psm1')) return { editions: [...desktopFrom(targets.module!.powershell), 'core-7'] };
  if (file.startsWith('intune/')) return { editions: desktopFrom(targets.intune?.powershell ?? '5.1') };
  if (file === 'gpo-backup/Import-FixForgeGpo.ps1') return { editions: desktopFrom('2.0'), modules: ['GroupPolicy'] };
  if (file.startsWith('gpo/') || file.startsWith('gpo-backup/')) return { editions: desktopFrom(targets.gpo!.powershell) };
  if (file.startsWith('fixit/')) return { editions: desktopFrom(fixitPowerShell(fix.ir)) };
  return undefined;
}

/** Line -> editions a planted file's "# lacks:" markers expect to be flagged. */
function expectedLacks(file: string): Map<number, string[]> {
  const expected = new Map<number, string[]>();
  fs.readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((text, i) => {
      const marker = /#\s*lacks:\s*(.+)$/.exec(text);
      if (marker && !text.trimStart().startsWith('#')) expected.set(i + 1, marker[1].trim().split(/\s+/).sort());
    });
  return expected;
}

/** Line -> editions flagged, from checkUsage's findings. */
function flaggedLines(findings: readonly string[]): Map<number, string[]> {
  const flagged = new Map<number, Set<string>>();
  for (const f of findings) {
    const m = /:(\d+):\d+ - (\S+): /.exec(f);
    if (!m) throw new Error(`unreadable finding ${f}`);
    const line = Number(m[1]);
    if (!flagged.has(line)) flagged.set(line, new Set());
    flagged.get(line)!.add(m[2]);
  }
  return new Map([...flagged].map(([line, editions]) => [line, [...editions].sort()]));
}

describeWithPwsh('per-edition static check of commands and .NET members', () => {
  let work: string;
  const generated: { fix: BuiltFix; file: string; claim: Claim; disk: string }[] = [];
  const unclassified: string[] = [];
  let usage: Map<string, FileUsage>;

  beforeAll(async () => {
    const result = await compileOnly(validSpecs().map((s) => s.spec));
    expect(result.diagnostics.filter((d) => d.category === 'error')).toEqual([]);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-editions-'));
    for (const fix of result.fixes) {
      for (const [file, bytes] of fix.contents) {
        if (!/\.(ps1|psm1)$/.test(file)) continue;
        const claim = claimOf(fix, file);
        if (claim === 'test') continue;
        if (!claim) {
          unclassified.push(`${fix.id}/${file}`);
          continue;
        }
        const disk = path.join(work, fix.id, file);
        fs.mkdirSync(path.dirname(disk), { recursive: true });
        fs.writeFileSync(disk, bytes);
        generated.push({ fix, file, claim, disk });
      }
    }
    const plantedFiles = Object.keys(planted).map((f) => path.join(plantedDir, f));
    const all = await readUsage([...generated.map((g) => g.disk), ...plantedFiles, gatedPs2Fixture]);
    usage = new Map(all.map((u) => [path.resolve(u.file), u]));
  }, 600_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('keeps its data with its source and licence', () => {
    expect(commandData.source).toMatchObject({ repository: 'PowerShell/PSScriptAnalyzer', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(commandData.licence).toMatch(/^MIT License/);
    expect(clrData.source).toMatch(/Microsoft\.NETFramework\.ReferenceAssemblies\.net20/);
    expect(clrData.licence).toMatch(/^MIT License/);
    // Sanity of the extraction: what 2.0 has and lacks, as documented.
    expect(commandData.editions['desktop-2.0']).toEqual(expect.arrayContaining(['Get-WmiObject', 'Get-WinEvent', 'Get-ItemProperty']));
    expect(commandData.editions['desktop-2.0']).not.toContain('Get-CimInstance');
    expect(commandData.editions['core-6.1']).toEqual(expect.arrayContaining(['Get-CimInstance', 'Invoke-CimMethod', 'Get-WinEvent']));
    expect(commandData.editions['core-6.1']).not.toContain('Get-WmiObject');
    expect(clrData.types['System.String'].s!.split(' ')).toContain('IsNullOrEmpty');
    expect(clrData.types['System.String'].s!.split(' ')).not.toContain('IsNullOrWhiteSpace');
  });

  it('gives every exception a reason', () => {
    for (const a of powershell7.added) expect({ name: a.name, reason: a.reason.length > 20, since: /^(6\.[2-9]|7\.0)$/.test(a.since) }).toEqual({ name: a.name, reason: true, since: true });
    for (const t of powershell2Types.types) expect({ name: t.name, reason: t.reason.length > 20 }).toEqual({ name: t.name, reason: true });
    for (const [name, m] of Object.entries(moduleData.modules)) expect({ name, reason: m.reason.length > 20, commands: m.commands.length > 0 }).toEqual({ name, reason: true, commands: true });
  });

  it('knows what every generated PowerShell file claims', () => {
    expect(unclassified).toEqual([]);
    const kinds = new Set(generated.map((g) => g.file.split('/')[0]));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['fixit', 'gpo', 'gpo-backup', 'intune', 'module']));
    // The module is checked on 2.0 where the fix says so, and always on PowerShell 7.
    const modules = generated.filter((g) => g.file.endsWith('.psm1'));
    expect(modules.every((g) => g.claim.editions.includes('core-7'))).toBe(true);
    expect(modules.some((g) => g.claim.editions.includes('desktop-2.0'))).toBe(true);
  });

  it('finds nothing in the generated scripts of every fix in spec/, every test fixture and every kind fixture', () => {
    const fixes = new Set(generated.map((g) => g.fix.spec));
    expect([...fixes].filter((s) => s.startsWith('spec/')).length).toBeGreaterThanOrEqual(7);
    expect([...fixes].filter((s) => s.startsWith('generator/steps/')).length).toBeGreaterThanOrEqual(18);
    const findings = generated.flatMap((g) => {
      const u = usage.get(path.resolve(g.disk))!;
      expect({ file: g.file, parseErrors: u.parseErrors }).toEqual({ file: g.file, parseErrors: [] });
      return checkUsage(u, g.claim, `${g.fix.id}/${g.file}`);
    });
    expect(findings).toEqual([]);
    // Not vacuous: the uses it held to the data.
    const uses = generated.flatMap((g) => usage.get(path.resolve(g.disk))!.uses);
    expect(uses.filter((u) => u.k === 'command').length).toBeGreaterThan(1000);
    expect(uses.filter((u) => u.k === 'static').length).toBeGreaterThan(1000);
    expect(uses.filter((u) => u.k === 'type').length).toBeGreaterThan(1000);
  });

  it('reads the commands the service kinds choose per edition at run time', () => {
    const service = generated.find((g) => g.fix.spec === 'generator/steps/repair/service/fixture.fix.ts' && g.file.endsWith('.psm1'))!;
    const uses = usage.get(path.resolve(service.disk))!.uses;
    const gateOf = (name: string) => uses.filter((u) => u.k === 'command' && u.n === name).map((u) => [u.min ?? 0, u.max ?? null]);
    expect(gateOf('Get-CimInstance')).toEqual([[3, null]]);
    expect(gateOf('Invoke-CimMethod')).toEqual([[3, null]]);
    expect(gateOf('Get-WmiObject')).toEqual([[0, 2]]);
  });

  it.each(Object.keys(planted))('flags exactly the planted uses an edition lacks in %s', (name) => {
    const file = path.join(plantedDir, name);
    const findings = checkUsage(usage.get(path.resolve(file))!, planted[name], name);
    const expected = expectedLacks(file);
    expect(expected.size).toBeGreaterThan(2);
    expect(Object.fromEntries(flaggedLines(findings))).toEqual(Object.fromEntries(expected));
  });

  it('reads a version gate as the 2.0 AST check does (test/fixtures/ps2/cim-gated.ps1)', () => {
    const lines = fs.readFileSync(gatedPs2Fixture, 'utf8').split(/\r?\n/);
    const ps2Flags = lines.flatMap((text, i) => (i === 0 || text.trim() === '' || /#\s*ok\s*$/.test(text) ? [] : [i + 1]));
    const findings = checkUsage(usage.get(path.resolve(gatedPs2Fixture))!, { editions: ['desktop-2.0' as Edition] });
    expect([...flaggedLines(findings).keys()].sort((a, b) => a - b)).toEqual(ps2Flags);
  });
});
