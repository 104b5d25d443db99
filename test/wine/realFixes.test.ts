// The machine .cmd of each fix in spec/ that batch can carry, run in wine's cmd.exe: recorders
// stand in for sc.exe (canned `sc queryex` answers), net.exe, ipconfig.exe, netsh.exe, w32tm.exe
// and PING.EXE; wine's own reg.exe works against wine's registry; files are real files in the
// prefix. Each test checks the programs called, in order, the exit code, and what changed on disk.
// Needs `npm run setup` (wine, MinGW); never skips.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../generator/pipeline/compile';
import { repoRoot } from '../support/compile';
import { createWinePrefix, requireWine, WINE_SETUP_TIMEOUT_MS, type Recorder, type WinePrefix } from '../support/wine';

jest.setTimeout(180_000);

const SYSTEM32 = 'C:\\windows\\system32';
const STATES: Record<number, string> = { 1: 'STOPPED', 2: 'START_PENDING', 3: 'STOP_PENDING', 4: 'RUNNING' };

/** What `sc queryex <name>` prints on Windows 10 (English labels; the script reads the numbers). */
function queryex(name: string, state: number, pid = 0): string {
  return [
    '',
    `SERVICE_NAME: ${name}`,
    '        TYPE               : 10  WIN32_OWN_PROCESS',
    `        STATE              : ${state}  ${STATES[state]}`,
    '        WIN32_EXIT_CODE    : 0  (0x0)',
    `        PID                : ${pid}`,
    '        FLAGS              :',
    '',
  ].join('\n');
}

function queries(list: string[]): Record<string, string> {
  const files: Record<string, string> = {};
  list.forEach((text, i) => (files[`queryex.${i + 1}.out`] = text));
  files['queryex.out'] = list[list.length - 1];
  return files;
}

let prefix: WinePrefix;
const scripts = new Map<string, Buffer>();
const rec: Record<string, Recorder> = {};

beforeAll(async () => {
  requireWine();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-wine-fixes-'));
  const specs = ['dns-winsock-reset', 'print-spooler-queue', 'windows-time', 'windows-search-index'];
  const result = await build({ specs: specs.map((s) => `spec/${s}.fix.ts`), outDir: out, cwd: repoRoot, targets: ['cmd'], write: false });
  expect(result.diagnostics.filter((d) => d.category === 'error')).toEqual([]);
  for (const fix of result.fixes) scripts.set(fix.id, fix.contents.get(`cmd/${fix.id}-machine-startup.cmd`)!);
  fs.rmSync(out, { recursive: true, force: true });
  prefix = await createWinePrefix();
  for (const name of ['sc.exe', 'net.exe', 'ipconfig.exe', 'netsh.exe', 'w32tm.exe', 'PING.EXE', 'taskkill.exe', 'icacls.exe']) {
    rec[name] = await prefix.installRecorder(`${SYSTEM32}\\${name}`);
  }
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
});

async function run(id: string, scReplies: Record<string, string> = {}) {
  for (const r of Object.values(rec)) r.clear();
  rec['sc.exe'].setReplies(scReplies);
  const file = path.join(prefix.driveC, 'fixforge', `${id}-machine-startup.cmd`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, scripts.get(id)!);
  const logFile = prefix.toUnixPath(`C:\\ProgramData\\FixForge-cmd-${id}\\${id}-machine.log`);
  if (!fs.existsSync(logFile) || !fs.statSync(logFile).isDirectory()) fs.rmSync(logFile, { force: true });
  const r = await prefix.runCmd(file);
  const log = fs.existsSync(logFile) && fs.statSync(logFile).isFile() ? fs.readFileSync(logFile, 'latin1') : '';
  const calls = (name: string) => rec[name].calls().map((c) => c.args.join(' '));
  return { r, log, calls };
}

describe('the fixes in spec/ as batch, in wine', () => {
  it('dns-winsock-reset flushes DNS and resets Winsock, leaves the optional TCP/IP reset out, and exits 3010 (restart needed)', async () => {
    const { r, log, calls } = await run('dns-winsock-reset');
    expect(r.exitCode).toBe(3010);
    expect(calls('ipconfig.exe')).toEqual(['/flushdns']);
    expect(calls('netsh.exe')).toEqual(['winsock reset']);
    expect(log).toMatch(/finished with exit code 3010/);
    expect(scripts.get('dns-winsock-reset')!.toString('latin1')).toMatch(/resetTcpIp: optional, not run by this script/);
  });

  it('creates SYSTEM\'s log folder itself, protects it with one icacls run (SYSTEM and Administrators only), and records that in HKLM', async () => {
    const folder = 'C:\\ProgramData\\FixForge-cmd-dns-winsock-reset';
    fs.rmSync(prefix.toUnixPath(folder), { recursive: true, force: true });
    await regDelete('dns-winsock-reset');
    const { r, calls } = await run('dns-winsock-reset');
    expect(r.exitCode).toBe(3010);
    // No /setowner (it does not force ownership), no /reset (it reopens the folder to Users).
    expect(calls('icacls.exe')).toEqual([`${folder} /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F /Q`]);
    expect((await regQuery('dns-winsock-reset')).stdout).toMatch(/dns-winsock-reset\s+REG_SZ/);
    // A later run uses it again without taking anything over.
    const again = await run('dns-winsock-reset');
    expect(again.r.exitCode).toBe(3010);
    expect(again.calls('icacls.exe')).toEqual([]);
    expect(again.log).toMatch(/script started/);
  });

  it('never adopts a folder of that name that it did not make: a planted log and .reg stay untouched, the run uses a fresh folder', async () => {
    const folder = prefix.toUnixPath('C:\\ProgramData\\FixForge-cmd-windows-search-index');
    fs.rmSync(folder, { recursive: true, force: true });
    await regDelete('windows-search-index');
    // A user made the folder first, with a "backup" that would be kept as the key before, and a log.
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'markSetupIncomplete.reg'), 'planted');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'planted');
    const index = prefix.toUnixPath('C:\\ProgramData\\Microsoft\\Search\\Data\\Applications\\Windows');
    fs.mkdirSync(index, { recursive: true });
    const { r } = await run('windows-search-index', queries([queryex('WSearch', 1), queryex('WSearch', 1), queryex('WSearch', 4, 801)]));
    expect(fs.readFileSync(path.join(folder, 'markSetupIncomplete.reg'), 'latin1')).toBe('planted');
    expect(fs.readdirSync(folder).sort()).toEqual(['markSetupIncomplete.reg', 'notes.txt']);
    const fresh = fs.readdirSync(prefix.toUnixPath('C:\\ProgramData')).filter((n) => /^FixForge-cmd-windows-search-index-\d+$/.test(n));
    expect(fresh.length).toBe(1);
    const used = path.join(prefix.toUnixPath('C:\\ProgramData'), fresh[0]);
    expect(fs.readFileSync(path.join(used, 'windows-search-index-machine.log'), 'latin1')).toMatch(/script started/);
    expect(fs.readdirSync(used).filter((n) => n.endsWith('.reg'))).not.toEqual([]);
    expect(r.exitCode).toBe(0);
    fs.rmSync(used, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(path.dirname(index), { recursive: true, force: true });
  });

  it('stops before writing or changing anything when no folder can be made SYSTEM\'s (icacls fails)', async () => {
    const folder = prefix.toUnixPath('C:\\ProgramData\\FixForge-cmd-dns-winsock-reset');
    fs.rmSync(folder, { recursive: true, force: true });
    await regDelete('dns-winsock-reset');
    rec['icacls.exe'].setExit(5);
    try {
      const before = fs.readdirSync(prefix.toUnixPath('C:\\ProgramData')).sort();
      const { r, calls } = await run('dns-winsock-reset');
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toMatch(/no folder that only it may write could be had .*nothing was changed/);
      expect(calls('ipconfig.exe')).toEqual([]);
      expect(calls('netsh.exe')).toEqual([]);
      // The folders it made are empty and were never written into; no log anywhere.
      const made = fs.readdirSync(prefix.toUnixPath('C:\\ProgramData')).filter((n) => !before.includes(n));
      expect(made.length).toBe(3);
      for (const n of made) expect(fs.readdirSync(path.join(prefix.toUnixPath('C:\\ProgramData'), n))).toEqual([]);
      for (const n of made) fs.rmSync(path.join(prefix.toUnixPath('C:\\ProgramData'), n), { recursive: true, force: true });
      expect((await regQuery('dns-winsock-reset')).exitCode).not.toBe(0);
    } finally {
      rec['icacls.exe'].setExit(0);
    }
  });

  it('a log that cannot be opened (here a folder) becomes NUL: every repair command still runs', async () => {
    await run('dns-winsock-reset');
    const logFile = prefix.toUnixPath('C:\\ProgramData\\FixForge-cmd-dns-winsock-reset\\dns-winsock-reset-machine.log');
    fs.rmSync(logFile, { force: true });
    fs.mkdirSync(logFile);
    try {
      const { r, calls } = await run('dns-winsock-reset');
      expect(r.exitCode).toBe(3010);
      expect(calls('ipconfig.exe')).toEqual(['/flushdns']);
      expect(calls('netsh.exe')).toEqual(['winsock reset']);
    } finally {
      fs.rmSync(logFile, { recursive: true, force: true });
    }
  });

  it('dns-winsock-reset reports a failing reset with exit 1, never 3010', async () => {
    rec['netsh.exe'].setExit(1);
    try {
      const { r, log } = await run('dns-winsock-reset');
      expect(r.exitCode).toBe(1);
      expect(log).toMatch(/netsh\.exe failed with exit code 1/);
    } finally {
      rec['netsh.exe'].setExit(0);
    }
  });

  it('print-spooler-queue stops Spooler, deletes the spool files (only them), starts it again', async () => {
    const spool = prefix.toUnixPath(`${SYSTEM32}\\spool\\PRINTERS`);
    fs.mkdirSync(spool, { recursive: true });
    for (const f of ['00012.SPL', '00012.SHD', 'FP00003.SPL']) fs.writeFileSync(path.join(spool, f), 'job');
    const keep = prefix.toUnixPath(`${SYSTEM32}\\spool\\keep.txt`);
    fs.writeFileSync(keep, 'beside the queue');
    const { r, log, calls } = await run(
      'print-spooler-queue',
      queries([queryex('Spooler', 4, 1312), queryex('Spooler', 1), queryex('Spooler', 1), queryex('Spooler', 4, 1400)]),
    );
    expect(r.exitCode).toBe(0);
    expect(calls('sc.exe').filter((c) => /^(stop|start) /.test(c))).toEqual(['stop Spooler', 'start Spooler']);
    expect(fs.readdirSync(spool)).toEqual([]);
    expect(fs.existsSync(keep)).toBe(true);
    expect(log).toMatch(/finished with exit code 0/);
  });

  it('print-spooler-queue deletes nothing and does not start the service when Spooler will not stop', async () => {
    const spool = prefix.toUnixPath(`${SYSTEM32}\\spool\\PRINTERS`);
    fs.writeFileSync(path.join(spool, '00013.SPL'), 'job');
    // Running, then stop-pending at every poll; the process is shared, so it is never ended.
    const hung = queryex('Spooler', 3, 1312).replace('WIN32_OWN_PROCESS', 'WIN32_SHARE_PROCESS');
    const { r, calls } = await run('print-spooler-queue', queries([queryex('Spooler', 4, 1312), hung]));
    expect(r.exitCode).toBe(1);
    expect(calls('sc.exe').filter((c) => /^start /.test(c))).toEqual([]);
    expect(calls('taskkill.exe')).toEqual([]);
    expect(fs.readdirSync(spool)).toEqual(['00013.SPL']);
  });

  it('windows-time stops W32Time, re-registers it, sets it automatic and starts it (the resync with retries is left to PowerShell)', async () => {
    const { r, calls, log } = await run(
      'windows-time',
      { ...queries([queryex('W32Time', 4, 900), queryex('W32Time', 1), queryex('W32Time', 1), queryex('W32Time', 4, 901)]), 'qc.out': 'SERVICE_NAME: W32Time\n        START_TYPE         : 3   DEMAND_START\n' },
    );
    expect(r.exitCode).toBe(0);
    expect(calls('w32tm.exe')).toEqual(['/unregister', '/register']);
    expect(calls('sc.exe').filter((c) => !c.startsWith('queryex'))).toEqual(['stop W32Time', 'qc W32Time', 'config W32Time start= auto', 'start W32Time']);
    expect(log).toMatch(/start type of "W32Time" was: 3 +DEMAND_START/);
    expect(scripts.get('windows-time')!.toString('latin1')).toMatch(/resynchronize: not here \(its retries are not carried/);
  });

  it('windows-search-index stops WSearch, sets SetupCompletedSuccessfully to 0, moves the index aside and starts WSearch', async () => {
    const index = prefix.toUnixPath('C:\\ProgramData\\Microsoft\\Search\\Data\\Applications\\Windows');
    fs.mkdirSync(index, { recursive: true });
    fs.writeFileSync(path.join(index, 'Windows.edb'), 'index');
    const { r, calls } = await run(
      'windows-search-index',
      queries([queryex('WSearch', 4, 800), queryex('WSearch', 1), queryex('WSearch', 1), queryex('WSearch', 4, 801)]),
    );
    expect(r.exitCode).toBe(0);
    expect(calls('sc.exe').filter((c) => /^(stop|start) /.test(c))).toEqual(['stop WSearch', 'start WSearch']);
    const parent = path.dirname(index);
    expect(fs.readdirSync(parent).sort()).toEqual(['Windows.fixforge-1']);
    expect(fs.readFileSync(path.join(parent, 'Windows.fixforge-1', 'Windows.edb'), 'utf8')).toBe('index');
    const query = await prefix.runCmd(writeQuery());
    expect(query.stdout).toMatch(/SetupCompletedSuccessfully\s+REG_DWORD\s+0x0/);
  });
});

/** A batch file that queries the value the search fix sets, with wine's reg.exe. */
function writeQuery(): string {
  const file = path.join(prefix.driveC, 'fixforge', 'query-search.cmd');
  fs.writeFileSync(file, '@echo off\r\n"%SystemRoot%\\System32\\reg.exe" query "HKLM\\SOFTWARE\\Microsoft\\Windows Search" /v SetupCompletedSuccessfully\r\n', 'latin1');
  return file;
}

/** `reg query` / `reg delete` of the value that says SYSTEM's log folder of a fix was made by its script. */
async function regQuery(id: string) {
  const file = path.join(prefix.driveC, 'fixforge', 'query-mark.cmd');
  fs.writeFileSync(file, `@echo off\r\n"%SystemRoot%\\System32\\reg.exe" query "HKLM\\SOFTWARE\\FixForge\\CmdState" /v "${id}"\r\n`, 'latin1');
  return prefix.runCmd(file);
}

async function regDelete(id: string) {
  const file = path.join(prefix.driveC, 'fixforge', 'delete-mark.cmd');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `@echo off\r\n"%SystemRoot%\\System32\\reg.exe" delete "HKLM\\SOFTWARE\\FixForge\\CmdState" /v "${id}" /f >nul 2>&1\r\nexit /b 0\r\n`, 'latin1');
  await prefix.runCmd(file);
}
