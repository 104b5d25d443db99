// What a new team does, offline: pack fixforge, install the tarball into a fresh project, `init`,
// type-check the example spec through `fixforge/dsl`, build it signed with the project's
// development certificate, verify, run its Pester tests, and change it under --watch.
//
// Offline: the runtime dependencies are packed from this checkout's node_modules and pinned by
// `overrides` to those tarballs, so npm never asks the registry; typescript comes the same way.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { ts } from 'ts-morph';
import { repoRoot } from '../support/compile';
import { pwshPath, pesterModulePath } from './tools';
import { startWatch } from '../cli/watchSupport';
import { tempDir } from '../cli/cliSupport';
import { describeWithPwsh } from '../support/pwsh';

jest.setTimeout(300_000); // ~60 s on an idle machine; the limit only guards against a hang

describeWithPwsh('fixforge installed from its tarball', () => {
  const temp = tempDir('e2e');
  const packs = path.join(temp.dir, 'packs');
  const project = path.join(temp.dir, 'team-fixes');
  afterAll(temp.remove);

  interface PackResult {
    readonly name: string;
    readonly filename: string;
    readonly files: readonly { path: string }[];
  }

  function npm(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  function npx(args: string[], env: NodeJS.ProcessEnv = {}) {
    return npm(project, ['exec', '--offline', '--no', '--', ...args], env);
  }

  /** This checkout's runtime dependencies, one folder each (npm ls reads node_modules, offline). */
  function runtimeDependencyDirs(): string[] {
    const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repoRoot, encoding: 'utf8' });
    return out
      .split('\n')
      .filter((dir) => dir && path.resolve(dir) !== repoRoot && !dir.endsWith(`${path.sep}pester-runner-wrapper`));
  }

  let fixforgePack: PackResult;

  beforeAll(() => {
    fs.mkdirSync(packs);
    const own = npm(repoRoot, ['pack', '--json', '--pack-destination', packs]);
    expect(own.stderr).not.toMatch(/npm error/);
    expect(own.code).toBe(0);
    [fixforgePack] = JSON.parse(own.stdout) as PackResult[];

    const deps = npm(repoRoot, ['pack', '--json', '--ignore-scripts', '--pack-destination', packs, ...runtimeDependencyDirs(), path.join(repoRoot, 'node_modules/typescript')]);
    expect(deps.code).toBe(0);
    const packed = JSON.parse(deps.stdout) as PackResult[];
    const names = packed.map((p) => p.name);
    // One version per name, or overrides could not pin them.
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const tarball = (p: PackResult) => `file:${path.join(packs, p.filename)}`;
    fs.mkdirSync(project);
    const overrides = Object.fromEntries(packed.filter((p) => p.name !== 'typescript').map((p) => [p.name, tarball(p)]));
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'team-fixes', version: '1.0.0', private: true, overrides }, null, 2));
    const typescript = packed.find((p) => p.name === 'typescript')!;
    const install = npm(project, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '-D', path.join(packs, fixforgePack.filename), path.join(packs, typescript.filename)]);
    expect(install.stderr).not.toMatch(/npm error/);
    expect(install.code).toBe(0);
  });

  it('ships compiled code, the DSL sources and the engine, and no tests, fixtures or dev tooling', () => {
    const files = fixforgePack.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/fixforge.js', 'dist/cli/main.js', 'dist/dsl/index.d.ts', 'generator/dsl/index.ts', 'generator/engine/Core.ps1', 'templates/module/module.psd1.hbs']));
    expect(files).toContain('node_modules/pester-runner-wrapper/dist/index.js');
    expect(files.filter((f) => /(^|\/)test\/|\.Tests\.ps1$|fixture\.fix\.ts$|\.map$|^scripts\/|^generator\/cli\//.test(f))).toEqual([]);
    // Specs are type-checked against the shipped DSL sources: every file they import must ship too.
    const shipped = new Set(files);
    const unresolved = files
      .filter((f) => f.startsWith('generator/') && f.endsWith('.ts'))
      .flatMap((f) =>
        ts.preProcessFile(fs.readFileSync(path.join(repoRoot, f), 'utf8'), true, true).importedFiles
          .filter((ref) => ref.fileName.startsWith('.'))
          .map((ref) => path.posix.join(path.posix.dirname(f), ref.fileName))
          .filter((target) => !shipped.has(`${target}.ts`) && !shipped.has(`${target}/index.ts`))
          .map((target) => `${f} -> ${target}`),
      );
    expect(unresolved).toEqual([]);
    const installed = path.join(project, 'node_modules');
    expect(fs.existsSync(path.join(installed, 'fixforge/generator/cli'))).toBe(false);
    expect(fs.existsSync(path.join(installed, '@swc'))).toBe(false);
  });

  it('init, type-check through fixforge/dsl, build signed, verify, test, then one rebuild under --watch', async () => {
    const init = npx(['fixforge', 'init', '--company', 'Team']);
    expect(init.stderr).toMatch(/^created fixes\/office-wef-cache\.fix\.ts$/m);
    expect(init.code).toBe(0);
    const spec = path.join(project, 'fixes/office-wef-cache.fix.ts');

    // The editor's view: the example and the config type-check; a wrong field type does not.
    expect(npx(['tsc', '--noEmit'])).toMatchObject({ code: 0, stdout: '' });
    const original = fs.readFileSync(spec, 'utf8');
    fs.writeFileSync(spec, original.replace("version: '1.0.0'", 'version: 1'));
    expect(npx(['tsc', '--noEmit']).stdout).toMatch(/fixes\/office-wef-cache\.fix\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
    fs.writeFileSync(spec, original);
    // Node16 resolution reads the same `exports`.
    fs.writeFileSync(path.join(project, 'tsconfig.node16.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { module: 'node16', moduleResolution: 'node16' } }));
    expect(npx(['tsc', '--noEmit', '-p', 'tsconfig.node16.json'])).toMatchObject({ code: 0, stdout: '' });

    const built = npx(['fixforge', 'build', '--sign']);
    expect(built.stderr).toMatch(/DEVELOPMENT certificate \.fixforge\/dev-signing\/fixforge-development-signing\.cer \(just created\)/);
    expect(built.stderr).toMatch(/^built office-wef-cache: \d+ files in /m);
    expect(built.code).toBe(0);
    const fix = path.join(project, 'out/office-wef-cache');
    const verified = npx(['fixforge', 'verify', fix, '--ca', path.join(fix, 'fixforge-development-signing.cer'), '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout).files.length).toBeGreaterThanOrEqual(4);

    const tested = npx(['fixforge', 'test', '--json'], { FIXFORGE_PWSH: pwshPath(), FIXFORGE_PESTER: pesterModulePath() });
    const result = JSON.parse(tested.stdout);
    expect(result).toMatchObject({ schemaVersion: 1, command: 'test', ok: true, failed: 0 });
    expect(result.passed).toBeGreaterThanOrEqual(10);
    expect(tested.code).toBe(0);

    const watcher = startWatch(path.join(project, 'node_modules/.bin/fixforge'), ['build', '--watch'], project);
    try {
      await watcher.waitFor(/^\[fixforge\] watching 1 spec\(s\)/, 1, 60_000);
      fs.writeFileSync(spec, original.replace('Office web add-ins load an outdated version', 'Office web add-ins load an old version'));
      await watcher.waitFor(/^\[fixforge\] rebuil/, 1, 30_000);
      await new Promise((r) => setTimeout(r, 1000));
      const rebuilds = watcher.stderr().split('\n').filter((l) => /^\[fixforge\] rebuil/.test(l));
      expect(rebuilds).toEqual([expect.stringMatching(/^\[fixforge\] rebuilt office-wef-cache in \d+ ms \(fixes\/office-wef-cache\.fix\.ts changed\)$/)]);
      expect(fs.readFileSync(path.join(fix, 'README.md'), 'utf8')).toContain('load an old version');
    } finally {
      await watcher.stop();
    }
  });
});
