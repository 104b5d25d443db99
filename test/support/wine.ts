/**
 * Runs generated .cmd files in wine's cmd.exe from jest (Debian 12: wine 8.0, 64-bit only).
 *
 *   const wine = requireWine();                       // throws when wine is missing
 *   const prefix = await createWinePrefix();          // copy of a cached, initialised template
 *   const rec = await prefix.installRecorder();       // certutil.exe stand-in
 *   const r = await prefix.runCmd(cmdUnixPath, ['arg'], { FOO: 'x' });
 *   rec.calls();                                      // what certutil was called with
 *   await prefix.dispose();                           // wineserver -k, rm -rf
 *
 * Install wine with `npm run setup:wine` (scripts/setup-wine.sh). Read docs/wine-cmd-notes.md
 * before trusting a result: wine's cmd differs from Windows' in places, and wine follows unix
 * symlinks when deleting (never point a symlink inside a prefix at anything you want to keep).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Generous jest timeout for a beforeAll that creates a prefix (first template build ~10-30 s). */
export const WINE_SETUP_TIMEOUT_MS = 180_000;

const RECORDER_SOURCE = path.join(__dirname, 'recorder', 'recorder.c');
const MINGW_GCC = 'x86_64-w64-mingw32-gcc';
const SETUP_HINT = 'run `npm run setup:wine` (bash scripts/setup-wine.sh: apt-get install wine64 gcc-mingw-w64-x86-64)';
/** Wine add-ons whose install dialogs would block a headless run, and the menu builder. */
const BASE_DLL_OVERRIDES = 'mscoree,mshtml=;winemenubuilder.exe=d';

export interface WineInstall {
  /** The wine loader: /usr/lib/wine/wine64 on Debian. */
  wine: string;
  /** The matching wineserver. */
  wineserver: string;
  /** `wine --version`, e.g. "wine-8.0 (Debian 8.0~repack-4)". */
  version: string;
}

export interface RunResult {
  /**
   * The script's full 32-bit exit code, as cmd's %ERRORLEVEL% saw it (may be negative, e.g. an
   * HRESULT). Falls back to processExitCode when the launcher could not record it.
   */
  exitCode: number;
  /** Exit status of the wine process itself: only the low 8 bits survive (unix). */
  processExitCode: number | null;
  /** Decoded stdout (latin1: wine writes the ANSI code page), CRLF turned into LF. */
  stdout: string;
  /** Decoded stderr without wine's own noise (fixme:/err:/wine: lines), CRLF turned into LF. */
  stderr: string;
  stdoutRaw: Buffer;
  stderrRaw: Buffer;
  timedOut: boolean;
  durationMs: number;
}

export interface RunOptions {
  /** Windows working directory of the script (default C:\windows\system32, as for GPO scripts). */
  cwd?: string;
  /** Kill the run (wineserver -k) after this long; default 60 s. */
  timeoutMs?: number;
}

export interface RecorderCall {
  /** Full Windows path of the recorder copy that ran. */
  exe: string;
  cwd: string;
  /** GetCommandLineW(), verbatim. */
  commandLine: string;
  /** Arguments after argv[0], split by CommandLineToArgvW. */
  args: string[];
  exitCode: number;
}

export interface Recorder {
  /** Windows path the recorder was copied to. */
  targetWinPath: string;
  /** Windows path of the shared log (FIXFORGE_RECORDER_LOG). */
  logWinPath: string;
  /** Unix path of the shared log. */
  logPath: string;
  /** Exit code of this copy for the following runs (FIXFORGE_RECORDER_EXIT_<NAME>); 0 by default. */
  setExit(code: number): void;
  /** Calls of this copy recorded so far (oldest first). */
  calls(): RecorderCall[];
  /** Forget the calls recorded so far (of every copy: the log is shared). */
  clear(): void;
  /**
   * Canned replies of this copy (see recorder.c), by file name: `{ 'queryex.1.out': '...',
   * 'queryex.out': '...', 'config.exit': '1060' }`. Replaces earlier replies and restarts the counts.
   */
  setReplies(files: Record<string, string>): void;
}

export interface WinePrefix {
  prefixDir: string;
  /** <prefix>/drive_c, the unix side of C:\ */
  driveC: string;
  /** <prefix>/drive_c/windows, the unix side of %windir% (C:\windows) */
  windowsDir: string;
  /** Environment added to every runCmd (launcher `set` lines); runCmd's env wins. */
  env: Record<string, string>;
  /** C:\... for a path under drive_c, else Z:\... (wine maps Z: to /). */
  toWindowsPath(unixPath: string): string;
  /** Unix path for C:\ or Z:\ paths; existing components are matched case-insensitively. */
  toUnixPath(winPath: string): string;
  /**
   * Runs `cmd /d /c ""<file>" args"` in wine, like Windows runs a .cmd (GPO, CreateProcess), via a
   * small launcher batch that sets `env`, changes to `cwd` and records the full exit code.
   * `PROCESSOR_*` variables are set inside the script's own cmd (wine drops them from children).
   * The path and the arguments must not contain " % ! ^ & | < > ( ) or line breaks; values in
   * env no quote or line break.
   */
  runCmd(cmdFileUnixPath: string, args?: string[], env?: Record<string, string>, options?: RunOptions): Promise<RunResult>;
  /** Copies the recorder over targetWinPath and makes wine run it instead of its builtin. */
  installRecorder(targetWinPath?: string): Promise<Recorder>;
  /** Kills this prefix's wineserver and deletes the prefix. */
  dispose(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Finding wine

let cachedInstall: WineInstall | undefined;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Finds wine (64-bit) and its wineserver, or throws with the install hint. Never skips. */
export function requireWine(): WineInstall {
  if (cachedInstall) return cachedInstall;
  const wine = ['/usr/lib/wine/wine64'].find(isExecutable) ?? onPath('wine64') ?? onPath('wine');
  if (!wine) {
    const where = process.env.CI
      ? 'CI has no wine: the CI script must install it first,'
      : 'wine is not installed:';
    throw new Error(`${where} ${SETUP_HINT}. Wine tests never skip silently.`);
  }
  const dir = path.dirname(wine);
  const wineserver =
    [path.join(dir, 'wineserver64'), path.join(dir, 'wineserver')].find(isExecutable) ??
    onPath('wineserver64') ??
    onPath('wineserver');
  if (!wineserver) throw new Error(`found ${wine} but no wineserver next to it or on PATH; ${SETUP_HINT}`);
  const v = spawnSync(wine, ['--version'], { encoding: 'utf8', env: baseEnv() });
  const version = (v.stdout ?? '').trim();
  if (v.status !== 0 || !version.startsWith('wine-')) {
    throw new Error(`${wine} --version failed (${v.status}): ${v.stderr ?? ''}; ${SETUP_HINT}`);
  }
  cachedInstall = { wine, wineserver, version };
  return cachedInstall;
}

function requireMingw(): string {
  const gcc = onPath(MINGW_GCC);
  if (!gcc) throw new Error(`${MINGW_GCC} not found (needed to build the recorder); ${SETUP_HINT}`);
  return gcc;
}

// ---------------------------------------------------------------------------------------------
// Processes

/** Minimal, deterministic environment for wine: no DISPLAY (headless), no CI noise. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? os.homedir(),
    USER: process.env.USER ?? os.userInfo().username,
    LOGNAME: process.env.LOGNAME ?? os.userInfo().username,
    LANG: 'C.UTF-8',
    WINEDEBUG: '-all',
    WINEARCH: 'win64',
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  return env;
}

function wineEnv(prefixDir: string, nativeExes: Iterable<string> = []): NodeJS.ProcessEnv {
  const natives = [...nativeExes].map((n) => `${n}=n`).join(';');
  return {
    ...baseEnv(),
    WINEPREFIX: prefixDir,
    WINEDLLOVERRIDES: natives ? `${BASE_DLL_OVERRIDES};${natives}` : BASE_DLL_OVERRIDES,
  };
}

interface Exec {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, onTimeout?: () => void): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
      onTimeout?.();
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    // Resolve on 'exit', not only 'close': a wineserver or wine service started by this process
    // inherits its pipes and may keep them open long after the process itself has gone.
    let done = false;
    const finish = (code: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err), timedOut });
    };
    child.on('close', (code) => finish(code));
    child.on('exit', (code) => {
      setTimeout(() => finish(code), 300);
    });
  });
}

/** Starts a detached helper (wineserver -p) without tying our pipes to it. */
function runDetached(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, cwd: os.tmpdir(), stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

function execOk(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve();
    });
  });
}

const NOISE = [
  /^[0-9a-f]{4}:(fixme|err|warn|trace):/,
  /^(fixme|err|warn|trace):/,
  /^wine: /,
  /^Could not find Wine Gecko/,
  /^Wine cannot find the FreeType/,
  /^Make sure that your X server is running/,
];

/** Drops wine's own diagnostics from stderr text. */
export function stripWineNoise(text: string): string {
  return text
    .split('\n')
    .filter((line) => !NOISE.some((re) => re.test(line.replace(/\r$/, ''))))
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Cache: one initialised template prefix and one recorder build, shared by jest workers and runs

function cacheRoot(): string {
  const dir =
    process.env.FIXFORGE_WINE_CACHE ?? path.join(os.tmpdir(), `fixforge-wine-cache-${process.getuid?.() ?? 'u'}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `build` once across processes: the result is `final`, built under a lock directory. */
async function buildOnce(final: string, build: (staging: string) => Promise<void>, maxWaitMs = 600_000): Promise<string> {
  const lock = `${final}.lock`;
  const started = Date.now();
  for (;;) {
    if (fs.existsSync(final)) return final;
    try {
      fs.mkdirSync(lock);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // being created
      }
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if ((owner && !processAlive(owner)) || age > maxWaitMs) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() - started > maxWaitMs) throw new Error(`timed out waiting for ${lock}`);
      else await sleep(250);
      continue;
    }
    try {
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      if (fs.existsSync(final)) return final;
      const staging = `${final}.staging-${process.pid}`;
      fs.rmSync(staging, { recursive: true, force: true });
      try {
        await build(staging);
        fs.renameSync(staging, final);
      } finally {
        fs.rmSync(staging, { recursive: true, force: true });
      }
      return final;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

function wineKey(install: WineInstall): string {
  const st = fs.statSync(install.wine);
  return crypto
    .createHash('sha256')
    .update(`${install.version}|${install.wine}|${st.size}|${st.mtimeMs}|${BASE_DLL_OVERRIDES}|v1`)
    .digest('hex')
    .slice(0, 16);
}

/** Path of an initialised prefix to copy from (built on first use; kept across runs). */
export async function templatePrefix(): Promise<string> {
  const install = requireWine();
  const final = path.join(cacheRoot(), `template-${wineKey(install)}`);
  return buildOnce(final, async (staging) => {
    fs.mkdirSync(staging, { recursive: true });
    const env = wineEnv(staging);
    const boot = await run(install.wine, ['wineboot', '-i'], env, 300_000);
    if (boot.code !== 0) {
      throw new Error(`wineboot -i failed (${boot.code}): ${stripWineNoise(boot.stderr.toString('latin1'))}`);
    }
    // Wait until the wineserver has gone, so the registry files are written out.
    await run(install.wineserver, ['-w'], env, 120_000);
    if (!fs.existsSync(path.join(staging, 'system.reg'))) throw new Error('wineboot left no system.reg');
  });
}

/** Builds test/support/recorder/recorder.c (cached by source hash); returns the .exe path. */
export async function recorderExe(): Promise<string> {
  const gcc = requireMingw();
  const source = fs.readFileSync(RECORDER_SOURCE);
  const hash = crypto.createHash('sha256').update(source).update('O2 s shell32 v1').digest('hex').slice(0, 16);
  const final = path.join(cacheRoot(), `recorder-${hash}`);
  await buildOnce(final, async (staging) => {
    fs.mkdirSync(staging, { recursive: true });
    await execOk(gcc, ['-O2', '-s', '-Wall', '-Wextra', '-o', path.join(staging, 'recorder.exe'), RECORDER_SOURCE, '-lshell32']);
  });
  return path.join(final, 'recorder.exe');
}

// ---------------------------------------------------------------------------------------------
// Paths

function toWindowsPathIn(driveC: string, unixPath: string): string {
  const abs = path.resolve(unixPath);
  const rel = path.relative(driveC, abs);
  if (rel === '') return 'C:\\';
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return `C:\\${rel.split('/').join('\\')}`;
  return `Z:${abs.split('/').join('\\')}`;
}

function toUnixPathIn(driveC: string, winPath: string): string {
  const m = /^([A-Za-z]):[\\/]?(.*)$/.exec(winPath);
  if (!m) throw new Error(`not an absolute Windows path: ${winPath}`);
  const drive = m[1].toUpperCase();
  const root = drive === 'C' ? driveC : drive === 'Z' ? '/' : undefined;
  if (!root) throw new Error(`no unix mapping for drive ${drive}: in ${winPath}`);
  let current = root;
  let exists = true;
  for (const part of m[2].split(/[\\/]+/).filter(Boolean)) {
    if (part === '.') continue;
    if (part === '..') {
      current = path.dirname(current);
      continue;
    }
    let name = part;
    if (exists) {
      try {
        const entries = fs.readdirSync(current);
        name = entries.includes(part) ? part : entries.find((e) => e.toLowerCase() === part.toLowerCase()) ?? part;
        exists = entries.includes(name);
      } catch {
        exists = false;
      }
    }
    current = path.join(current, name);
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Quoting for the launcher batch file

const UNSAFE = /["%!^&|<>()\r\n\0]/;

function checkSafe(what: string, value: string): void {
  if (UNSAFE.test(value)) {
    throw new Error(`runCmd: ${what} ${JSON.stringify(value)} contains one of " % ! ^ & | < > ( ) or a line break`);
  }
}

function quoteArg(arg: string): string {
  checkSafe('argument', arg);
  return arg === '' || /[\s,;=]/.test(arg) ? `"${arg}"` : arg;
}

function setLine(name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new Error(`runCmd: bad environment variable name ${JSON.stringify(name)}`);
  if (/["\r\n\0]/.test(value)) throw new Error(`runCmd: value of ${name} contains a quote or a line break`);
  return `set "${name}=${value.replace(/%/g, '%%')}"`;
}

// ---------------------------------------------------------------------------------------------
// Prefixes

const live = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const dir of live) {
      try {
        spawnSync(requireWine().wineserver, ['-k'], { env: wineEnv(dir), timeout: 5000 });
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  });
}

export interface CreatePrefixOptions {
  /** Skip the cached template and run `wineboot -i` in the new prefix (~3.5 s instead of ~0.6 s). */
  fresh?: boolean;
}

/** A new prefix under os.tmpdir(): a copy of the cached template, with its wineserver started. */
export async function createWinePrefix(options: CreatePrefixOptions = {}): Promise<WinePrefix> {
  const install = requireWine();
  const prefixDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-wine-'));
  live.add(prefixDir);
  installExitHook();
  try {
    if (options.fresh) {
      const boot = await run(install.wine, ['wineboot', '-i'], wineEnv(prefixDir), 300_000);
      if (boot.code !== 0) throw new Error(`wineboot -i failed (${boot.code})`);
    } else {
      const template = await templatePrefix();
      await execOk('cp', ['-a', '--reflink=auto', `${template}/.`, `${prefixDir}/`]);
    }
  } catch (e) {
    live.delete(prefixDir);
    fs.rmSync(prefixDir, { recursive: true, force: true });
    throw e;
  }
  return makePrefix(install, prefixDir);
}

function makePrefix(install: WineInstall, prefixDir: string): WinePrefix {
  const driveC = path.join(prefixDir, 'drive_c');
  const windowsDir = path.join(driveC, 'windows');
  const harnessDir = path.join(driveC, 'fixforge-harness');
  const nativeExes = new Set<string>();
  const env: Record<string, string> = {};
  let runs = 0;
  let serverStarted = false;

  const toWindowsPath = (p: string) => toWindowsPathIn(driveC, p);
  const toUnixPath = (p: string) => toUnixPathIn(driveC, p);
  const killServer = () => {
    spawnSync(install.wineserver, ['-k'], { env: wineEnv(prefixDir), timeout: 10_000 });
    serverStarted = false;
  };

  async function runCmd(
    cmdFileUnixPath: string,
    args: string[] = [],
    extraEnv: Record<string, string> = {},
    options: RunOptions = {},
  ): Promise<RunResult> {
    if (!fs.existsSync(cmdFileUnixPath)) throw new Error(`runCmd: no such file ${cmdFileUnixPath}`);
    const target = toWindowsPath(cmdFileUnixPath);
    checkSafe('script path', target);
    const cwd = options.cwd ?? 'C:\\windows\\system32';
    checkSafe('cwd', cwd);
    fs.mkdirSync(harnessDir, { recursive: true });
    const n = ++runs;
    const launcher = path.join(harnessDir, `run-${n}.cmd`);
    const rcFile = path.join(harnessDir, `run-${n}.rc`);
    const rcWin = toWindowsPath(rcFile);
    const merged = { ...env, ...extraEnv };
    // Wine drops PROCESSOR_* from a child's environment: set those inside the child cmd itself.
    const inChild = Object.entries(merged).filter(([k]) => /^PROCESSOR_/i.test(k));
    const inLauncher = Object.entries(merged).filter(([k]) => !/^PROCESSOR_/i.test(k));
    const childSets = inChild.map(([k, v]) => {
      if (!/^[A-Za-z0-9_.-]*$/.test(v)) throw new Error(`runCmd: ${k} may only hold letters, digits, _ . -`);
      return `${setLine(k, v)}&`;
    });
    const lines = [
      '@echo off',
      ...inLauncher.map(([k, v]) => setLine(k, v)),
      `cd /d "${cwd}"`,
      `cmd /d /c "${childSets.join('')}"${target}"${args.map((a) => ` ${quoteArg(a)}`).join('')}"`,
      `>"${rcWin}" echo:%ERRORLEVEL%`,
      'exit %ERRORLEVEL%',
    ];
    fs.writeFileSync(launcher, `${lines.join('\r\n')}\r\n`, 'latin1');
    fs.rmSync(rcFile, { force: true });

    if (!serverStarted) {
      // Keep one wineserver for the prefix's life: later runs start in ~0.1 s instead of ~0.5 s.
      await runDetached(install.wineserver, ['-p'], wineEnv(prefixDir, nativeExes));
      serverStarted = true;
    }
    const started = Date.now();
    const r = await run(
      install.wine,
      ['cmd', '/d', '/c', toWindowsPath(launcher)],
      wineEnv(prefixDir, nativeExes),
      options.timeoutMs ?? 60_000,
      killServer,
    );
    const durationMs = Date.now() - started;
    let exitCode = r.code ?? -1;
    try {
      const text = fs.readFileSync(rcFile, 'latin1').trim();
      if (/^-?\d+$/.test(text)) exitCode = Number(text);
    } catch {
      // launcher did not get that far (timeout, crash): keep the process status
    }
    const decode = (b: Buffer) => b.toString('latin1').replace(/\r\n/g, '\n');
    return {
      exitCode,
      processExitCode: r.code,
      stdout: decode(r.stdout),
      stderr: stripWineNoise(decode(r.stderr)),
      stdoutRaw: r.stdout,
      stderrRaw: r.stderr,
      timedOut: r.timedOut,
      durationMs,
    };
  }

  const recorderLogWin = 'C:\\fixforge-harness\\recorder.log';

  function readCalls(): RecorderCall[] {
    let text: string;
    try {
      text = fs.readFileSync(toUnixPath(recorderLogWin), 'utf8');
    } catch {
      return [];
    }
    const calls: RecorderCall[] = [];
    for (const block of text.split('--- fixforge-recorder\n').slice(1)) {
      const call: RecorderCall = { exe: '', cwd: '', commandLine: '', args: [], exitCode: 0 };
      for (const line of block.split('\n')) {
        const eq = line.indexOf('=');
        if (eq < 0) continue;
        const key = line.slice(0, eq);
        const value = line.slice(eq + 1);
        if (key === 'exe') call.exe = value;
        else if (key === 'cwd') call.cwd = value;
        else if (key === 'cmdline') call.commandLine = value;
        else if (key === 'arg') call.args.push(value);
        else if (key === 'exit') call.exitCode = Number(value);
      }
      calls.push(call);
    }
    return calls;
  }

  async function installRecorder(targetWinPath = 'C:\\windows\\system32\\certutil.exe'): Promise<Recorder> {
    const exe = await recorderExe();
    const targetUnix = toUnixPath(targetWinPath);
    fs.mkdirSync(path.dirname(targetUnix), { recursive: true });
    fs.rmSync(targetUnix, { force: true }); // unlink first: never write through a link
    fs.copyFileSync(exe, targetUnix);
    fs.chmodSync(targetUnix, 0o755);
    const base = path.win32.basename(targetWinPath);
    // Wine runs its builtin instead of a same-named file in system32 unless told "native"
    // (WINEDLLOVERRIDES is read by every new process, children of cmd included). Elsewhere
    // (e.g. C:\windows\Sysnative\cmd.exe) the file runs as it is, and an override would also hit
    // the real system32 program of that name.
    if (/^c:\\windows\\(system32|syswow64)\\[^\\]+$/i.test(targetWinPath)) nativeExes.add(base.toLowerCase());
    fs.mkdirSync(harnessDir, { recursive: true });
    env.FIXFORGE_RECORDER_LOG = recorderLogWin;
    const exitVar = `FIXFORGE_RECORDER_EXIT_${base.replace(/\.[^.]*$/, '').toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    const logPath = toUnixPath(recorderLogWin);
    const sameExe = (call: RecorderCall) => call.exe.toLowerCase() === targetWinPath.toLowerCase();
    return {
      targetWinPath,
      logWinPath: recorderLogWin,
      logPath,
      setExit(code: number) {
        env[exitVar] = String(code | 0);
      },
      calls: () => readCalls().filter(sameExe),
      clear: () => fs.rmSync(toUnixPath(recorderLogWin), { force: true }),
      setReplies(files: Record<string, string>) {
        const name = exitVar.slice('FIXFORGE_RECORDER_EXIT_'.length);
        const replyWin = `${path.win32.dirname(recorderLogWin)}\\replies-${name.toLowerCase()}`;
        const dir = toUnixPath(replyWin);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text.replace(/\r?\n/g, '\r\n'), 'latin1');
        env[`FIXFORGE_RECORDER_REPLY_${name}`] = replyWin;
      },
    };
  }

  async function dispose(): Promise<void> {
    let serverDirName: string | undefined;
    try {
      const st = fs.statSync(prefixDir);
      serverDirName = `server-${st.dev.toString(16)}-${st.ino.toString(16)}`;
    } catch {
      // already gone
    }
    killServer();
    await sleep(100);
    // wineserver's socket folder for this prefix (/tmp/wine-XXXXXX/server-<dev>-<inode>)
    for (const tmp of new Set(['/tmp', os.tmpdir()])) {
      if (!serverDirName) break;
      let entries: string[] = [];
      try {
        entries = fs.readdirSync(tmp).filter((e) => /^\.?wine-/.test(e));
      } catch {
        continue;
      }
      for (const e of entries) fs.rmSync(path.join(tmp, e, serverDirName), { recursive: true, force: true });
    }
    try {
      fs.rmSync(prefixDir, { recursive: true, force: true });
    } catch {
      // a test that simulated a locked file with `chattr +i` and did not undo it
      spawnSync('chattr', ['-R', '-i', prefixDir], { stdio: 'ignore' });
      fs.rmSync(prefixDir, { recursive: true, force: true });
    }
    live.delete(prefixDir);
  }

  return { prefixDir, driveC, windowsDir, env, toWindowsPath, toUnixPath, runCmd, installRecorder, dispose };
}

/** Writes a batch file the way the artifacts must be: ASCII only, CRLF line ends, no BOM. */
export function writeCmdFile(unixPath: string, lines: string[] | string): void {
  const text = (Array.isArray(lines) ? lines.join('\n') : lines).replace(/\r?\n/g, '\r\n');
  const body = text.endsWith('\r\n') ? text : `${text}\r\n`;
  if (/[^\x00-\x7f]/.test(body)) throw new Error(`writeCmdFile: non-ASCII text for ${unixPath}`);
  fs.mkdirSync(path.dirname(unixPath), { recursive: true });
  fs.writeFileSync(unixPath, body, 'latin1');
}
