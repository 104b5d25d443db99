// Diagnostics read like tsc's: TypeScript codes kept, missing fields named, duplicate fix ids
// naming both files, colour and a code frame only when pretty.
import { prettyByDefault } from '../../generator/cli/printDiagnostics';
import { runIn, smallSpec, tempDir, writeFiles } from './cliSupport';
import { repoRoot } from '../support/compile';

const ESC = '\x1b[';
const project = tempDir('diagnostics');
afterAll(project.remove);

beforeAll(() => {
  writeFiles(project.dir, {
    'package.json': '{ "name": "diagnostics-project", "private": true }\n',
    'fixes/a.fix.ts': smallSpec('same-id'),
    'fixes/b.fix.ts': smallSpec('same-id'),
    'broken/missing-title.fix.ts': smallSpec('missing-title', (t) => t.replace('  title: text,\n', '')),
  });
});

it('names both files when two specs define the same fix id, at the second one\'s id', () => {
  const r = runIn(project.dir, ['build', 'fixes']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^fixes\/b\.fix\.ts:7:7 - error FF1101: Fix id 'same-id' is also defined by fixes\/a\.fix\.ts: /m);
  expect(r.stderr).not.toMatch(/Duplicate step id/);
});

it('names a missing required field instead of printing the whole object type', () => {
  const r = runIn(project.dir, ['build', 'broken/missing-title.fix.ts']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^broken\/missing-title\.fix\.ts:6:26 - error TS2345: Field 'title' is required \(in FixSpec\)\.$/m);
  expect(r.stderr).not.toMatch(/Argument of type/);
  expect(r.stderr.split('\n').every((line) => line.length < 200)).toBe(true);
});

it('keeps the TypeScript code of a type error, as tsc prints it, and FF1002 in --json', () => {
  const r = runIn(repoRoot, ['build', 'test/fixtures/broken/type-error.fix.ts']);
  expect(r.stderr).toMatch(/^test\/fixtures\/broken\/type-error\.fix\.ts:4:37 - error TS2322: Type 'string' is not assignable to type 'number'\.$/m);
  expect(r.stderr).not.toMatch(/FF1002/);
  const j = JSON.parse(runIn(repoRoot, ['build', 'test/fixtures/broken/type-error.fix.ts', '--json']).stdout);
  expect(j.diagnostics[0]).toMatchObject({ code: 'FF1002', message: "TS2322: Type 'string' is not assignable to type 'number'." });
});

it('prints colour and a code frame with --pretty, plain lines without it and with --json', () => {
  const pretty = runIn(project.dir, ['build', 'broken/missing-title.fix.ts', '--pretty']);
  expect(pretty.stderr).toContain(`${ESC}91merror${ESC}0m`);
  // The source line under its number, and the position underlined.
  expect(pretty.stderr).toContain(`${ESC}7m6${ESC}0m export default defineFix({\n${ESC}7m ${ESC}0m ${' '.repeat(25)}${ESC}91m~${ESC}0m`);
  const plain = runIn(project.dir, ['build', 'broken/missing-title.fix.ts']);
  expect(plain.stderr).not.toContain(ESC);
  const json = runIn(project.dir, ['build', 'broken/missing-title.fix.ts', '--json', '--pretty']);
  expect(json.stdout + json.stderr).not.toContain(ESC);
});

it('is pretty by default on a terminal only: not in CI, with NO_COLOR or without a TTY', () => {
  expect(prettyByDefault({}, { isTTY: true })).toBe(true);
  expect(prettyByDefault({ CI: 'true' }, { isTTY: true })).toBe(false);
  expect(prettyByDefault({ NO_COLOR: '' }, { isTTY: true })).toBe(false);
  expect(prettyByDefault({}, { isTTY: false })).toBe(false);
});
