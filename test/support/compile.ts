import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { build, type BuildResult } from '../../generator/pipeline/compile';
import { formatDiagnostic } from '../../generator/vocabulary/diagnostics/diagnostic';

export const repoRoot = path.join(__dirname, '..', '..');

/** Compiles specs in memory (nothing written), paths relative to the repository root. */
export async function compileOnly(specs: string[], extra: Partial<Parameters<typeof build>[0]> = {}): Promise<BuildResult> {
  return build({ specs, outDir: 'out', cwd: repoRoot, write: false, ...extra });
}

export function diagnosticsText(result: BuildResult): string {
  return result.diagnostics.map((d) => `${formatDiagnostic(d)}${d.field ? `  [${d.field}]` : ''}\n`).join('');
}

/** Runs the CLI as a user would, from the repository root. */
export function runFixforge(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/fixforge.js'), ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Every valid spec the suite builds, with the name of its baseline folder: the real fixes in
 * spec/, the fixtures under test/fixtures/specs, and each step kind's fixture (`kinds/<kind>`).
 */
export function validSpecs(): { spec: string; name: string }[] {
  const fixtures = fs
    .readdirSync(path.join(repoRoot, 'test/fixtures/specs'))
    .filter((f) => f.endsWith('.fix.ts'))
    .sort()
    .map((f) => ({ spec: `test/fixtures/specs/${f}`, name: path.basename(f, '.fix.ts') }));
  const fixes = fs
    .readdirSync(path.join(repoRoot, 'spec'))
    .filter((f) => f.endsWith('.fix.ts'))
    .sort()
    .map((f) => ({ spec: `spec/${f}`, name: path.basename(f, '.fix.ts') }));
  return [...fixes, ...fixtures, ...kindFixtures()];
}

/** `generator/steps/<phase>/<kind>/fixture.fix.ts` of every kind folder that has one. */
export function kindFixtures(): { spec: string; name: string; phase: string; kind: string }[] {
  const steps = path.join(repoRoot, 'generator/steps');
  const found = fs
    .readdirSync(steps, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((phase) =>
      fs
        .readdirSync(path.join(steps, phase.name), { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(steps, phase.name, d.name, 'fixture.fix.ts')))
        .map((kind) => ({ spec: `generator/steps/${phase.name}/${kind.name}/fixture.fix.ts`, phase: phase.name, kind: kind.name })),
    );
  // A kind name may recur across phases (detect.registryValue, repair.registryValue): the phase tells their baselines apart.
  const shared = (kind: string) => found.filter((f) => f.kind === kind).length > 1;
  return found
    .map((f) => ({ ...f, name: shared(f.kind) ? `kinds/${f.kind}.${f.phase}` : `kinds/${f.kind}` }))
    .sort((a, b) => (a.spec < b.spec ? -1 : 1));
}
