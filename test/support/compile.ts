import path from 'node:path';
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
