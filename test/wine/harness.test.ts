// Proves the wine harness (test/support/wine.ts): real cmd.exe runs, exit codes, the recorder.
// Needs wine: `npm run setup:wine`. Never skips: a missing wine fails these tests.
import fs from 'node:fs';
import path from 'node:path';
import { createWinePrefix, requireWine, writeCmdFile, WINE_SETUP_TIMEOUT_MS, type WinePrefix } from '../support/wine';

jest.setTimeout(60_000);

let prefix: WinePrefix;

beforeAll(async () => {
  requireWine();
  prefix = await createWinePrefix();
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
});

function script(name: string, lines: string[]): string {
  const file = path.join(prefix.driveC, 'fixforge-test', name);
  writeCmdFile(file, lines);
  return file;
}

test('maps paths between unix and the prefix', () => {
  expect(prefix.windowsDir).toBe(path.join(prefix.driveC, 'windows'));
  expect(prefix.toWindowsPath(path.join(prefix.driveC, 'a b', 'c.cmd'))).toBe('C:\\a b\\c.cmd');
  expect(prefix.toWindowsPath('/usr/bin')).toBe('Z:\\usr\\bin');
  // existing components are found case-insensitively, like Windows does
  expect(prefix.toUnixPath('C:\\Windows\\System32\\CMD.EXE')).toBe(path.join(prefix.windowsDir, 'system32', 'cmd.exe'));
  expect(prefix.toUnixPath('C:\\new dir\\x.txt')).toBe(path.join(prefix.driveC, 'new dir', 'x.txt'));
});

test('a CRLF ASCII .cmd echoes and its exit /b code is the exit code', async () => {
  const file = script('echo-exit.cmd', ['@echo off', 'echo hello from cmd', 'echo args=[%*] f0=%~f0', 'exit /b 3']);
  expect(fs.readFileSync(file, 'latin1')).toContain('\r\n');
  const r = await prefix.runCmd(file, ['one', 'two words']);
  expect(r.exitCode).toBe(3);
  expect(r.processExitCode).toBe(3);
  expect(r.stdout).toBe(`hello from cmd\nargs=[one "two words"] f0=C:\\fixforge-test\\echo-exit.cmd\n`);
  expect(r.stderr).toBe('');
});

test('a script in a folder with spaces, env vars and the full 32-bit exit code', async () => {
  const file = script('sub dir/x.cmd', ['@echo off', 'echo dp0=%~dp0 cd=%CD% "v=%FF_VALUE%"', 'exit /b -2147024891']);
  const r = await prefix.runCmd(file, [], { FF_VALUE: 'x & y! ^z' });
  expect(r.stdout).toBe('dp0=C:\\fixforge-test\\sub dir\\ cd=C:\\windows\\system32 "v=x & y! ^z"\n');
  expect(r.exitCode).toBe(-2147024891); // wine's own process status keeps only the low byte
  expect(r.processExitCode).toBe(5);
});

test('the recorder stands in for certutil.exe: exact arguments, exit code through if errorlevel', async () => {
  const rec = await prefix.installRecorder();
  const file = script('certutil.cmd', [
    '@echo off',
    'setlocal EnableExtensions DisableDelayedExpansion',
    '"%SystemRoot%\\System32\\certutil.exe" -urlcache * delete',
    'if errorlevel 1 (echo certutil failed) else echo certutil ok',
    'exit /b %ERRORLEVEL%',
  ]);

  let r = await prefix.runCmd(file);
  expect(r.stdout).toBe('certutil ok\n');
  expect(r.exitCode).toBe(0);
  let calls = rec.calls();
  expect(calls).toHaveLength(1);
  expect(calls[0].args).toEqual(['-urlcache', '*', 'delete']);
  expect(calls[0].commandLine).toBe('"C:\\windows\\System32\\certutil.exe" -urlcache * delete');
  expect(calls[0].exe.toLowerCase()).toBe('c:\\windows\\system32\\certutil.exe');

  rec.clear();
  rec.setExit(7);
  r = await prefix.runCmd(file);
  expect(r.stdout).toBe('certutil failed\n');
  expect(r.exitCode).toBe(7);
  calls = rec.calls();
  expect(calls).toHaveLength(1);
  expect(calls[0].args).toEqual(['-urlcache', '*', 'delete']);
  expect(calls[0].exitCode).toBe(7);
});

test('a recorder outside system32 (Sysnative\\cmd.exe) shows the WOW64 re-launch line', async () => {
  // 64-bit wine has no Sysnative and drops PROCESSOR_* from child environments; runCmd sets
  // PROCESSOR_* inside the script's own cmd, so the script sees what a 32-bit cmd would see.
  const rec = await prefix.installRecorder('C:\\windows\\Sysnative\\cmd.exe');
  rec.setExit(2);
  const file = script('relaunch.cmd', [
    '@echo off',
    'if not defined PROCESSOR_ARCHITEW6432 goto ff_native',
    'if not exist "%SystemRoot%\\Sysnative\\cmd.exe" goto ff_native',
    '"%SystemRoot%\\Sysnative\\cmd.exe" /d /c ""%~f0" %*"',
    'exit /b %ERRORLEVEL%',
    ':ff_native',
    'echo native',
  ]);
  const r = await prefix.runCmd(file, ['a b', 'c'], { PROCESSOR_ARCHITEW6432: 'AMD64' });
  expect(r.exitCode).toBe(2);
  expect(r.stdout).toBe('');
  expect(rec.calls().map((c) => c.commandLine)).toEqual([
    '"C:\\windows\\Sysnative\\cmd.exe" /d /c ""C:\\fixforge-test\\relaunch.cmd" "a b" c"',
  ]);
  // the real 64-bit cmd still runs the script natively
  expect((await prefix.runCmd(file)).stdout).toBe('native\n');
});
