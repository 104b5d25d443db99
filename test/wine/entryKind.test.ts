// The per-entry rules of the batch routines in wine's cmd.exe (issue 16): :ff_entry_kind (the
// script template's classification that every del and rmdir waits for) on real entries and on a
// name dir could not spell, and :ff_delete_files / :ff_move_aside refusing a folder reached through
// a link with exit code 1 (a failure), not 2 ("in use"). Wine has no reparse points, so the link
// itself is set by the caller (FF_LINK=1), as :ff_*_link would set it on Windows; that %~a shows
// "l" for a link is the documented part (test/support/cmdModel.ts). Needs wine; never skips.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/compile';
import { templateRoutine } from '../support/cmdModel';
import { createWinePrefix, requireWine, writeCmdFile, WINE_SETUP_TIMEOUT_MS, type WinePrefix } from '../support/wine';

jest.setTimeout(120_000);

const routine = (kind: string) =>
  fs.readFileSync(path.join(repoRoot, 'generator', 'steps', 'repair', kind, `${kind}.cmd`), 'utf8').replace(/\r\n/g, '\n').trimEnd().split('\n');

let prefix: WinePrefix;

beforeAll(async () => {
  requireWine();
  prefix = await createWinePrefix();
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
});

function script(name: string, body: string[], routines: string[], entryKind = true): string {
  const dir = path.join(prefix.driveC, 'ff-kind');
  fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  const file = path.join(dir, name);
  writeCmdFile(file, [
    '@echo off', 'setlocal EnableExtensions DisableDelayedExpansion', 'set "FF_RESULT=0"', 'set "FF_LOCKED=0"', 'set "FF_LOG=C:\\ff-kind\\kind.log"', 'set "FF_TMP=C:\\ff-kind\\tmp"',
    ...body, 'if "%FF_RESULT%"=="0" if not "%FF_LOCKED%"=="0" set "FF_RESULT=2"', 'endlocal & exit /b %FF_RESULT%', '', ...routines, '', ...(entryKind ? templateRoutine('ff_entry_kind') : []),
  ]);
  return file;
}

test(':ff_entry_kind: a plain file, a folder, an entry that is not there, and a name with "?" (what dir prints for a letter outside the code page)', async () => {
  const dir = path.join(prefix.driveC, 'ff-kind', 'entries');
  fs.mkdirSync(path.join(dir, 'a folder (1)'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'a & b.spl'), 'x');
  fs.writeFileSync(path.join(dir, 'aXb.spl'), 'x');
  const ask = (name: string) => [`set "FF_NAME=${name}"`, 'call :ff_entry_kind', `echo:"${name}"=%FF_KIND%`];
  const file = script('kinds.cmd', ['set "FF_DIR=C:\\ff-kind\\entries"', ...ask('a & b.spl'), ...ask('a folder (1)'), ...ask('gone.spl'), ...ask('a?b.spl')], []);
  const r = await prefix.runCmd(file);
  expect(r.stderr).toBe('');
  // "a?b.spl" would match aXb.spl as a wildcard: it is "odd", never a file to delete.
  expect(r.stdout.trimEnd().split('\n')).toEqual(['"a & b.spl"=file', '"a folder (1)"=dir', '"gone.spl"=none', '"a?b.spl"=odd']);
});

test.each([
  ['deleteFiles', 'call :ff_delete_files "C:\\ff-kind\\jobs" all ""'],
  ['moveAside', 'call :ff_move_aside "C:\\ff-kind" "jobs" 2'],
])('%s: a folder reached through a link is refused as a failure, exit 1 (not 2), and nothing is touched', async (kind, call) => {
  const jobs = path.join(prefix.driveC, 'ff-kind', 'jobs');
  fs.mkdirSync(jobs, { recursive: true });
  fs.writeFileSync(path.join(jobs, '00001.SPL'), 'job');
  fs.rmSync(path.join(prefix.driveC, 'ff-kind', 'kind.log'), { force: true });
  const r = await prefix.runCmd(script(`refuse-${kind}.cmd`, ['set "FF_LINK=1"', call], routine(kind), false));
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(1);
  expect(fs.readdirSync(jobs)).toEqual(['00001.SPL']);
  expect(fs.readFileSync(path.join(prefix.driveC, 'ff-kind', 'kind.log'), 'latin1')).toMatch(/refused .*link/);
});
