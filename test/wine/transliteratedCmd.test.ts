// Issue 19: a .cmd whose texts were German, French, Polish and Japanese (transliterated to ASCII,
// with typographic quotes, dashes and parentheses among them) runs in wine's cmd.exe like any
// other: the step empties its folder, the log carries the ASCII texts, the exit code is 0.
import fs from 'node:fs';
import path from 'node:path';
import { build } from '../../generator/pipeline/compile';
import { transliterate } from '../../generator/vocabulary/escape/transliterate';
import { repoRoot } from '../support/compile';
import { createWinePrefix, requireWine, WINE_SETUP_TIMEOUT_MS, type WinePrefix } from '../support/wine';

jest.setTimeout(180_000);

let prefix: WinePrefix;
let script: Buffer;
let description: string;

beforeAll(async () => {
  requireWine();
  const result = await build({ specs: ['test/fixtures/specs/cultures.fix.ts'], outDir: 'out', cwd: repoRoot, targets: ['cmd'], write: false });
  expect(result.diagnostics.filter((d) => d.category === 'error')).toEqual([]);
  const fix = result.fixes[0];
  script = fix.contents.get('cmd/cultures-machine-startup.cmd')!;
  description = fix.ir.repair[0].description['en-US'];
  prefix = await createWinePrefix();
  await prefix.installRecorder('C:\\windows\\system32\\icacls.exe');
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
});

it('runs, empties the folder and logs the transliterated texts', async () => {
  expect(script.every((b) => b < 0x80)).toBe(true);
  const cache = prefix.toUnixPath('C:\\ProgramData\\FixForgeCultures\\Cache');
  fs.mkdirSync(path.join(cache, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(cache, 'stale.txt'), 'stale');
  fs.writeFileSync(path.join(cache, 'sub', 'entry.txt'), 'stale');
  const file = path.join(prefix.driveC, 'fixforge', 'cultures-machine-startup.cmd');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, script);
  const r = await prefix.runCmd(file);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  expect(fs.readdirSync(cache)).toEqual([]);
  const log = fs.readFileSync(prefix.toUnixPath('C:\\ProgramData\\FixForge-cmd-cultures\\cultures-machine.log'), 'latin1');
  expect(log).toContain(`clearCache: ${transliterate(description)}`);
  expect(log).toMatch(/script finished with exit code 0/);
});
