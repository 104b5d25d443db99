/** Locations inside the fixforge package, valid both from sources and from the compiled dist/. */
import fs from 'node:fs';
import path from 'node:path';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'fixforge') return (root = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`fixforge: cannot find the package root above ${__dirname}`);
    dir = parent;
  }
}

/** Specs are type-checked against the DSL's TypeScript source, which ships with the package. */
export function dslSourcePath(): string {
  return path.join(packageRoot(), 'generator', 'dsl', 'index.ts');
}

/** `fixforge/config` (defineConfig and its types), type-checked from source like the DSL. */
export function configSourcePath(): string {
  return path.join(packageRoot(), 'generator', 'config', 'dsl.ts');
}

export function templatesDir(): string {
  return path.join(packageRoot(), 'templates');
}

export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
}

/** The engine's core PowerShell sources (`generator/engine`). */
export function engineDir(): string {
  return path.join(packageRoot(), 'generator', 'engine');
}

/** A step kind's folder: `generator/steps/<phase>/<kind>`, where its handler and cases live. */
export function stepKindDir(phase: string, kind: string): string {
  return path.join(packageRoot(), 'generator', 'steps', phase, kind);
}
