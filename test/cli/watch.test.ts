// `fixforge build --watch`: a change rebuilds only the specs it touches (also through an import),
// with one line per rebuild; a broken edit leaves the previous output as it was.
import fs from 'node:fs';
import path from 'node:path';
import { fixforgeBin, smallSpec, tempDir, writeFiles } from './cliSupport';
import { startWatch, type Watcher } from './watchSupport';

jest.setTimeout(90_000);

const temp = tempDir('watch');
let watcher: Watcher | undefined;
afterAll(async () => {
  await watcher?.stop();
  temp.remove();
});

const usesShared = (id: string) =>
  smallSpec(id, (t) => t.replace("const text = { 'en-US': 'Folder fixture' };", "import { text } from './shared';"));

/** Rebuild lines only: `[fixforge] rebuilt ...` and `[fixforge] rebuild failed ...`. */
const REBUILD = /^\[fixforge\] rebuil(t|d failed)/;

it('rebuilds the one spec a change reaches, once per change, and keeps the output of a failed rebuild', async () => {
  const dir = temp.dir;
  writeFiles(dir, {
    'package.json': '{ "name": "watched", "private": true }\n',
    'fixes/shared.ts': "export const text = { 'en-US': 'Shared text' };\n",
    'fixes/a.fix.ts': usesShared('uses-shared'),
    'fixes/b.fix.ts': smallSpec('stands-alone'),
  });
  watcher = startWatch(process.execPath, [fixforgeBin, 'build', '--watch', '--target', 'module'], dir);
  await watcher.waitFor(/^\[fixforge\] watching 2 spec\(s\)/);
  const readme = path.join(dir, 'out/uses-shared/README.md');
  expect(fs.readFileSync(readme, 'utf8')).toContain('Shared text');

  fs.writeFileSync(path.join(dir, 'fixes/shared.ts'), "export const text = { 'en-US': 'Changed text' };\n");
  const [first] = await watcher.waitFor(REBUILD);
  expect(first).toMatch(/^\[fixforge\] rebuilt uses-shared in \d+ ms \(fixes\/shared\.ts changed\)$/);
  expect(fs.readFileSync(readme, 'utf8')).toContain('Changed text');

  const good = fs.readFileSync(readme);
  fs.writeFileSync(path.join(dir, 'fixes/shared.ts'), "export const text = { 'en-US': '' };\n");
  const lines = await watcher.waitFor(REBUILD, 2);
  expect(lines[1]).toMatch(/^\[fixforge\] rebuild failed: \d+ error\(s\) in \d+ ms \(fixes\/shared\.ts changed\); the previous output is unchanged$/);
  // The diagnostics point into the imported file, where the empty text is.
  expect(watcher.stderr()).toMatch(/^fixes\/shared\.ts:1:32 - error FF1007: Field 'title\.en-US' must be a non-empty text\.$/m);
  expect(fs.readFileSync(readme).equals(good)).toBe(true);

  // Settle, then count: one line per change, nothing for the untouched spec.
  await new Promise((r) => setTimeout(r, 1000));
  expect(watcher.stderr().split('\n').filter((l) => REBUILD.test(l))).toHaveLength(2);
  expect(watcher.stderr()).not.toMatch(/rebuilt[^\n]*stands-alone/);
  expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['stands-alone', 'uses-shared']);
  expect(await watcher.stop()).not.toBeNull();
});
