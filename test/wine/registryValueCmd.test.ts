// Runs repair.registryValue's batch (the kind's fixture, generator/steps/repair/registryValue) in
// wine's cmd.exe against wine's own registry, with wine's own reg.exe: values set and removed,
// read back with `reg query`, the key backed up once before the first change, and a second run
// that changes nothing. Needs `npm run setup` (wine); never skips.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../generator/pipeline/compile';
import { repoRoot } from '../support/compile';
import { createWinePrefix, requireWine, writeCmdFile, WINE_SETUP_TIMEOUT_MS, type WinePrefix } from '../support/wine';

jest.setTimeout(120_000);

const FIX = 'kind-registry-value-repair';
const SEARCH = 'HKLM\\Software\\Microsoft\\Windows Search';
const FIXTURE = 'HKLM\\Software\\FixForge\\Fixture';

let prefix: WinePrefix;
let machineCmd: Buffer;
let userCmd: Buffer;

beforeAll(async () => {
  requireWine();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-wine-registry-'));
  const result = await build({ specs: ['generator/steps/repair/registryValue/fixture.fix.ts'], outDir: out, cwd: repoRoot, targets: ['cmd'] });
  expect(result.ok).toBe(true);
  machineCmd = result.fixes[0].contents.get(`cmd/${FIX}-machine-startup.cmd`)!;
  userCmd = result.fixes[0].contents.get(`cmd/${FIX}-user-logon.cmd`)!;
  fs.rmSync(out, { recursive: true, force: true });
  prefix = await createWinePrefix();
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
});

/** Runs batch lines in wine (reg.exe by full path, as the scripts do) and returns their output. */
async function batch(lines: string[]): Promise<{ exitCode: number; output: string }> {
  const file = path.join(prefix.driveC, 'fixforge', 'registry-probe.cmd');
  const outWin = 'C:\\fixforge\\registry-probe.txt';
  writeCmdFile(file, ['@echo off', `>"${outWin}" (`, ...lines, ')', 'exit /b %ERRORLEVEL%']);
  const r = await prefix.runCmd(file);
  const output = fs.readFileSync(prefix.toUnixPath(outWin), 'latin1').replace(/\r\n/g, '\n');
  return { exitCode: r.exitCode, output };
}

const reg = (args: string) => `"%SystemRoot%\\System32\\reg.exe" ${args} 2>&1`;

/** `reg query <key> /v <name>`: exit code and the value's line (name, type, data) when present. */
async function query(key: string, name: string): Promise<{ exitCode: number; line: string | undefined }> {
  const r = await batch([reg(`query "${key}" /v "${name}"`)]);
  const line = r.output.split('\n').find((l) => l.trim().toLowerCase().startsWith(name.toLowerCase()));
  return { exitCode: r.exitCode, line: line?.trim().replace(/\s{2,}|\t/g, ' | ') };
}

async function run(bytes: Buffer, name: string): Promise<number> {
  const file = path.join(prefix.driveC, 'fixforge', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  const r = await prefix.runCmd(file);
  expect(r.stderr).toBe('');
  return r.exitCode;
}

const machineData = (file: string) => prefix.toUnixPath(`C:\\ProgramData\\FixForge-cmd-${FIX}\\${file}`);
/** A .reg backup as text: reg export writes UTF-16LE with a BOM, the "did not exist" marker ASCII. */
function backupText(file: string): string {
  const bytes = fs.readFileSync(file);
  return (bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes.toString('latin1')).replace(/\r\n/g, '\n');
}

describe('machine startup script (HKLM)', () => {
  it('sets and removes the values, backs each key up first, and changes nothing on a second run', async () => {
    const seeded = await batch([reg(`add "${SEARCH}" /v SetupCompletedSuccessfully /t REG_DWORD /d 1 /f`), reg(`add "${FIXTURE}" /v Obsolete /t REG_SZ /d "old data" /f`)]);
    expect(seeded.exitCode).toBe(0);

    expect(await run(machineCmd, 'machine.cmd')).toBe(0);
    expect(await query(SEARCH, 'SetupCompletedSuccessfully')).toEqual({ exitCode: 0, line: 'SetupCompletedSuccessfully | REG_DWORD | 0x0' });
    expect((await query(FIXTURE, 'Obsolete')).exitCode).toBe(1);
    expect(await query(FIXTURE, 'Bytes')).toEqual({ exitCode: 0, line: 'Bytes | REG_BINARY | 00ABFF' });
    // wine's reg query prints QWORD data as '(null)': read the stored bytes from an export instead.
    expect((await batch([reg(`export "${FIXTURE}" "C:\\fixforge\\fixture-key.reg" /y`)])).exitCode).toBe(0);
    expect(backupText(prefix.toUnixPath('C:\\fixforge\\fixture-key.reg'))).toMatch(/^"Big"=hex\(b\):00,00,00,00,01,00,00,00$/m);
    const searchBackup = backupText(machineData('searchSetup.reg'));
    expect(searchBackup).toMatch(/"SetupCompletedSuccessfully"=dword:00000001/);
    expect(backupText(machineData('dropObsolete.reg'))).toMatch(/"Obsolete"="old data"/);
    const log = fs.readFileSync(machineData(`${FIX}-machine.log`), 'latin1');
    expect(log).toMatch(/searchSetup: set HKLM\\Software\\Microsoft\\Windows Search\\SetupCompletedSuccessfully \(the key before: searchSetup\.reg\)/);
    expect(log).toMatch(/dropObsolete: removed HKLM\\Software\\FixForge\\Fixture\\Obsolete/);

    // The second run: the same values, the first backups kept (they hold the state before fixforge).
    expect(await run(machineCmd, 'machine.cmd')).toBe(0);
    expect(await query(SEARCH, 'SetupCompletedSuccessfully')).toEqual({ exitCode: 0, line: 'SetupCompletedSuccessfully | REG_DWORD | 0x0' });
    expect((await query(FIXTURE, 'Obsolete')).exitCode).toBe(1);
    expect(backupText(machineData('searchSetup.reg'))).toBe(searchBackup);
    expect(fs.readFileSync(machineData(`${FIX}-machine.log`), 'latin1')).toMatch(/dropObsolete: HKLM\\Software\\FixForge\\Fixture\\Obsolete is not there, nothing to do/);
  });

  it('records a key that did not exist before as such, then creates it', async () => {
    expect((await batch([reg(`delete "${SEARCH}" /f`)])).exitCode).toBe(0);
    fs.rmSync(machineData('searchSetup.reg'), { force: true });
    expect(await run(machineCmd, 'machine.cmd')).toBe(0);
    expect(backupText(machineData('searchSetup.reg'))).toBe('REGEDIT4\n; HKLM\\Software\\Microsoft\\Windows Search did not exist before this step: delete it to undo.\n');
    expect(await query(SEARCH, 'SetupCompletedSuccessfully')).toEqual({ exitCode: 0, line: 'SetupCompletedSuccessfully | REG_DWORD | 0x0' });
  });

  it('changes nothing when no backup can be written, and exits 1', async () => {
    expect((await batch([reg(`add "${SEARCH}" /v SetupCompletedSuccessfully /t REG_DWORD /d 5 /f`)])).exitCode).toBe(0);
    fs.rmSync(machineData('searchSetup.reg'), { force: true });
    // A folder where the backup file should go: neither export nor the marker can write it.
    fs.mkdirSync(path.join(machineData('searchSetup.reg'), 'blocked'), { recursive: true });
    try {
      expect(await run(machineCmd, 'machine.cmd')).toBe(1);
    } finally {
      fs.rmSync(machineData('searchSetup.reg'), { recursive: true, force: true });
    }
    expect(await query(SEARCH, 'SetupCompletedSuccessfully')).toEqual({ exitCode: 0, line: 'SetupCompletedSuccessfully | REG_DWORD | 0x5' });
    expect(fs.readFileSync(machineData(`${FIX}-machine.log`), 'latin1')).toMatch(/searchSetup: no backup of HKLM\\Software\\Microsoft\\Windows Search could be written, so it was not changed/);
  });
});

describe('user logon script (HKCU)', () => {
  it('sets an ExpandString with its %variables% unexpanded, and the same again on a second run', async () => {
    expect(await run(userCmd, 'user.cmd')).toBe(0);
    const expected = { exitCode: 0, line: 'Temp Folder | REG_EXPAND_SZ | %SystemRoot%\\Temp' };
    expect(await query('HKCU\\Software\\FixForge\\Fixture', 'Temp Folder')).toEqual(expected);
    expect(await run(userCmd, 'user.cmd')).toBe(0);
    expect(await query('HKCU\\Software\\FixForge\\Fixture', 'Temp Folder')).toEqual(expected);
  });

  it('sets a MultiString as the key\'s default value', async () => {
    expect(await run(userCmd, 'user.cmd')).toBe(0);
    const r = await batch([reg('query "HKCU\\Software\\FixForge\\Fixture" /ve')]);
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/REG_MULTI_SZ\s+one\\0two words\s*$/m);
  });
});
