import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { build, type BuildResult } from '../../generator/pipeline/compile';
import { formatDiagnostic } from '../../generator/diagnostics/diagnostic';

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
