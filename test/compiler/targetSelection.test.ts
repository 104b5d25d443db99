/**
 * Every combination of targets a build can select (`--target`, the config's `targets`) ends in a
 * result or a coded diagnostic, never an exception (issue 17): FF2310 where a target that packs
 * another's files (gpoBackup the gpo scripts, nupkg the module) comes without it, FF2311/FF2312
 * (warnings) for targets the spec does not enable. All 127 combinations are checked against the
 * KB's IR (which enables every target); the builds that reach the packing emitters run for real.
 */
import fs from 'node:fs';
import { targetNames, type TargetName } from '../../generator/targets';
import { targetSelectionDiagnostics } from '../../generator/targets/selection';
import type { BuiltFix } from '../../generator/pipeline/compile';
import { compileOnly, diagnosticsText, runFixforge } from '../support/compile';

const KB = 'spec/kb2328240.fix.ts';
const WMI = 'spec/wmi-repository.fix.ts';

/** What packs what: the only dependencies between targets. */
const packs: Partial<Record<TargetName, TargetName>> = { gpoBackup: 'gpo', nupkg: 'module' };

const combinations: TargetName[][] = [];
for (let mask = 1; mask < 1 << targetNames.length; mask++) combinations.push(targetNames.filter((_, i) => mask & (1 << i)));

let kb: BuiltFix;
beforeAll(async () => {
  const result = await compileOnly([KB]);
  expect(result.ok).toBe(true);
  kb = result.fixes[0];
}, 120_000);

const at = () => ({ file: KB, line: 1, column: 1 });

it('covers every combination of the targets', () => {
  expect(combinations).toHaveLength(127);
  expect(Object.keys(kb.ir.targets).sort()).toEqual([...targetNames].sort());
});

it.each(combinations.map((c) => [c.join(',')]))('--target %s: FF2310 exactly where a packer lacks what it packs', (shown) => {
  const selected = shown.split(',') as TargetName[];
  const diagnostics = targetSelectionDiagnostics(kb.ir, selected, at);
  const missing = selected.filter((t) => packs[t] && !selected.includes(packs[t]!));
  expect(diagnostics.map((d) => [d.code, d.category])).toEqual(missing.map(() => ['FF2310', 'error']));
  for (const [i, t] of missing.entries()) {
    expect(diagnostics[i].message).toContain(`target ${t} (--target ${shown}) but not target ${packs[t]}`);
    expect(diagnostics[i].field).toBe(`targets.${t}`);
  }
});

it('no selection (every target the spec enables) is never a diagnostic', () => {
  expect(targetSelectionDiagnostics(kb.ir, undefined, at)).toEqual([]);
});

describe('real builds', () => {
  it.each([['module,gpoBackup'], ['gpoBackup'], ['cmd,nupkg'], ['nupkg,fixit,intune']])('--target %s: a coded error at the spec\'s targets field, nothing built', async (shown) => {
    const result = await compileOnly([KB], { targets: shown.split(',') as TargetName[] });
    expect(result.ok).toBe(false);
    expect(result.fixes).toEqual([]);
    const errors = result.diagnostics.filter((d) => d.category === 'error');
    expect(errors.map((d) => d.code)).toEqual(expect.arrayContaining(['FF2310']));
    expect(errors.every((d) => d.code === 'FF2310' && d.location?.file.endsWith(KB) && d.location.line > 1)).toBe(true);
  }, 60_000);

  it.each([['gpo,gpoBackup'], ['module,nupkg'], ['module,cmd,intune,gpo,gpoBackup,nupkg,fixit']])('--target %s builds', async (shown) => {
    const result = await compileOnly([KB], { targets: shown.split(',') as TargetName[] });
    expect(diagnosticsText(result)).not.toMatch(/error/);
    expect(result.ok).toBe(true);
  }, 60_000);

  it('a target one spec of a build does not enable is a warning there (FF2311), and one that leaves it nothing FF2312', async () => {
    const result = await compileOnly([KB, WMI], { targets: ['gpoBackup', 'gpo'] });
    expect(result.ok).toBe(true);
    const wmi = result.diagnostics.filter((d) => d.location?.file.endsWith(WMI));
    expect(wmi.map((d) => [d.code, d.category])).toEqual([['FF2311', 'warning']]);
    const only = await compileOnly([WMI], { targets: ['gpoBackup'] });
    expect(only.diagnostics.filter((d) => d.location?.file.endsWith(WMI)).map((d) => d.code)).toEqual(['FF2311', 'FF2312']);
  }, 60_000);
});

it('the CLI: fixforge build --target module,gpoBackup is exit 1 with FF2310 at the spec, no stack trace, nothing written', () => {
  const out = `/tmp/ff-selection-${process.pid}`;
  const r = runFixforge('build', KB, '--target', 'module,gpoBackup', '--out', out);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/spec\/kb2328240\.fix\.ts:\d+:\d+ - error FF2310: The build selects target gpoBackup \(--target module,gpoBackup\) but not target gpo/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toContain('nothing was written');
  expect(fs.existsSync(out)).toBe(false);
}, 60_000);
