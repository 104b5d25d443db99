// Runs the .cmd that repair.stopProcess's fixture generates in wine's cmd.exe, with recorders
// standing in for tasklist.exe (canned CSV replies), taskkill.exe and PING.EXE.
// Needs `npm run setup` (wine, MinGW); never skips.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../generator/pipeline/compile';
import { repoRoot } from '../support/compile';
import { createWinePrefix, requireWine, WINE_SETUP_TIMEOUT_MS, type Recorder, type WinePrefix } from '../support/wine';

jest.setTimeout(120_000);

const SYSTEM32 = 'C:\\windows\\system32';
const IMAGE = 'PrintIsolationHost.exe';
/** `tasklist /FO CSV /NH` lines; the "no tasks" line is localized on Windows and must never count. */
const csv = (...pids: number[]) => pids.map((pid) => `"${IMAGE}","${pid}","Services","0","12,345 K"`).join('\n') + '\n';
const NONE = 'INFO: No tasks are running which match the specified criteria.\n';

let prefix: WinePrefix;
let machineCmd: Buffer;
let tasklist: Recorder;
let taskkill: Recorder;
let ping: Recorder;

beforeAll(async () => {
  requireWine();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-wine-process-'));
  const result = await build({ specs: ['generator/steps/repair/stopProcess/fixture.fix.ts'], outDir: out, cwd: repoRoot, targets: ['cmd'] });
  expect(result.ok).toBe(true);
  machineCmd = result.fixes[0].contents.get('cmd/kind-stop-process-machine-startup.cmd')!;
  fs.rmSync(out, { recursive: true, force: true });
  prefix = await createWinePrefix();
  tasklist = await prefix.installRecorder(`${SYSTEM32}\\tasklist.exe`);
  taskkill = await prefix.installRecorder(`${SYSTEM32}\\taskkill.exe`);
  ping = await prefix.installRecorder(`${SYSTEM32}\\PING.EXE`);
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
});

/** Runs the machine script with tasklist answering `replies` (by file name, see recorder.c). */
async function run(replies: Record<string, string>) {
  tasklist.clear();
  tasklist.setReplies(replies);
  const file = path.join(prefix.driveC, 'fixforge', 'kind-stop-process-machine-startup.cmd');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, machineCmd);
  const logFile = prefix.toUnixPath('C:\\ProgramData\\FixForge-cmd-kind-stop-process\\kind-stop-process-machine.log');
  fs.rmSync(logFile, { force: true });
  const r = await prefix.runCmd(file);
  return { r, log: fs.existsSync(logFile) ? fs.readFileSync(logFile, 'latin1') : '' };
}

describe('repair.stopProcess in batch', () => {
  it('ends every process of the image with taskkill /F /IM, by full path, and checks they are gone', async () => {
    const { r, log } = await run({ '_fi.1.out': csv(1201, 1202), '_fi.out': NONE });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(tasklist.calls().map((c) => c.args)).toEqual([
      ['/FI', `IMAGENAME eq ${IMAGE}`, '/FO', 'CSV', '/NH'],
      ['/FI', `IMAGENAME eq ${IMAGE}`, '/FO', 'CSV', '/NH'],
    ]);
    expect(taskkill.calls().map((c) => [c.exe.toLowerCase(), ...c.args])).toEqual([[`${SYSTEM32}\\taskkill.exe`.toLowerCase(), '/F', '/IM', IMAGE]]);
    expect(ping.calls()).toEqual([]);
    expect(log).toMatch(new RegExp(`ended every "${IMAGE}" process`));
  });

  it('ends nothing when no process of the image runs (the localized "no tasks" line never counts)', async () => {
    taskkill.clear();
    const { r, log } = await run({ '_fi.out': NONE });
    expect(r.exitCode).toBe(0);
    expect(taskkill.calls()).toEqual([]);
    expect(log).toMatch(new RegExp(`no "${IMAGE}" process is running`));
  });

  it('waits the timeout a second at a time and reports a process that stays (exit 1)', async () => {
    ping.clear();
    const { r, log } = await run({ '_fi.out': csv(1201) });
    expect(r.exitCode).toBe(1);
    expect(ping.calls()).toHaveLength(5);
    expect(ping.calls()[0].args).toEqual(['-n', '2', '127.0.0.1']);
    expect(log).toMatch(new RegExp(`1 "${IMAGE}" process\\(es\\) still running after 5 s`));
  });
});
