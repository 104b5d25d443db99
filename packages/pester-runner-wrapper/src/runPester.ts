/**
 * Runs Pester 5 in `pwsh -NoLogo -NoProfile -NonInteractive`, configured through
 * New-PesterConfiguration, and reads the JUnit XML and the exit code, never console text.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareVersions, findPester, findPwsh, PesterEnvironmentError } from './locate';
import { parseJUnit } from './junit';

export interface PesterRunOptions {
  /** Test files or folders. */
  readonly paths: readonly string[];
  /** Where to keep the JUnit XML; a temporary file otherwise. */
  readonly junitPath?: string;
  /** Kill the run after this long (default 10 minutes). */
  readonly timeoutMs?: number;
  /** pwsh to use; found on PATH or in searchDirs otherwise. */
  readonly pwsh?: string;
  readonly searchDirs?: readonly string[];
  /** Pester.psd1 to import; candidates in modulePaths, then any installed Pester. */
  readonly pesterModulePath?: string;
  readonly modulePaths?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly minimumPesterVersion?: string;
  readonly minimumPwshVersion?: string;
}

export interface PesterTestResult {
  readonly name: string;
  readonly result: 'Passed' | 'Failed' | 'Skipped';
  readonly message?: string;
  readonly durationMs?: number;
}

export interface PesterRunResult {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly total: number;
  readonly durationMs: number;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly tests: readonly PesterTestResult[];
  readonly junitPath: string;
  readonly stderr: string;
  readonly pwshVersion: string;
  readonly pesterVersion: string;
}

const INSTALL_HINT = 'Install pwsh and Pester (in fixforge: npm run setup:pwsh).';

function quote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

export async function runPester(opts: PesterRunOptions): Promise<PesterRunResult> {
  const pwshFound = opts.pwsh ? { path: opts.pwsh, version: '' } : await findPwsh({ searchDirs: opts.searchDirs });
  if (!pwshFound) throw new PesterEnvironmentError('PWSH_NOT_FOUND', 'pwsh was not found on PATH or in the search folders.', INSTALL_HINT);
  if (pwshFound.version && compareVersions(pwshFound.version, opts.minimumPwshVersion ?? '7.0') < 0) {
    throw new PesterEnvironmentError('PWSH_TOO_OLD', `pwsh ${pwshFound.version} is older than ${opts.minimumPwshVersion ?? '7.0'}.`, INSTALL_HINT);
  }
  const pester = opts.pesterModulePath
    ? { path: opts.pesterModulePath, version: '' }
    : await findPester(pwshFound.path, { modulePaths: opts.modulePaths });
  if (!pester || !fs.existsSync(pester.path)) throw new PesterEnvironmentError('PESTER_NOT_FOUND', 'Pester was not found.', INSTALL_HINT);
  const minimum = opts.minimumPesterVersion ?? '5.0.0';
  if (pester.version && compareVersions(pester.version, minimum) < 0) {
    throw new PesterEnvironmentError('PESTER_TOO_OLD', `Pester ${pester.version} is older than ${minimum}.`, INSTALL_HINT);
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pester-run-'));
  const junitPath = path.resolve(opts.junitPath ?? path.join(work, 'junit.xml'));
  const script = path.join(work, 'run.ps1');
  fs.writeFileSync(
    script,
    [
      "$ErrorActionPreference = 'Stop'",
      `Import-Module ${quote(pester.path)} -Force`,
      '$config = New-PesterConfiguration',
      `$config.Run.Path = @(${opts.paths.map((p) => quote(path.resolve(p))).join(', ')})`,
      '$config.Run.PassThru = $true',
      '$config.Run.Exit = $false',
      '$config.TestResult.Enabled = $true',
      "$config.TestResult.OutputFormat = 'JUnitXml'",
      `$config.TestResult.OutputPath = ${quote(junitPath)}`,
      "$config.Output.Verbosity = 'None'",
      '$result = Invoke-Pester -Configuration $config',
      '"pester-version=" + (Get-Module Pester).Version',
      'exit [int]$result.FailedCount + [int]$result.FailedBlocksCount + [int]$result.FailedContainersCount',
    ].join('\n'),
    'utf8',
  );
  const started = Date.now();
  const { exitCode, timedOut, stdout, stderr } = await spawnWithTimeout(
    pwshFound.path,
    ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', script],
    { cwd: opts.cwd, env: { ...process.env, ...opts.env } },
    opts.timeoutMs ?? 600_000,
  );
  const durationMs = Date.now() - started;
  const cases = fs.existsSync(junitPath) ? parseJUnit(fs.readFileSync(junitPath, 'utf8')) : [];
  if (!opts.junitPath) fs.rmSync(work, { recursive: true, force: true });
  else fs.rmSync(script, { force: true });
  const tests = cases.map((c) => ({ name: c.name, result: c.result, message: c.message, durationMs: c.durationMs }));
  const count = (r: PesterTestResult['result']) => tests.filter((t) => t.result === r).length;
  // A run that died before writing results, or a failed block or container, counts as a failure.
  const failed = Math.max(count('Failed'), exitCode !== 0 || timedOut ? 1 : 0);
  return {
    passed: count('Passed'),
    failed,
    skipped: count('Skipped'),
    total: tests.length,
    durationMs,
    exitCode,
    timedOut,
    tests,
    junitPath,
    stderr,
    pwshVersion: pwshFound.version,
    pesterVersion: pester.version || (/pester-version=(\S+)/.exec(stdout)?.[1] ?? ''),
  };
}

function spawnWithTimeout(
  file: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv },
  timeoutMs: number,
): Promise<{ exitCode: number | null; timedOut: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group: pwsh may have started children.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, timedOut, stdout, stderr });
    });
  });
}

/** `N passed, N failed, N skipped`, then each failing test with its message. */
export function formatSummary(r: PesterRunResult): string {
  const lines = [`${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`];
  if (r.timedOut) lines.push(`timed out after ${r.durationMs} ms`);
  for (const t of r.tests.filter((x) => x.result === 'Failed')) lines.push(`  FAILED ${t.name}${t.message ? `: ${t.message.split('\n')[0]}` : ''}`);
  if (r.failed > 0 && r.tests.every((t) => t.result !== 'Failed') && r.stderr.trim()) lines.push(`  ${r.stderr.trim().split('\n').slice(0, 5).join('\n  ')}`);
  return lines.join('\n');
}
