// Running the CLI of this checkout in a folder of the test's own, and small projects to run it in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../support/compile';

export const fixforgeBin = path.join(repoRoot, 'bin/fixforge.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI as a user runs it, in `cwd`, without a terminal (so not pretty unless asked) and outside CI. */
export function runIn(cwd: string, args: string[], env: Record<string, string | undefined> = {}): CliRun {
  const r = spawnSync(process.execPath, [fixforgeBin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: undefined, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder, removed by the caller's afterAll through `remove`. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fixforge-${prefix}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The smallest valid spec (the clearFolderContents kind's fixture), with its id and publisher replaced. */
export function smallSpec(id: string, edit: (text: string) => string = (t) => t): string {
  const fixture = fs.readFileSync(path.join(repoRoot, 'generator/steps/repair/clearFolderContents/fixture.fix.ts'), 'utf8');
  return edit(fixture.replace("id: 'kind-clear-folder-contents'", `id: '${id}'`));
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}
