/** Finding pwsh and Pester, with errors that say how to get them. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeWorkDir, runStatusScript } from './process';
import { FIND_PESTER_SCRIPT } from './scripts';

const execFileAsync = promisify(execFile);

export const DEFAULT_MINIMUM_PWSH_VERSION = '7.0';
export const DEFAULT_MINIMUM_PESTER_VERSION = '5.0.0';

export const INSTALL_HINT =
  'Install PowerShell 7 (e.g. `dotnet tool install PowerShell --tool-path <dir>`) and Pester 5 ' +
  '(`Install-Module Pester -MinimumVersion 5.0`); in the fixforge repository, `npm run setup:pwsh` installs both into .tools/.';

export type EnvironmentErrorCode = 'PWSH_NOT_FOUND' | 'PWSH_TOO_OLD' | 'PESTER_NOT_FOUND' | 'PESTER_TOO_OLD';

/** pwsh or Pester is missing or too old. `message` ends with `hint`, which says how to install them. */
export class PesterEnvironmentError extends Error {
  readonly code: EnvironmentErrorCode;
  readonly hint: string;

  constructor(code: EnvironmentErrorCode, message: string, hint: string = INSTALL_HINT) {
    super(`${message} ${hint}`);
    this.name = 'PesterEnvironmentError';
    this.code = code;
    this.hint = hint;
  }
}

export interface Found {
  readonly path: string;
  readonly version: string;
}

export interface PesterModule {
  /** The Pester.psd1 to import. */
  readonly modulePath: string;
  readonly version: string;
}

/** A pwsh and a Pester that fit together, as findPesterEnvironment reports them. */
export interface PwshLocation {
  readonly pwshPath: string;
  readonly pwshVersion: string;
  readonly pesterModulePath: string;
  readonly pesterVersion: string;
}

export interface FindPwshOptions {
  /** Folders to look in after PATH, e.g. a project-local tool folder. */
  readonly searchDirs?: readonly string[];
  /** The environment whose PATH is searched and which pwsh runs in (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Skip a pwsh older than this (default: take the first that runs). */
  readonly minimumVersion?: string;
}

export interface FindPesterOptions {
  /** Pester.psd1 files (or folders holding one) to try, in order, before the installed modules. */
  readonly modulePaths?: readonly string[];
  /** Skip a Pester older than this (default: take the first found). */
  readonly minimumVersion?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** `pwsh` on PATH first, then in the given folders: the first that runs (and is new enough), with its version. */
export async function findPwsh(opts: FindPwshOptions = {}): Promise<Found | undefined> {
  return (await scanPwsh(opts)).found;
}

/** findPwsh, and also the newest too-old pwsh seen, to tell "too old" from "not found". */
export async function scanPwsh(opts: FindPwshOptions): Promise<{ found?: Found; tooOld?: Found }> {
  const env = opts.env ?? process.env;
  const executable = process.platform === 'win32' ? 'pwsh.exe' : 'pwsh';
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...(opts.searchDirs ?? [])];
  const tried = new Set<string>();
  let tooOld: Found | undefined;
  for (const dir of dirs) {
    const candidate = path.resolve(dir, executable);
    if (tried.has(candidate) || !isExecutableFile(candidate)) continue;
    tried.add(candidate);
    const version = await pwshVersion(candidate, env);
    if (version === undefined) continue; // present but does not run (e.g. the .NET tool shim without dotnet)
    if (opts.minimumVersion && compareVersions(version, opts.minimumVersion) < 0) {
      if (!tooOld || compareVersions(version, tooOld.version) > 0) tooOld = { path: candidate, version };
      continue;
    }
    return { found: { path: candidate, version }, tooOld };
  }
  return { tooOld };
}

async function pwshVersion(pwsh: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], {
      env,
      timeout: 60_000,
      windowsHide: true,
    });
    const version = stdout.trim().split(/\r?\n/).pop() ?? '';
    return /^\d+(\.\d+)*/.test(version) ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A Pester module for this pwsh: the first of `modulePaths` that exists (and is new enough), else
 * the newest one `Get-Module -ListAvailable Pester` lists.
 */
export async function findPester(pwsh: string, opts: FindPesterOptions = {}): Promise<PesterModule | undefined> {
  return (await searchPester(pwsh, opts.modulePaths ?? [], { minimumVersion: opts.minimumVersion ?? '0.0', env: opts.env })).found;
}

async function searchPester(
  pwsh: string,
  candidates: readonly string[],
  opts: { minimumVersion: string; env?: NodeJS.ProcessEnv },
): Promise<{ found?: PesterModule; tooOld?: PesterModule }> {
  const workDir = makeWorkDir();
  try {
    const config = { pesterCandidates: candidates.map((p) => path.resolve(p)), pesterExplicit: false, minimumPesterVersion: opts.minimumVersion };
    const { status, exitCode, stderr } = await runStatusScript(pwsh, FIND_PESTER_SCRIPT, config, { workDir, env: opts.env ?? process.env, timeoutMs: 120_000 });
    if (!status) throw new Error(`pwsh (${pwsh}) could not look for Pester: exit code ${exitCode}. ${stderr.trim()}`);
    if (!status.pesterModulePath) return {};
    const module = { modulePath: status.pesterModulePath, version: status.pesterVersion ?? '' };
    return status.environmentError?.code === 'PESTER_TOO_OLD' ? { tooOld: module } : { found: module };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * A pwsh and a Pester new enough to run Pester 5 tests, or a PesterEnvironmentError that says what
 * is missing and how to install it.
 */
export async function findPesterEnvironment(
  opts: FindPwshOptions & { modulePaths?: readonly string[]; minimumPwshVersion?: string; minimumPesterVersion?: string } = {},
): Promise<PwshLocation> {
  const minimumPester = opts.minimumPesterVersion ?? DEFAULT_MINIMUM_PESTER_VERSION;
  const pwsh = await requirePwsh({ ...opts, minimumVersion: opts.minimumPwshVersion ?? DEFAULT_MINIMUM_PWSH_VERSION });
  const { found, tooOld } = await searchPester(pwsh.path, opts.modulePaths ?? [], { minimumVersion: minimumPester, env: opts.env });
  if (tooOld) throw pesterTooOld(tooOld.version, tooOld.modulePath, minimumPester);
  if (!found) throw pesterNotFound(opts.modulePaths ?? [], false);
  return { pwshPath: pwsh.path, pwshVersion: pwsh.version, pesterModulePath: found.modulePath, pesterVersion: found.version };
}

/** findPwsh, or the PesterEnvironmentError that says why there is none. */
export async function requirePwsh(opts: FindPwshOptions): Promise<Found> {
  const { found, tooOld } = await scanPwsh(opts);
  if (found) return found;
  if (tooOld) throw pwshTooOld(tooOld.version, tooOld.path, opts.minimumVersion ?? DEFAULT_MINIMUM_PWSH_VERSION);
  const where = ['PATH', ...(opts.searchDirs ?? [])].join(', ');
  throw new PesterEnvironmentError('PWSH_NOT_FOUND', `No runnable pwsh was found (looked in ${where}).`);
}

export function pwshTooOld(version: string, where: string, minimum: string): PesterEnvironmentError {
  return new PesterEnvironmentError('PWSH_TOO_OLD', `pwsh ${version} (${where}) is older than the ${minimum} these tests need.`);
}

export function pesterNotFound(candidates: readonly string[], explicit: boolean): PesterEnvironmentError {
  const where = explicit ? candidates.join(', ') : [...candidates, 'the installed modules (Get-Module -ListAvailable)'].join(', ');
  return new PesterEnvironmentError('PESTER_NOT_FOUND', `Pester was not found (looked in ${where}).`);
}

export function pesterTooOld(version: string, where: string, minimum: string): PesterEnvironmentError {
  return new PesterEnvironmentError('PESTER_TOO_OLD', `Pester ${version} (${where}) is older than the ${minimum} these tests need.`);
}

/** Compares dotted versions numerically; a pre-release suffix (`7.5.0-preview.2`) is ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[-+]/)[0].split('.').map((x) => parseInt(x, 10) || 0);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
