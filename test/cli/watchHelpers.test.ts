// `fixforge build --watch` follows helper functions: a change to a function in an imported module
// (re-exported through an index) rebuilds the specs that call it, and only those.
import fs from 'node:fs';
import path from 'node:path';
import { fixforgeBin, smallSpec, tempDir, writeFiles } from './cliSupport';
import { startWatch, type Watcher } from './watchSupport';

jest.setTimeout(90_000);

const temp = tempDir('watch-helpers');
let watcher: Watcher | undefined;
afterAll(async () => {
  await watcher?.stop();
  temp.remove();
});

const REBUILD = /^\[fixforge\] rebuil(t|d failed)/;

it('rebuilds the spec that calls a changed helper function, and reports a helper that reads the clock at the call', async () => {
  const dir = temp.dir;
  writeFiles(dir, {
    'package.json': '{ "name": "watched", "private": true }\n',
    'fixes/helpers/texts.ts': "export function texts(en: string) {\n  return { 'en-US': `${en} (v1)` };\n}\n",
    'fixes/helpers/index.ts': "export * from './texts';\n",
    'fixes/a.fix.ts': smallSpec('uses-helper', (t) => t.replace("const text = { 'en-US': 'Folder fixture' };", "import { texts } from './helpers';\nconst text = texts('Helper text');")),
    'fixes/b.fix.ts': smallSpec('stands-alone'),
  });
  watcher = startWatch(process.execPath, [fixforgeBin, 'build', '--watch', '--target', 'module'], dir);
  await watcher.waitFor(/^\[fixforge\] watching 2 spec\(s\)/);
  const readme = path.join(dir, 'out/uses-helper/README.md');
  expect(fs.readFileSync(readme, 'utf8')).toContain('Helper text (v1)');

  fs.writeFileSync(path.join(dir, 'fixes/helpers/texts.ts'), "export function texts(en: string) {\n  return { 'en-US': `${en} (v2)` };\n}\n");
  const [first] = await watcher.waitFor(REBUILD);
  expect(first).toMatch(/^\[fixforge\] rebuilt uses-helper in \d+ ms \(fixes\/helpers\/texts\.ts changed\)$/);
  expect(fs.readFileSync(readme, 'utf8')).toContain('Helper text (v2)');

  fs.writeFileSync(path.join(dir, 'fixes/helpers/texts.ts'), "export function texts(en: string) {\n  return { 'en-US': `${en} ${Date.now()}` };\n}\n");
  const lines = await watcher.waitFor(REBUILD, 2);
  expect(lines[1]).toMatch(/^\[fixforge\] rebuild failed: 1 error\(s\) in \d+ ms \(fixes\/helpers\/texts\.ts changed\); the previous output is unchanged$/);
  expect(watcher.stderr()).toMatch(/^fixes\/a\.fix\.ts:\d+:\d+ - error FF1013: 'Date\.now\(\)' cannot be used in a spec: .*\(in `texts` at fixes\/helpers\/texts\.ts:2:30, called here\)$/m);
  expect(fs.readFileSync(readme, 'utf8')).toContain('Helper text (v2)');

  await new Promise((r) => setTimeout(r, 1000));
  expect(watcher.stderr()).not.toMatch(/rebuilt[^\n]*stands-alone/);
  expect(await watcher.stop()).not.toBeNull();
});
