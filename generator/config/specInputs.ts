/**
 * From what the user names (files, folders, globs) to the spec files to build. A folder means
 * every `*.fix.ts` below it; a glob (`*`, `**`, `?`) is matched against paths relative to cwd.
 * node_modules and dot-folders are never searched. Results are sorted, so builds are
 * deterministic, and an input that names nothing is a diagnostic rather than an empty build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';

export const SPEC_SUFFIX = '.fix.ts';

export interface SpecInputs {
  /** Spec paths relative to cwd, forward slashes, without duplicates. */
  readonly specs: string[];
  readonly diagnostics: Diagnostic[];
}

export function expandSpecInputs(inputs: readonly string[], cwd: string): SpecInputs {
  const specs: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    const found = expandOne(input, cwd);
    if (found === 'file') specs.push(toRelative(path.resolve(cwd, input), cwd));
    else if (found.length === 0) diagnostics.push(makeDiagnostic('FF1103', [input]));
    else specs.push(...found);
  }
  return { specs: [...new Set(specs)], diagnostics };
}

/** 'file' for a plain path (even a missing one: the loader reports FF1001 at it), else the matches. */
function expandOne(input: string, cwd: string): string[] | 'file' {
  const absolute = path.resolve(cwd, input);
  if (isGlob(input)) {
    const pattern = globToRegExp(toRelative(absolute, cwd));
    const base = path.resolve(cwd, staticPrefix(input));
    return specFilesUnder(base, cwd).filter((f) => pattern.test(f));
  }
  if (fs.existsSync(absolute) && fs.statSync(absolute).isDirectory()) return specFilesUnder(absolute, cwd);
  return 'file';
}

function isGlob(input: string): boolean {
  return /[*?[]/.test(input);
}

/** The folders before the first segment with a wildcard: where the walk starts. */
function staticPrefix(input: string): string {
  const segments = input.split(/[\\/]/);
  const first = segments.findIndex(isGlob);
  return segments.slice(0, first).join('/') || '.';
}

/** `**` any folders (also none), `*` and `?` within one segment. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function specFilesUnder(dir: string, cwd: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(SPEC_SUFFIX)) out.push(toRelative(full, cwd));
    }
  };
  walk(dir);
  return out.sort();
}

function toRelative(absolute: string, cwd: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/') || '.';
}
