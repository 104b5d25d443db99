/**
 * Which files a spec depends on, for `--watch`: the spec and, transitively, every file it imports
 * by a relative path. Read with TypeScript's pre-processor (import statements only, no type
 * check), so recomputing it after each rebuild costs next to nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

export function specDependencies(spec: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return; // a deleted import: the rebuild reports it
    }
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue; // packages (fixforge/dsl) do not change under a project
      const resolved = resolveRelative(path.dirname(file), ref.fileName);
      if (resolved) visit(resolved);
    }
  };
  visit(path.resolve(spec));
  return seen;
}

function resolveRelative(dir: string, specifier: string): string | undefined {
  const base = path.resolve(dir, specifier.replace(/\.(c|m)?js$/, ''));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.d.ts`, path.join(base, 'index.ts')];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}
