/**
 * The project a command works for: the nearest folder, from the working directory up, with a
 * fixforge.config.ts or a package.json; else the working directory. Per-project state (the
 * development certificate, under `.fixforge/`) lives there, never inside the installed package,
 * which `npm ci` replaces.
 */
import fs from 'node:fs';
import path from 'node:path';

export const CONFIG_FILE = 'fixforge.config.ts';

export function findProjectRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE)) || fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

/** Per-project state: `<project>/.fixforge` (git-ignored). */
export function projectStateDir(projectRoot: string): string {
  return path.join(projectRoot, '.fixforge');
}
