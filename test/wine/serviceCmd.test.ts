// Runs the .cmd that repair.service's fixture generates in wine's cmd.exe, with recorders standing
// in for sc.exe, net.exe, taskkill.exe and PING.EXE: sc answers "queryex" from canned replies, so
// each test scripts how the service behaves (stops at once, hangs, shares its process, ...).
// Needs `npm run setup` (wine, MinGW); never skips.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../generator/pipeline/compile';
import { repoRoot } from '../support/compile';
import { createWinePrefix, requireWine, WINE_SETUP_TIMEOUT_MS, type Recorder, type WinePrefix } from '../support/wine';

jest.setTimeout(120_000);

const SYSTEM32 = 'C:\\windows\\system32';
const STATE_NAMES: Record<number, string> = { 1: 'STOPPED', 2: 'START_PENDING', 3: 'STOP_PENDING', 4: 'RUNNING' };

/** What `sc queryex <name>` prints, in the layout (and English labels) of Windows 10. */
function queryex(name: string, state: number, pid = 0, type = '10  WIN32_OWN_PROCESS'): string {
  return [
    '',
    `SERVICE_NAME: ${name}`,
    `        TYPE               : ${type}`,
    `        STATE              : ${state}  ${STATE_NAMES[state]}`,
    '                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)',
    '        WIN32_EXIT_CODE    : 0  (0x0)',
    '        SERVICE_EXIT_CODE  : 0  (0x0)',
    '        CHECKPOINT         : 0x0',
    '        WAIT_HINT          : 0x0',
    `        PID                : ${pid}`,
    '        FLAGS              :',
    '',
  ].join('\n');
}

const QC_SPOOLER = ['[SC] QueryServiceConfig SUCCESS', '', 'SERVICE_NAME: Spooler', '        TYPE               : 110  WIN32_OWN_PROCESS  (interactive)', '        START_TYPE         : 3   DEMAND_START', ''].join('\n');

/** The replies of sc.exe for the n-th `queryex` (1-based), and for any later one. */
function queries(list: string[], later?: string): Record<string, string> {
  const files: Record<string, string> = {};
  list.forEach((text, i) => (files[`queryex.${i + 1}.out`] = text));
  if (later !== undefined) files['queryex.out'] = later;
  return files;
}

let prefix: WinePrefix;
let machineCmd: Buffer;
let sc: Recorder;
let net: Recorder;
let taskkill: Recorder;
let ping: Recorder;

beforeAll(async () => {
  requireWine();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-wine-service-'));
  const result = await build({ specs: ['generator/steps/repair/service/fixture.fix.ts'], outDir: out, cwd: repoRoot, targets: ['cmd'] });
  expect(result.ok).toBe(true);
  machineCmd = result.fixes[0].contents.get('cmd/kind-service-machine-startup.cmd')!;
  fs.rmSync(out, { recursive: true, force: true });
  prefix = await createWinePrefix();
  sc = await prefix.installRecorder(`${SYSTEM32}\\sc.exe`);
  net = await prefix.installRecorder(`${SYSTEM32}\\net.exe`);
  taskkill = await prefix.installRecorder(`${SYSTEM32}\\taskkill.exe`);
  ping = await prefix.installRecorder(`${SYSTEM32}\\PING.EXE`);
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
});

async function run(replies: Record<string, string>) {
  sc.clear();
  sc.setReplies({ 'qc.out': QC_SPOOLER, ...replies });
  const file = path.join(prefix.driveC, 'fixforge', 'kind-service-machine-startup.cmd');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, machineCmd);
  const logFile = prefix.toUnixPath('C:\\ProgramData\\FixForge-cmd-kind-service\\kind-service-machine.log');
  fs.rmSync(logFile, { force: true });
  const r = await prefix.runCmd(file);
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'latin1') : '';
  return { r, log, sc: sc.calls().map((c) => c.args.join(' ')) };
}

describe('repair.service in batch', () => {
  it('stops with dependents (net stop /y), logs the start type before setting it, starts and restarts, waiting with ping', async () => {
    const { r, log, sc: calls } = await run(
      queries([
        queryex('Spooler', 4, 1312), // stopSpooler: running
        queryex('Spooler', 1), // stopped at the first poll
        queryex('Spooler', 1), // startSpooler: stopped
        queryex('Spooler', 2, 1312), // start pending: one wait
        queryex('Spooler', 4, 1312), // running
        queryex('WSearch', 4, 800), // restartSearch: running
        queryex('WSearch', 1), // stopped
        queryex('WSearch', 1), // start: stopped
        queryex('WSearch', 4, 801), // running
      ]),
    );
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(calls).toEqual([
      'queryex Spooler',
      'queryex Spooler',
      'qc Spooler',
      'config Spooler start= delayed-auto',
      'queryex Spooler',
      'start Spooler',
      'queryex Spooler',
      'queryex Spooler',
      'queryex WSearch',
      'stop WSearch',
      'queryex WSearch',
      'queryex WSearch',
      'start WSearch',
      'queryex WSearch',
    ]);
    expect(net.calls().map((c) => c.args)).toEqual([['stop', 'Spooler', '/y']]);
    expect(ping.calls().map((c) => c.args)).toEqual([['-n', '2', '127.0.0.1']]);
    expect(taskkill.calls()).toEqual([]);
    expect(log).toMatch(/start type of "Spooler" was: 3 +DEMAND_START/);
    expect(log).toMatch(/stopped "Spooler"/);
    expect(log).toMatch(/started "WSearch"/);
    expect(log).toMatch(/finished with exit code 0/);
  });

  it('neither stops nor starts a service already in that state; a restart of a stopped service only starts it', async () => {
    net.clear();
    const { r, sc: calls } = await run(queries([queryex('Spooler', 1), queryex('Spooler', 4, 1312), queryex('WSearch', 1), queryex('WSearch', 1), queryex('WSearch', 4, 801)]));
    expect(r.exitCode).toBe(0);
    expect(calls.filter((c) => /^(stop|start) /.test(c))).toEqual(['start WSearch']);
    expect(net.calls()).toEqual([]);
  });

  it('ends the process of a hung service by the PID sc reports, after waiting the timeout a second at a time', async () => {
    ping.clear();
    // The first poll, then one after each of the 20 one-second waits.
    const hung = Array.from({ length: 21 }, () => queryex('Spooler', 3, 1312));
    const { r, log } = await run(queries([queryex('Spooler', 4, 1312), ...hung, queryex('Spooler', 1), queryex('Spooler', 1), queryex('Spooler', 4, 1400), queryex('WSearch', 1), queryex('WSearch', 1), queryex('WSearch', 4, 801)]));
    expect(r.exitCode).toBe(0);
    expect(taskkill.calls().map((c) => c.args)).toEqual([['/F', '/PID', '1312']]);
    expect(ping.calls()).toHaveLength(20);
    expect(log).toMatch(/"Spooler" hangs: ending its process 1312/);
  });

  it('never ends a process that may run other services, and reports the stop as failed (exit 1)', async () => {
    taskkill.clear();
    const shared = (state: number) => queryex('Spooler', state, 900, '20  WIN32_SHARE_PROCESS');
    const hung = Array.from({ length: 21 }, () => shared(3));
    const { r, log } = await run(queries([shared(4), ...hung], shared(4)));
    expect(r.exitCode).toBe(1);
    expect(taskkill.calls()).toEqual([]);
    expect(log).toMatch(/"Spooler" hangs, but its process may run other services: not ended/);
    expect(log).toMatch(/"Spooler" did not stop within 20 s \(state 3\)/);
  });

  it('reports a failing sc config with its exit code, and a service that is not installed', async () => {
    const missing = '[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n';
    const { r, log } = await run({ ...queries([], missing), 'queryex.exit': '1060', 'config.exit': '1060' });
    expect(r.exitCode).toBe(1);
    expect(log).toMatch(/"Spooler" is not installed: nothing to stop/);
    expect(log).toMatch(/sc config "Spooler" start= delayed-auto failed with exit code 1060/);
    expect(log).toMatch(/"Spooler" did not start within 30 s \(state none\)/);
  });
});
