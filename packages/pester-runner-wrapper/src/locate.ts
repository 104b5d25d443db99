/** Finding pwsh and Pester, with errors that say how to get them. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type EnvironmentErrorCode = 'PWSH_NOT_FOUND' | 'PWSH_TOO_OLD' | 'PESTER_NOT_FOUND' | 'PESTER_TOO_OLD';

export class PesterEnvironmentError extends Error {
  constructor(
    readonly code: EnvironmentErrorCode,
    message: string,
    readonly hint: string,
  ) {
    super(`${message} ${hint}`);
    this.name = 'PesterEnvironmentError';
  }
}

export interface Found {
  readonly path: string;
  readonly version: string;
}

/** `pwsh` on PATH first, then in the given folders (e.g. a project-local tool folder). */
export async function findPwsh(opts: { searchDirs?: readonly string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Found | undefined> {
  const env = opts.env ?? process.env;
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...(opts.searchDirs ?? [])];
  for (const dir of dirs) {
    const candidate = path.join(dir, process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');
    if (!isExecutable(candidate)) continue;
    try {
      const { stdout } = await run(candidate, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], { env, timeout: 60_000 });
      return { path: candidate, version: stdout.trim() };
    } catch {
      // not runnable: try the next one
    }
  }
  return undefined;
}

/** A Pester module manifest: the first existing path given, else what pwsh can list. */
export async function findPester(pwsh: string, opts: { modulePaths?: readonly string[] } = {}): Promise<Found | undefined> {
  const script = [
    '$ErrorActionPreference = "Stop"',
    `$candidates = @(${(opts.modulePaths ?? []).map((p) => `'${p.replace(/'/g, "''")}'`).join(', ')})`,
    '$found = $null',
    'foreach ($c in $candidates) { if (Test-Path -LiteralPath $c) { $found = Test-ModuleManifest -Path $c -ErrorAction Stop; break } }',
    'if (-not $found) { $found = Get-Module -ListAvailable Pester | Sort-Object Version -Descending | Select-Object -First 1 }',
    'if ($found) { "$($found.Version)|$($found.Path)" }',
  ].join('\n');
  const { stdout } = await run(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], { timeout: 60_000 });
  const line = stdout.trim().split('\n').pop() ?? '';
  const sep = line.indexOf('|');
  return sep > 0 ? { version: line.slice(0, sep), path: line.slice(sep + 1) } : undefined;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
