// Running the CLI asynchronously (the local Graph lives in the test's own process, so a blocking
// spawnSync would starve it), and building kb2328240 into a project of the test's own.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { repoRoot } from '../support/compile';
import { fixforgeBin, type CliRun } from '../cli/cliSupport';

const CLI_TIMEOUT_MS = 60_000;

export function runCli(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixforgeBin, ...args], { cwd, env: { ...process.env, CI: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A project folder with kb2328240 (and its shared constants) under fixes/, edited by `edit`. */
export function writeKbProject(dir: string, edit: (spec: string) => string = (s) => s): void {
  fs.mkdirSync(path.join(dir, 'fixes'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "publish-test", "private": true }\n');
  fs.cpSync(path.join(repoRoot, 'spec/shared'), path.join(dir, 'fixes/shared'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'fixes/kb2328240.fix.ts'), edit(fs.readFileSync(path.join(repoRoot, 'spec/kb2328240.fix.ts'), 'utf8')));
}
