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
import { runProgramKind, type RunProgramRepairIR } from '../../generator/steps/repair/runProgram';

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

describe('the emitted step for a program under %ProgramFiles%, end to end', () => {
  const step = (whenMissing: 'skip' | 'fail'): RunProgramRepairIR => ({
    kind: 'runProgram', id: 'vendorTool', description: { 'en-US': 'Vendor tool' }, context: 'system',
    options: { onFailure: 'continue', rebootRequired: false, optional: false },
    program: { location: { root: 'programFiles', folder: 'Contoso\\Tool\\ContosoTool.exe' }, signedBy: null },
    arguments: ['/repair', 'a b'], successExitCodes: [0, 3010], timeoutSeconds: 300, whenMissing,
  } as unknown as RunProgramRepairIR);

  function stepScript(name: string, s: RunProgramRepairIR): string {
    if (!('emit' in runProgramKind.cmd)) throw new Error('runProgram must emit batch');
    const emitted = runProgramKind.cmd.emit(s, { folder: () => '%ProgramFiles%', label: 's1' });
    if ('refused' in emitted) throw new Error(emitted.refused);
    const file = path.join(prefix.driveC, 'ff-prog', name);
    writeCmdFile(file, ['@echo off', 'setlocal EnableExtensions DisableDelayedExpansion', 'set "FF_RESULT=0"', 'set "FF_LOG=C:\\ff-prog\\step.log"', // Wine's cmd sets ProgramFiles itself: the test's Program Files comes in as FF_TEST_PF.
      'set "ProgramFiles=%FF_TEST_PF%"', ...emitted.lines, 'endlocal & exit /b %FF_RESULT%', '', ...routine]);
    return file;
  }

  test('runs the program found there with its arguments; a success code passes, another fails the script', async () => {
    const rec = await prefix.installRecorder('C:\\ff-prog\\PF\\Contoso\\Tool\\ContosoTool.exe');
    rec.clear();
    const file = stepScript('run.cmd', step('fail'));
    const ok = await prefix.runCmd(file, [], { FF_TEST_PF: 'C:\\ff-prog\\PF' });
    expect(ok.exitCode).toBe(0);
    expect(rec.calls().map((c) => c.args)).toEqual([['/repair', 'a b']]);
    rec.setExit(3010);
    expect((await prefix.runCmd(file, [], { FF_TEST_PF: 'C:\\ff-prog\\PF' })).exitCode).toBe(0);
    rec.setExit(5);
    expect((await prefix.runCmd(file, [], { FF_TEST_PF: 'C:\\ff-prog\\PF' })).exitCode).toBe(1);
    expect(fs.readFileSync(path.join(prefix.driveC, 'ff-prog', 'step.log'), 'latin1')).toMatch(/vendorTool: programFiles\\Contoso\\Tool\\ContosoTool\.exe failed with exit code 5/);
  });

  test('a missing program: logged, the script passes with whenMissing skip and fails with fail; nothing runs', async () => {
    const skip = await prefix.runCmd(stepScript('skip.cmd', step('skip')), [], { FF_TEST_PF: 'C:\\ff-prog\\Empty' });
    expect(skip.exitCode).toBe(0);
    const fail = await prefix.runCmd(stepScript('fail.cmd', step('fail')), [], { FF_TEST_PF: 'C:\\ff-prog\\Empty' });
    expect(fail.exitCode).toBe(1);
    expect(fs.readFileSync(path.join(prefix.driveC, 'ff-prog', 'step.log'), 'latin1')).toMatch(/is not installed on this computer/);
  });
});
