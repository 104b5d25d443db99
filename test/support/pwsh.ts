/**
 * pwsh for jest: finding it (the project-local one from `npm run setup:pwsh` first), running
 * scripts in it, and the two checks every emitted PowerShell file goes through: parse errors and
 * Windows PowerShell 2.0 constructs (scripts/ps/Test-Ps2Compatibility.ps1).
 *
 * Without pwsh, suites wrapped in describeWithPwsh are skipped locally with a warning; under CI
 * (process.env.CI set) they fail with the install hint instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareVersions, findPester, findPwsh, PesterEnvironmentError, runPwshScript, type Found, type ProcessResult } from 'pester-runner-wrapper';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const pwshToolDir = path.join(repoRoot, '.tools', 'pwsh');
export const ps2Checker = path.join(repoRoot, 'scripts', 'ps', 'Test-Ps2Compatibility.ps1');
const MINIMUM_PWSH = '7.0';

let located: Promise<Found> | undefined;

/** pwsh 7+ on PATH or in <repo>/.tools/pwsh, found once per test file; throws PesterEnvironmentError with the install hint. */
export function locatePwsh(): Promise<Found> {
  located ??= findPwsh({ searchDirs: [pwshToolDir], minimumVersion: MINIMUM_PWSH }).then((found) => {
    if (!found) throw new PesterEnvironmentError('PWSH_NOT_FOUND', `No pwsh ${MINIMUM_PWSH}+ on PATH or in ${pwshToolDir}.`);
    return found;
  });
  return located;
}

/** The pwsh executable on PATH or in .tools/pwsh (no version check: cheap enough for test collection). */
export function pwshPath(): string | undefined {
  const name = process.platform === 'win32' ? 'pwsh.exe' : 'pwsh';
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), pwshToolDir];
  return dirs.map((dir) => path.join(dir, name)).find((file) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** Whether a pwsh executable is present at all. */
export function pwshPresent(): boolean {
  return pwshPath() !== undefined;
}

/** describe() for suites that need pwsh: skipped with a warning when it is missing, except under CI, where that fails. */
export function describeWithPwsh(name: string, fn: () => void): void {
  if (pwshPresent()) return describe(name, fn);
  const error = new PesterEnvironmentError('PWSH_NOT_FOUND', `${name} needs pwsh, found neither on PATH nor in ${pwshToolDir}.`);
  if (process.env.CI) {
    describe(name, () => {
      it('has pwsh to run in', () => {
        throw error;
      });
    });
    return;
  }
  console.warn(`skipped: ${error.message}`);
  describe.skip(name, fn);
}

export interface RunPwshOptions {
  readonly args?: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Runs a script text in `pwsh -NoLogo -NoProfile -NonInteractive -File <temp .ps1>`. */
export async function runPwsh(script: string, opts: RunPwshOptions = {}): Promise<ProcessResult> {
  const pwsh = await locatePwsh();
  return runPwshScript(pwsh.path, script, opts);
}

export interface PowerShellParseError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly errorId: string;
  readonly message: string;
}

/** Every parse error pwsh's parser finds in these files, in one pwsh run. */
export async function parsePowerShellFiles(paths: readonly string[]): Promise<PowerShellParseError[]> {
  if (paths.length === 0) return [];
  const list = writeTempJson(paths.map((p) => path.resolve(p)));
  try {
    const r = await runPwsh(PARSE_SCRIPT, { args: [list] });
    if (r.exitCode !== 0 || r.stderr.trim() !== '') throw new Error(`parsing in pwsh failed (exit ${r.exitCode}): ${r.stderr}`);
    const parsed = JSON.parse(r.stdout.trim() || '[]') as PowerShellParseError[] | PowerShellParseError;
    return Array.isArray(parsed) ? parsed : [parsed];
  } finally {
    fs.rmSync(path.dirname(list), { recursive: true, force: true });
  }
}

const PARSE_SCRIPT = String.raw`
param([string] $ListPath)
$ErrorActionPreference = 'Stop'
$found = foreach ($file in @(Get-Content -LiteralPath $ListPath -Raw | ConvertFrom-Json)) {
    $tokens = $null
    $errors = $null
    [void][System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    foreach ($e in $errors) {
        [pscustomobject]@{ file = $file; line = $e.Extent.StartLineNumber; column = $e.Extent.StartColumnNumber; errorId = $e.ErrorId; message = $e.Message }
    }
}
ConvertTo-Json -InputObject @($found) -Depth 3 -Compress
`;

export interface Ps2Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** PS2xxx; PS2000 is a parse error. */
  readonly code: string;
  readonly message: string;
}

const FINDING = /^(.+):(\d+):(\d+) - (PS2\d{3}): (.+)$/;

/**
 * Runs scripts/ps/Test-Ps2Compatibility.ps1 on these files (or folders) in one pwsh run and returns
 * its findings. Throws when the checker breaks its own contract: output it does not format as a
 * finding, anything on stderr, or an exit code that disagrees with the findings.
 */
export async function checkPs2Compatibility(paths: readonly string[]): Promise<Ps2Finding[]> {
  if (paths.length === 0) return [];
  const pwsh = await locatePwsh();
  const script = '$files = @($args | Select-Object -Skip 1); & $args[0] @files; exit $LASTEXITCODE';
  const r = await runPwshScript(pwsh.path, script, { args: [ps2Checker, ...paths.map((p) => path.resolve(p))] });
  const lines = r.stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
  const findings = lines.map((line) => {
    const m = FINDING.exec(line);
    if (!m) throw new Error(`Test-Ps2Compatibility.ps1 wrote a line that is not a finding: ${line}`);
    return { file: m[1], line: Number(m[2]), column: Number(m[3]), code: m[4], message: m[5] };
  });
  if (r.stderr.trim() !== '') throw new Error(`Test-Ps2Compatibility.ps1 wrote to stderr: ${r.stderr}`);
  if (r.exitCode !== (findings.length > 0 ? 1 : 0)) throw new Error(`Test-Ps2Compatibility.ps1 exited ${r.exitCode} with ${findings.length} findings`);
  return findings;
}

/** The Pester.psd1 to import: the newest under <repo>/.tools/nuget/pester, else the newest installed one. */
export async function pesterModulePath(): Promise<string> {
  const root = path.join(repoRoot, '.tools', 'nuget', 'pester');
  const local = (fs.existsSync(root) ? fs.readdirSync(root) : [])
    .filter((v) => fs.existsSync(path.join(root, v, 'tools', 'Pester.psd1')))
    .sort(compareVersions)
    .map((v) => path.join(root, v, 'tools', 'Pester.psd1'));
  if (local.length > 0) return local[local.length - 1];
  const installed = await findPester((await locatePwsh()).path, { minimumVersion: '5.0.0' });
  if (!installed) throw new PesterEnvironmentError('PESTER_NOT_FOUND', `No Pester 5 under ${root} nor installed.`);
  return installed.modulePath;
}

function writeTempJson(value: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-pwsh-'));
  const file = path.join(dir, 'input.json');
  fs.writeFileSync(file, JSON.stringify(value), 'utf8');
  return file;
}
