/** Running pwsh: a child process with a time limit that takes its whole process tree down. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ProcessResult {
  /** The exit code; -1 when the process was ended by a signal (for example on the time limit). */
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export function runProcess(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    // Its own process group, so the time limit also reaches what pwsh started: the PowerShell .NET
    // tool is a shim that runs `dotnet pwsh.dll` as a child.
    const windows = process.platform === 'win32';
    const child = spawn(file, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: !windows, windowsHide: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    let drain: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      resolve({ exitCode: code ?? -1, timedOut, stdout, stderr });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid, windows, () => child.kill('SIGKILL'));
    }, options.timeoutMs);
    child.on('error', (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    });
    // 'close' waits for stdout/stderr to end, which a stray grandchild holding them open could delay
    // forever: after 'exit', give the streams a moment and then stop waiting.
    child.on('exit', (code) => {
      drain = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code);
      }, 2_000);
    });
    child.on('close', (code) => finish(code));
  });
}

function killTree(pid: number | undefined, windows: boolean, fallback: () => void): void {
  if (pid === undefined) return fallback();
  if (windows) {
    const r = spawnSync('taskkill', ['/PID', String(pid), '/T', '/F'], { windowsHide: true });
    if (r.status !== 0) fallback();
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    fallback();
  }
}

/** A temporary folder for one run's script, configuration and status files. */
export function makeWorkDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pester-run-'));
}

/**
 * Runs one of the status-file scripts (see scripts.ts): writes the script and its JSON
 * configuration into `workDir`, runs `pwsh -File`, and reads the JSON status back if it was written.
 */
export async function runStatusScript(
  pwsh: string,
  script: string,
  config: Record<string, unknown>,
  options: { workDir: string; cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ProcessResult & { status: StatusFile | undefined }> {
  const scriptPath = path.join(options.workDir, 'run.ps1');
  const configPath = path.join(options.workDir, 'config.json');
  const statusPath = path.join(options.workDir, 'status.json');
  // A BOM makes Windows PowerShell read the script as UTF-8 rather than the ANSI code page.
  fs.writeFileSync(scriptPath, `\ufeff${script}`, 'utf8');
  fs.writeFileSync(configPath, JSON.stringify({ ...config, statusPath }), 'utf8');
  const result = await runProcess(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', scriptPath, '-ConfigPath', configPath], options);
  let status: StatusFile | undefined;
  if (fs.existsSync(statusPath)) {
    try {
      status = JSON.parse(fs.readFileSync(statusPath, 'utf8').replace(/^\ufeff/, '')) as StatusFile;
    } catch {
      status = undefined; // cut short while writing: treated like no status at all
    }
  }
  return { ...result, status };
}

/** What the scripts in scripts.ts report. */
export interface StatusFile {
  readonly pwshVersion?: string;
  readonly pesterVersion?: string;
  readonly pesterModulePath?: string;
  readonly environmentError?: { readonly code?: string; readonly detail?: string } | null;
  readonly errors?: string[] | string | null;
}

/**
 * Runs a PowerShell script text with `pwsh -NoLogo -NoProfile -NonInteractive -File <temp .ps1>`
 * (no quoting of the script on a command line), with a time limit on the whole process tree.
 */
export async function runPwshScript(
  pwsh: string,
  script: string,
  opts: { args?: readonly string[]; cwd?: string; env?: Readonly<Record<string, string>>; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  const workDir = makeWorkDir();
  try {
    const file = path.join(workDir, 'script.ps1');
    fs.writeFileSync(file, `\ufeff${script}`, 'utf8');
    return await runProcess(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', file, ...(opts.args ?? [])], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      timeoutMs: opts.timeoutMs ?? 120_000,
    });
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
