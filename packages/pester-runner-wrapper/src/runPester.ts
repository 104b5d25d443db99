/**
 * Runs Pester 5 in `pwsh -NoLogo -NoProfile -NonInteractive`, configured through
 * New-PesterConfiguration, and reads the JUnit XML, a JSON status file and the exit code, never
 * console text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseJUnit } from './junit';
import {
  DEFAULT_MINIMUM_PESTER_VERSION,
  DEFAULT_MINIMUM_PWSH_VERSION,
  PesterEnvironmentError,
  pesterNotFound,
  pesterTooOld,
  pwshTooOld,
  requirePwsh,
  type PwshLocation,
} from './locate';
import { makeWorkDir, runStatusScript, type StatusFile } from './process';
import { RUN_PESTER_SCRIPT } from './scripts';

export interface PesterRunOptions {
  /** Test files or folders; relative ones are resolved against `cwd`. */
  readonly paths: readonly string[];
  /** Keep the JUnit XML here (relative to `cwd`); otherwise it goes to a temporary folder removed after the run. */
  readonly junitPath?: string;
  /** Kill the whole process tree after this long (default 10 minutes); the result then says timedOut. */
  readonly timeoutMs?: number;
  /** The pwsh to run; otherwise the first new enough pwsh on PATH, then in `searchDirs`. */
  readonly pwsh?: string;
  readonly searchDirs?: readonly string[];
  /** The Pester.psd1 to import (nothing else is tried); otherwise the first of `modulePaths`, then the installed modules. */
  readonly pesterModulePath?: string;
  readonly modulePaths?: readonly string[];
  /** Added to process.env, for finding pwsh and for the run. */
  readonly env?: Readonly<Record<string, string>>;
  /** The working folder of the run (default: process.cwd()). */
  readonly cwd?: string;
  /** Default 5.0.0. */
  readonly minimumPesterVersion?: string;
  /** Default 7.0. */
  readonly minimumPwshVersion?: string;
  /** Pester's console output (Output.Verbosity), returned in `stdout`; default 'None'. */
  readonly verbosity?: 'None' | 'Normal' | 'Detailed' | 'Diagnostic';
}

export interface PesterTestResult {
  /** Pester's expanded path of the test, e.g. `Describe.Context.It`, as the JUnit report names it. */
  readonly name: string;
  readonly result: 'Passed' | 'Failed' | 'Skipped';
  readonly message?: string;
  readonly durationMs?: number;
  /** The test file. */
  readonly file?: string;
}

export interface PesterRunResult extends PwshLocation {
  readonly passed: number;
  /** Failed tests plus `errors`: a run that failed outside any test never reads as a success. */
  readonly failed: number;
  readonly skipped: number;
  /** The test cases in the JUnit report. */
  readonly total: number;
  readonly durationMs: number;
  /** pwsh's exit code (the number of failures, at most 255); -1 when it was killed. */
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly tests: readonly PesterTestResult[];
  /** Problems no failed test accounts for: a missing path, an undiscoverable file, a failed teardown, the time limit, a crash. */
  readonly errors: readonly string[];
  readonly junitPath: string;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runPester(opts: PesterRunOptions): Promise<PesterRunResult> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  const minimumPwsh = opts.minimumPwshVersion ?? DEFAULT_MINIMUM_PWSH_VERSION;
  const minimumPester = opts.minimumPesterVersion ?? DEFAULT_MINIMUM_PESTER_VERSION;
  // An explicit pwsh has its version checked by the run script itself: one pwsh start instead of two.
  const pwshPath = opts.pwsh ? path.resolve(cwd, opts.pwsh) : (await requirePwsh({ searchDirs: opts.searchDirs, env, minimumVersion: minimumPwsh })).path;
  if (opts.pwsh && !fs.existsSync(pwshPath)) throw new PesterEnvironmentError('PWSH_NOT_FOUND', `pwsh was not found at ${pwshPath}.`);
  const pesterCandidates = (opts.pesterModulePath ? [opts.pesterModulePath] : (opts.modulePaths ?? [])).map((p) => path.resolve(cwd, p));

  const workDir = makeWorkDir();
  const junitPath = path.resolve(cwd, opts.junitPath ?? path.join(workDir, 'junit.xml'));
  fs.rmSync(junitPath, { force: true }); // a report left from an earlier run must not be read as this one's
  fs.mkdirSync(path.dirname(junitPath), { recursive: true });
  const timeoutMs = opts.timeoutMs ?? 600_000;
  const started = Date.now();
  let run: Awaited<ReturnType<typeof runStatusScript>>;
  try {
    run = await runStatusScript(
      pwshPath,
      RUN_PESTER_SCRIPT,
      {
        paths: opts.paths.map((p) => path.resolve(cwd, p)),
        junitPath,
        pesterCandidates,
        pesterExplicit: opts.pesterModulePath !== undefined,
        minimumPwshVersion: minimumPwsh,
        minimumPesterVersion: minimumPester,
        verbosity: opts.verbosity ?? 'None',
      },
      { workDir, cwd, env, timeoutMs },
    );
  } catch (e) {
    fs.rmSync(workDir, { recursive: true, force: true });
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EACCES') {
      throw new PesterEnvironmentError('PWSH_NOT_FOUND', `pwsh could not be started (${pwshPath}: ${(e as Error).message}).`);
    }
    throw e;
  }
  const durationMs = Date.now() - started;
  const status = run.status;
  try {
    throwEnvironmentError(status, pwshPath, pesterCandidates, opts.pesterModulePath !== undefined, minimumPwsh, minimumPester);
    const errors = statusErrors(status);
    let tests: PesterTestResult[] = [];
    if (fs.existsSync(junitPath)) {
      try {
        tests = parseJUnit(fs.readFileSync(junitPath, 'utf8')).map(({ name, result, message, durationMs: ms, file }) => ({ name, result, message, durationMs: ms, file }));
      } catch (e) {
        errors.push(`the JUnit report ${junitPath} could not be read: ${(e as Error).message}`);
      }
    }
    if (run.timedOut) errors.push(`timed out after ${timeoutMs} ms; the pwsh process tree was killed`);
    else if (!status) errors.push(`pwsh ended (exit code ${run.exitCode}) before reporting a result${firstLines(run.stderr)}`);
    const count = (r: PesterTestResult['result']) => tests.filter((t) => t.result === r).length;
    if (count('Failed') + errors.length === 0 && run.exitCode !== 0) errors.push(`pwsh exited with code ${run.exitCode}${firstLines(run.stderr)}`);
    return {
      passed: count('Passed'),
      failed: count('Failed') + errors.length,
      skipped: count('Skipped'),
      total: tests.length,
      durationMs,
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      tests,
      errors,
      junitPath,
      stdout: run.stdout,
      stderr: run.stderr,
      pwshPath,
      pwshVersion: status?.pwshVersion ?? '',
      pesterModulePath: status?.pesterModulePath ?? '',
      pesterVersion: status?.pesterVersion ?? '',
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function throwEnvironmentError(
  status: StatusFile | undefined,
  pwshPath: string,
  candidates: readonly string[],
  explicit: boolean,
  minimumPwsh: string,
  minimumPester: string,
): void {
  const code = status?.environmentError?.code;
  if (!status || !code) return;
  if (code === 'PWSH_TOO_OLD') throw pwshTooOld(status.pwshVersion ?? '?', pwshPath, minimumPwsh);
  if (code === 'PESTER_TOO_OLD') throw pesterTooOld(status.pesterVersion ?? '?', status.pesterModulePath ?? '?', minimumPester);
  throw pesterNotFound(candidates, explicit);
}

function statusErrors(status: StatusFile | undefined): string[] {
  const errors = status?.errors;
  if (!errors) return [];
  return (Array.isArray(errors) ? errors : [errors]).filter((e) => typeof e === 'string' && e !== '');
}

function firstLines(text: string): string {
  const lines = text.trim().split(/\r?\n/).slice(0, 5);
  return lines[0] ? `: ${lines.join(' / ')}` : '';
}

/** `N passed, N failed, N skipped`, then each failing test with the first line of its message, then the run errors. */
export function formatSummary(r: PesterRunResult): string {
  const lines = [`${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`];
  for (const t of r.tests.filter((x) => x.result === 'Failed')) {
    const message = t.message?.split(/\r?\n/)[0];
    lines.push(`  FAILED ${t.name}${message ? `: ${message}` : ''}`);
  }
  for (const e of r.errors) lines.push(`  ERROR ${e.replace(/\r?\n/g, '\n    ')}`);
  return lines.join('\n');
}
