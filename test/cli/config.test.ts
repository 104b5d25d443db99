// fixforge.config.ts and spec inputs: no argument builds the config's specs into its outDir;
// folders and globs build every *.fix.ts in them; the project's rules and the config's own
// mistakes are diagnostics at their position; the dev certificate lives in the project.
import fs from 'node:fs';
import path from 'node:path';
import { globToRegExp } from '../../generator/config/specInputs';
import { CONFIG_TARGETS } from '../../generator/config/readConfigValue';
import { repoRoot } from '../support/compile';
import { runIn, smallSpec, tempDir, writeFiles } from './cliSupport';

jest.setTimeout(60_000);

const temp = tempDir('config');
afterAll(temp.remove);

function project(name: string, config: string | undefined, files: Record<string, string>): string {
  const dir = path.join(temp.dir, name);
  writeFiles(dir, { 'package.json': `{ "name": "${name}", "private": true }\n`, ...(config ? { 'fixforge.config.ts': config } : {}), ...files });
  return dir;
}

const twoFixes = { 'fixes/one.fix.ts': smallSpec('one'), 'fixes/nested/two.fix.ts': smallSpec('two') };

it('builds the specs the config lists into its outDir when given no argument, also from a subfolder', () => {
  const dir = project('listed', "import { defineConfig } from 'fixforge/config';\nexport default defineConfig({ specs: ['fixes'], outDir: 'dist-fixes', targets: ['module'] });\n", twoFixes);
  const r = runIn(path.join(dir, 'fixes'), ['build']);
  expect(r.stderr).toMatch(/^built one: /m);
  expect(r.code).toBe(0);
  expect(fs.readdirSync(path.join(dir, 'dist-fixes')).sort()).toEqual(['one', 'two']);
  // targets from the config: the module only.
  const folders = fs.readdirSync(path.join(dir, 'dist-fixes/one'), { withFileTypes: true }).filter((e) => e.isDirectory());
  expect(folders.map((e) => e.name)).toEqual(['module']);
});

it('builds every *.fix.ts in a folder or matching a glob, and says so when nothing matches', () => {
  const dir = project('inputs', undefined, { ...twoFixes, 'empty/readme.txt': 'no specs\n' });
  const folder = runIn(dir, ['build', 'fixes', '--out', 'a', '--json']);
  expect(JSON.parse(folder.stdout).fixes.map((f: { spec: string }) => f.spec)).toEqual(['fixes/nested/two.fix.ts', 'fixes/one.fix.ts']);
  const glob = runIn(dir, ['build', 'fixes/*.fix.ts', '--out', 'b', '--json']);
  expect(JSON.parse(glob.stdout).fixes.map((f: { id: string }) => f.id)).toEqual(['one']);
  const none = runIn(dir, ['build', 'empty']);
  expect(none.code).toBe(1);
  expect(none.stderr).toMatch(/^error FF1103: 'empty' matches no \*\.fix\.ts file\.$/m);
  // No config and no fixes/ folder: nothing was asked for.
  const bare = project('bare', undefined, { 'notes.txt': 'no specs\n' });
  const nothing = runIn(bare, ['build']);
  expect(nothing.code).toBe(1);
  expect(nothing.stderr).toMatch(/^error FF1102: No specs to build: give spec files, folders or globs, or list them under specs in fixforge\.config\.ts\.$/m);
});

it('matches globs by path segment', () => {
  expect(globToRegExp('fixes/**/*.fix.ts').test('fixes/a/b/c.fix.ts')).toBe(true);
  expect(globToRegExp('fixes/**/*.fix.ts').test('fixes/c.fix.ts')).toBe(true);
  expect(globToRegExp('fixes/*.fix.ts').test('fixes/a/c.fix.ts')).toBe(false);
  expect(globToRegExp('fix?s/*.fix.ts').test('fixes/c.fix.ts')).toBe(true);
});

it('reports a config mistake at its position: a type error, an unknown target, a non-static value', () => {
  const typed = project('typed', "import { defineConfig } from 'fixforge/config';\nexport default defineConfig({ outDir: 42 });\n", twoFixes);
  const a = runIn(typed, ['build']);
  expect(a.code).toBe(1);
  expect(a.stderr).toMatch(/^fixforge\.config\.ts:2:31 - error TS2322: Type 'number' is not assignable to type 'string'\.$/m);
  const target = project('target', "import { defineConfig } from 'fixforge/config';\nexport default defineConfig({ targets: ['module', 'msi' as 'cmd'] });\n", twoFixes);
  const b = runIn(target, ['build']);
  expect(b.stderr).toContain(`fixforge.config.ts:2:40 - error FF1105: Config field 'targets' must be a list of ${CONFIG_TARGETS.join(', ')}.\n`);
  const dynamic = project('dynamic', "import { defineConfig } from 'fixforge/config';\nexport default defineConfig({ outDir: String(Date.now()) });\n", twoFixes);
  expect(runIn(dynamic, ['build']).stderr).toMatch(/fixforge\.config\.ts:2:46 - error FF1013: 'Date\.now\(\)' cannot be used in a spec: the date and time differ at every build/);
  const empty = project('empty-specs', "import { defineConfig } from 'fixforge/config';\nexport default defineConfig({ specs: [] });\n", twoFixes);
  expect(runIn(empty, ['build']).stderr).toMatch(/^error FF1102: No specs to build: .* under specs in fixforge\.config\.ts\.$/m);
  const noDefault = project('no-default', "import { defineConfig } from 'fixforge/config';\nexport const config = defineConfig({});\n", twoFixes);
  expect(runIn(noDefault, ['build']).stderr).toMatch(/fixforge\.config\.ts:1:1 - error FF1104: /);
});

it("checks every spec against the project's cultures and publisher", () => {
  const config = "import { defineConfig } from 'fixforge/config';\nexport default defineConfig({ cultures: ['en-US', 'nl-NL'], publisher: { author: 'fixforge', companyName: 'Contoso' } });\n";
  const dir = project('rules', config, { 'fixes/one.fix.ts': smallSpec('one') });
  const r = runIn(dir, ['build']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^fixes\/one\.fix\.ts:6:\d+ - error FF1106: The project requires culture 'nl-NL' \(cultures in fixforge\.config\.ts\)/m);
  expect(r.stderr).toMatch(/^fixes\/one\.fix\.ts:9:\d+ - error FF1107: module\.companyName is 'fixforge', but the project's publisher in fixforge\.config\.ts is 'Contoso'\.$/m);
  expect(r.stderr).not.toMatch(/module\.author/);
  expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
});

it("creates the development certificate in the project's .fixforge/, not in the package", () => {
  const dir = project('signed', undefined, { 'fixes/one.fix.ts': smallSpec('one') });
  const r = runIn(dir, ['build', 'fixes', '--sign']);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/DEVELOPMENT certificate \.fixforge\/dev-signing\/fixforge-development-signing\.cer \(just created\)/);
  expect(fs.existsSync(path.join(dir, '.fixforge/dev-signing/key.pem'))).toBe(true);
  // The build ships the project's certificate, not one kept beside the compiler.
  const shipped = fs.readFileSync(path.join(dir, 'out/one/fixforge-development-signing.cer'));
  expect(shipped.equals(fs.readFileSync(path.join(dir, '.fixforge/dev-signing/fixforge-development-signing.cer')))).toBe(true);
  const checkoutCer = path.join(repoRoot, '.fixforge/dev-signing/fixforge-development-signing.cer');
  if (fs.existsSync(checkoutCer)) expect(shipped.equals(fs.readFileSync(checkoutCer))).toBe(false);
  // The second build reuses it.
  expect(runIn(dir, ['build', 'fixes', '--sign']).stderr).not.toMatch(/just created/);
});
