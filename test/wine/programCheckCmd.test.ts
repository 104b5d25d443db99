// The runProgram batch routine for a program by root and path (issue 25), in wine's cmd.exe.
// Wine shows no reparse points (docs/wine-cmd-notes.md), so as for clearFolderContents the walk is
// tested with :ff_program_no_link answering "link" from a list: it visits every component from
// the anchor down to the file, stops at a link (exit 1), says 2 for a missing program and 1 for a
// folder where the program should be; the real :ff_program_no_link says "no link" for real entries.
// Needs wine: `npm run setup:wine`; never skips.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/compile';
import { createWinePrefix, requireWine, writeCmdFile, WINE_SETUP_TIMEOUT_MS, type WinePrefix } from '../support/wine';

jest.setTimeout(120_000);

const routine = fs
  .readFileSync(path.join(repoRoot, 'generator', 'steps', 'repair', 'runProgram', 'runProgram.cmd'), 'utf8')
  .replace(/\r\n/g, '\n')
  .trimEnd()
  .split('\n');

let prefix: WinePrefix;

beforeAll(async () => {
  requireWine();
  prefix = await createWinePrefix();
  const folder = path.join(prefix.driveC, 'ff-prog', 'Program Files', 'A & B (x)');
  fs.mkdirSync(path.join(folder, 'Tool.exe dir'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'Tool.exe'), 'MZ');
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
});

function script(name: string, body: string[], routineLines: string[]): string {
  const file = path.join(prefix.driveC, 'ff-prog', name);
  writeCmdFile(file, ['@echo off', 'setlocal EnableExtensions DisableDelayedExpansion', ...body, 'endlocal & exit /b 0', '', ...routineLines]);
  return file;
}

/** The routine with :ff_program_no_link answering "link" for the one component in FF_LINKS, tracing each question. */
function withEmulatedLinks(): string[] {
  const start = routine.indexOf(':ff_program_no_link');
  expect(start).toBeGreaterThan(0);
  return [...routine.slice(0, start), ':ff_program_no_link', '>>"C:\\ff-prog\\asked.log" echo:"%~1"', 'if /i "%~1"=="%FF_LINKS%" exit /b 1', 'exit /b 0'];
}

const asked = () => {
  const file = path.join(prefix.driveC, 'ff-prog', 'asked.log');
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'latin1').replace(/\r\n/g, '\n').trimEnd().split('\n') : [];
  fs.rmSync(file, { force: true });
  return lines;
};

const anchor = 'C:\\ff-prog\\Program Files';
const check = (file: string) => `call :ff_program_check "${anchor}" "A & B (x)" "${file}"`;

test(':ff_program_check: found (0) after asking about every component; missing (2); a folder in its place (1)', async () => {
  asked();
  const file = script('found.cmd', ['set "FF_LINKS="', check('Tool.exe'), 'echo:found=%ERRORLEVEL%', check('Missing.exe'), 'echo:missing=%ERRORLEVEL%', check('Tool.exe dir'), 'echo:folder=%ERRORLEVEL%'], withEmulatedLinks());
  const r = await prefix.runCmd(file);
  expect(r.stderr).toBe('');
  expect(r.stdout.trimEnd().split('\n')).toEqual(['found=0', 'missing=2', 'folder=1']);
  expect(asked().slice(0, 3)).toEqual([`"${anchor}"`, `"${anchor}\\A & B (x)"`, `"${anchor}\\A & B (x)\\Tool.exe"`]);
});

test.each([
  ['the anchor (%ProgramFiles%)', anchor, 1],
  ['the program\'s folder', `${anchor}\\A & B (x)`, 2],
  ['the program file', `${anchor}\\A & B (x)\\Tool.exe`, 3],
])(':ff_program_check refuses (1) when %s is a link, and the walk stops there', async (_what, link, count) => {
  asked();
  const file = script('link.cmd', [`set "FF_LINKS=${link}"`, check('Tool.exe'), 'echo:rc=%ERRORLEVEL%', 'echo:"walk=%FF_WALK%"'], withEmulatedLinks());
  const r = await prefix.runCmd(file);
  expect(r.stdout.trimEnd().split('\n')).toEqual(['rc=1', `"walk=${link}"`]);
  expect(asked()).toHaveLength(count);
});

test(':ff_program_no_link: real folders and files are no links', async () => {
  const file = script('nolink.cmd', [check('Tool.exe'), 'echo:rc=%ERRORLEVEL%'], routine);
  const r = await prefix.runCmd(file);
  expect(r.stdout.trimEnd()).toBe('rc=0');
});
