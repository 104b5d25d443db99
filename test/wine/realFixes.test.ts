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
  const logFile = prefix.toUnixPath(`C:\\ProgramData\\FixForge\\${id}\\${id}-machine.log`);
  fs.rmSync(logFile, { force: true });
  const r = await prefix.runCmd(file);
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'latin1') : '';
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

  it('takes SYSTEM\'s log folders over with icacls (owner Administrators; SYSTEM and Administrators only) before writing', async () => {
    const { calls } = await run('dns-winsock-reset');
    const take = (folder: string) => [
      `${folder} /setowner *S-1-5-32-544 /Q`,
      `${folder} /reset /Q`,
      `${folder} /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F /Q`,
    ];
    expect(calls('icacls.exe')).toEqual([...take('C:\\ProgramData\\FixForge'), ...take('C:\\ProgramData\\FixForge\\dns-winsock-reset')]);
  });

  it('logs to a fresh protected folder when the data folder cannot be made SYSTEM\'s', async () => {
    rec['icacls.exe'].setExit(5);
    try {
      const { r } = await run('dns-winsock-reset');
      expect(r.exitCode).toBe(3010);
      const fresh = fs.readdirSync(prefix.toUnixPath('C:\\ProgramData')).filter((n) => /^FixForge-dns-winsock-reset-\d+$/.test(n));
      expect(fresh.length).toBeGreaterThan(0);
      const logs = fresh.filter((n) => fs.existsSync(path.join(prefix.toUnixPath('C:\\ProgramData'), n, 'dns-winsock-reset-machine.log')));
      expect(logs.length).toBeGreaterThan(0);
    } finally {
      rec['icacls.exe'].setExit(0);
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
