// The clearFolderContents batch routine's link rule, in wine's cmd.exe (issue 11). Wine shows no
// reparse points (docs/wine-cmd-notes.md), so the rule is tested in two halves that together cover
// it: the attribute test (:ff_link_attr) on the strings %~a prints on Windows for links and for
// plain entries, and the walk (:ff_clear_folder) over real folders: it visits every component
// from the anchor down, refuses when :ff_no_link says "link" (emulated by a stand-in that answers
// from a list), and empties the folder otherwise. Needs wine: `npm run setup:wine`; never skips.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/compile';
import { createWinePrefix, requireWine, writeCmdFile, WINE_SETUP_TIMEOUT_MS, type WinePrefix } from '../support/wine';
import { templateRoutine } from '../support/cmdModel';

jest.setTimeout(120_000);

const routine = fs
  .readFileSync(path.join(repoRoot, 'generator', 'steps', 'repair', 'clearFolderContents', 'clearFolderContents.cmd'), 'utf8')
  .replace(/\r\n/g, '\n')
  .trimEnd()
  .split('\n');

let prefix: WinePrefix;

beforeAll(async () => {
  requireWine();
  prefix = await createWinePrefix();
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
});

function script(name: string, body: string[], routineLines: string[] = routine): string {
  const file = path.join(prefix.driveC, 'ff-walk', name);
  fs.mkdirSync(path.join(prefix.driveC, 'ff-walk', 'tmp'), { recursive: true });
  // The routine lists into FF_TMP (the script's trusted folder) and classifies entries with the
  // template's :ff_entry_kind.
  writeCmdFile(file, [
    '@echo off', 'setlocal EnableExtensions DisableDelayedExpansion', 'set "FF_RESULT=0"', 'set "FF_LOCKED=0"', 'set "FF_LOG=C:\\ff-walk\\walk.log"', 'set "FF_TMP=C:\\ff-walk\\tmp"',
    ...body, 'endlocal & exit /b %FF_RESULT%', '', ...routineLines, '', ...templateRoutine('ff_entry_kind'),
  ]);
  return file;
}

/** The routine with :ff_no_link replaced by a stand-in: "link" for the one component in FF_LINKS, and a trace of every component asked about. */
function withEmulatedLinks(): string[] {
  const start = routine.indexOf(':ff_no_link');
  const end = routine.indexOf(':ff_link_attr');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return [
    ...routine.slice(0, start),
    ':ff_no_link',
    '>>"C:\\ff-walk\\asked.log" echo:"%~1"',
    'if /i "%~1"=="%FF_LINKS%" exit /b 1',
    'exit /b 0',
    '',
    ...routine.slice(end),
  ];
}

const readLog = (name: string) => {
  const file = path.join(prefix.driveC, 'ff-walk', name);
  return fs.existsSync(file) ? fs.readFileSync(file, 'latin1').replace(/\r\n/g, '\n').trimEnd().split('\n') : [];
};

function fillTarget(): { target: string; outside: string } {
  const base = path.join(prefix.driveC, 'ff-walk', 'anchor dir', 'A & B (x)', 'Content');
  fs.rmSync(path.join(prefix.driveC, 'ff-walk', 'anchor dir'), { recursive: true, force: true });
  fs.mkdirSync(path.join(base, 'sub folder'), { recursive: true });
  for (const name of ['plain.bin', 'with space.dat', 'a&b (c).tmp', ';semi']) fs.writeFileSync(path.join(base, name), 'x');
  fs.writeFileSync(path.join(base, 'sub folder', 'nested.bin'), 'x');
  const outside = path.join(prefix.driveC, 'ff-walk', 'anchor dir', 'keep.txt');
  fs.writeFileSync(outside, 'keep');
  return { target: base, outside };
}

test(':ff_link_attr: the reparse flag in the attribute strings Windows prints, and nothing else', async () => {
  // %~a on Windows: d r a h s c o t l (and more letters on newer builds); "l" is the reparse point.
  const cases: [string, number][] = [
    ['d--------', 0], ['d-------l', 1], ['--a------', 0], ['--a-----l', 1], ['d--hs----', 0], ['d-------l--', 1], ['-ra------', 0], ['dr-hsc-t-', 0],
    // Unreadable (an existing entry whose attributes could not be read): refused, never "no link".
    ['', 1],
  ];
  const file = script('attr.cmd', cases.flatMap(([attr], i) => [`call :ff_link_attr "${attr}"`, `echo:${i}=%ERRORLEVEL%`]));
  const r = await prefix.runCmd(file);
  expect(r.stderr).toBe('');
  expect(r.stdout.trimEnd().split('\n')).toEqual(cases.map(([, code], i) => `${i}=${code}`));
});

test(':ff_no_link: a real folder, a file and a missing entry are not links (wine cannot make one)', async () => {
  fs.mkdirSync(path.join(prefix.driveC, 'ff-walk', 'real dir'), { recursive: true });
  fs.writeFileSync(path.join(prefix.driveC, 'ff-walk', 'a file.txt'), 'x');
  const file = script('nolink.cmd', [
    'call :ff_no_link "C:\\ff-walk\\real dir"', 'echo:dir=%ERRORLEVEL%',
    'call :ff_no_link "C:\\ff-walk\\a file.txt"', 'echo:file=%ERRORLEVEL%',
    'call :ff_no_link "C:\\ff-walk\\missing"', 'echo:missing=%ERRORLEVEL%',
  ]);
  const r = await prefix.runCmd(file);
  expect(r.stdout.trimEnd().split('\n')).toEqual(['dir=0', 'file=0', 'missing=0']);
});

test(':ff_clear_folder without links: asks about every component from the anchor down, empties the folder, keeps the rest', async () => {
  const { target, outside } = fillTarget();
  fs.rmSync(path.join(prefix.driveC, 'ff-walk', 'asked.log'), { force: true });
  const file = script('walk.cmd', ['set "FF_LINKS="', 'call :ff_clear_folder "C:\\ff-walk\\anchor dir" "A & B (x)" "Content"'], withEmulatedLinks());
  const r = await prefix.runCmd(file);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  expect(readLog('asked.log')).toEqual(['"C:\\ff-walk\\anchor dir"', '"C:\\ff-walk\\anchor dir\\A & B (x)"', '"C:\\ff-walk\\anchor dir\\A & B (x)\\Content"']);
  expect(fs.readdirSync(target)).toEqual([]);
  expect(fs.existsSync(outside)).toBe(true);
});

test.each([
  ['the anchor itself (a profile folder)', 'C:\\ff-walk\\anchor dir', 1],
  ['a parent', 'C:\\ff-walk\\anchor dir\\A & B (x)', 2],
  ['the folder itself', 'C:\\ff-walk\\anchor dir\\A & B (x)\\Content', 3],
])(':ff_clear_folder refuses when %s is a link: nothing deleted, exit 1, the log names it, the walk stops there', async (_what, link, asked) => {
  const { target } = fillTarget();
  const before = fs.readdirSync(target).sort();
  fs.rmSync(path.join(prefix.driveC, 'ff-walk', 'asked.log'), { force: true });
  fs.rmSync(path.join(prefix.driveC, 'ff-walk', 'walk.log'), { force: true });
  const file = script('refuse.cmd', [`set "FF_LINKS=${link}"`, 'call :ff_clear_folder "C:\\ff-walk\\anchor dir" "A & B (x)" "Content"', 'echo:refused=%FF_REFUSED%'], withEmulatedLinks());
  const r = await prefix.runCmd(file);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toBe('refused=1\n');
  expect(readLog('asked.log')).toHaveLength(asked);
  expect(fs.readdirSync(target).sort()).toEqual(before);
  expect(readLog('walk.log').join('\n')).toContain(`"${link}" is a link (junction, symbolic link or mount point); nothing below it deleted`);
});

test(':ff_clear_folder with a component missing or a file in its place: nothing to do, no error', async () => {
  fillTarget();
  const file = script('missing.cmd', [
    'call :ff_clear_folder "C:\\ff-walk\\anchor dir" "no such" "Content"',
    'call :ff_clear_folder "C:\\ff-walk\\anchor dir" "keep.txt" "Content"',
  ]);
  const r = await prefix.runCmd(file);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  expect(fs.existsSync(path.join(prefix.driveC, 'ff-walk', 'anchor dir', 'keep.txt'))).toBe(true);
});
