// `fixforge init`: the files of a new project, and never an overwrite.
import fs from 'node:fs';
import path from 'node:path';
import { runIn, tempDir } from './cliSupport';
import { repoRoot } from '../support/compile';

const temp = tempDir('init');
afterAll(temp.remove);

const files = ['package.json', 'tsconfig.json', 'fixforge.config.ts', 'fixes/office-wef-cache.fix.ts', '.gitignore', '.github/workflows/fixforge.yml', 'azure-pipelines.yml'];

it('creates a project in a new folder: package.json with fixforge as a devDependency, config, example spec, CI', () => {
  const r = runIn(temp.dir, ['init', 'fresh', '--company', "Contoso's IT", '--json']);
  expect(r.code).toBe(0);
  const result = JSON.parse(r.stdout);
  expect(result).toMatchObject({ schemaVersion: 1, command: 'init', ok: true, updated: [] });
  expect([...result.created].sort()).toEqual([...files].sort());
  const dir = path.join(temp.dir, 'fresh');
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
  expect(pkg.devDependencies).toEqual({ fixforge: `^${version}`, typescript: expect.stringMatching(/^\^5\./) });
  expect(pkg.scripts).toMatchObject({ build: 'fixforge build --sign', test: 'fixforge test' });
  expect(fs.readFileSync(path.join(dir, 'fixforge.config.ts'), 'utf8')).toContain("companyName: 'Contoso\\'s IT'");
  expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^\.fixforge\/$/m);
  // CI takes the key from secrets through the variables the config names; no secret in the files.
  const workflow = fs.readFileSync(path.join(dir, '.github/workflows/fixforge.yml'), 'utf8');
  expect(workflow).toContain('${{ secrets.FIXFORGE_PFX_PASSWORD }}');
  expect(workflow).toMatch(/npx fixforge build --sign\n/);
  expect(workflow).toMatch(/npx fixforge test/);
  expect(fs.readFileSync(path.join(dir, 'azure-pipelines.yml'), 'utf8')).toMatch(/PublishTestResults@2/);
});

it('builds its example spec as written, under the rules of its own config', () => {
  const dir = path.join(temp.dir, 'fresh');
  const r = runIn(dir, ['build', '--json']);
  expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, fixes: [{ id: 'office-wef-cache', spec: 'fixes/office-wef-cache.fix.ts' }] });
});

it('refuses to overwrite: writes nothing and names every file that exists', () => {
  const dir = path.join(temp.dir, 'fresh');
  const before = fs.readFileSync(path.join(dir, 'fixforge.config.ts'), 'utf8');
  fs.writeFileSync(path.join(dir, 'fixforge.config.ts'), '// mine\n');
  fs.rmSync(path.join(dir, 'azure-pipelines.yml'));
  const r = runIn(dir, ['init']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^error FF6006: tsconfig\.json already exists: fixforge init never overwrites files\./m);
  expect(r.stderr).toMatch(/^error FF6006: fixforge\.config\.ts already exists/m);
  expect(r.stderr).toMatch(/^init refused: nothing was written$/m);
  expect(fs.readFileSync(path.join(dir, 'fixforge.config.ts'), 'utf8')).toBe('// mine\n');
  expect(fs.existsSync(path.join(dir, 'azure-pipelines.yml'))).toBe(false);
  expect(before).not.toBe('// mine\n');
});

it('adds to an existing package.json only what is missing (after `npm i -D fixforge`)', () => {
  const dir = path.join(temp.dir, 'existing');
  fs.mkdirSync(dir);
  const original = { name: 'ours', version: '2.0.0', scripts: { build: 'make' }, devDependencies: { fixforge: 'file:../fixforge.tgz' } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(original));
  const r = runIn(dir, ['init']);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/^updated package\.json/m);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  expect(pkg).toMatchObject({ name: 'ours', version: '2.0.0', scripts: { build: 'make', test: 'fixforge test', typecheck: 'tsc --noEmit' } });
  expect(pkg.devDependencies.fixforge).toBe('file:../fixforge.tgz');
  expect(pkg.devDependencies.typescript).toMatch(/^\^5\./);
});
