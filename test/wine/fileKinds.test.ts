// Runs the .cmd files generated from the file kinds' fixtures (repair.deleteFiles, repair.moveAside, repair.wait) in a real
// cmd.exe (wine), on real files inside the prefix with names cmd finds hard, twice; and checks
// that the module's Repair in pwsh leaves the same tree as the .cmd. Links cannot be made in wine
// (docs/wine-cmd-notes.md), so the link checks are covered by the Pester tests only.
// Needs `npm run setup` (wine, pwsh); never skips.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../generator/pipeline/compile';
import { repoRoot } from '../support/compile';
import { createWinePrefix, requireWine, WINE_SETUP_TIMEOUT_MS, type WinePrefix } from '../support/wine';

jest.setTimeout(120_000);

let prefix: WinePrefix;
const scripts = new Map<string, Buffer>();
const moduleDirs = new Map<string, string>();
const buildDirs: string[] = [];

async function buildFixture(kind: string, id: string, moduleName: string): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `fixforge-wine-${kind}-`));
  buildDirs.push(out);
  const result = await build({ specs: [`generator/steps/repair/${kind}/fixture.fix.ts`], outDir: out, cwd: repoRoot, targets: ['module', 'cmd'] });
  expect(result.diagnostics.filter((d) => d.category === 'error')).toEqual([]);
  for (const [file, bytes] of result.fixes[0].contents) if (file.startsWith('cmd/')) scripts.set(file.slice(4), bytes);
  moduleDirs.set(kind, path.join(result.fixes[0].outDir, 'module', moduleName));
  expect(scripts.has(`${id}-machine-startup.cmd`)).toBe(true);
}

function cmdFile(name: string): string {
  const file = path.join(prefix.driveC, 'fixforge', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, scripts.get(name)!);
  return file;
}

/** Every path under dir, relative and sorted: the state to compare. */
function treeState(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(e.isDirectory() ? `${r}/` : r);
      if (e.isDirectory()) walk(path.join(d, e.name), r);
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out.sort();
}

function log(file: string): string {
  const p = prefix.toUnixPath(file);
  return fs.existsSync(p) ? fs.readFileSync(p, 'latin1') : '';
}

beforeAll(async () => {
  requireWine();
  await buildFixture('deleteFiles', 'kind-delete-files', 'FixForge.KindDeleteFiles');
  await buildFixture('moveAside', 'kind-move-aside', 'FixForge.KindMoveAside');
  await buildFixture('wait', 'kind-wait', 'FixForge.KindWait');
  prefix = await createWinePrefix();
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
  for (const dir of buildDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('repair.deleteFiles in cmd', () => {
  /** `*.spl` takes these: odd characters, a leading space, upper case, a name that is only the extension. */
  const MATCHING = ['00001.SPL', 'with space.spl', 'a&b (c).spl', ';semi,colon=eq.spl', 'caret^bang!.spl', ' leading.spl', '.spl', 'read-only.spl'];
  /** ...and not these: a longer extension (an 8.3 mask would match it), a second extension, another one. */
  const OTHER = ['00001.shd', 'a.splx', 'x.spl.bak', 'spl', 'splx'];

  function populate(printers: string): void {
    fs.mkdirSync(path.join(printers, 'folder.spl', 'deeper'), { recursive: true });
    for (const name of [...MATCHING, ...OTHER]) fs.writeFileSync(path.join(printers, name), name);
    fs.writeFileSync(path.join(printers, 'folder.spl', 'nested.spl'), 'no recursion unless asked');
    // A file without write permission is read-only to wine; del /f must take it too.
    fs.chmodSync(path.join(printers, 'read-only.spl'), 0o444);
  }

  const printersIn = () => prefix.toUnixPath('C:\\windows\\system32\\spool\\PRINTERS');
  const machineLog = 'C:\\ProgramData\\FixForge-cmd-kind-delete-files\\kind-delete-files-machine.log';

  it('deletes the matching files only, keeps the folder, subfolders and other files, exit 0; a second run changes nothing', async () => {
    const printers = printersIn();
    fs.rmSync(printers, { recursive: true, force: true });
    populate(printers);
    const file = cmdFile('kind-delete-files-machine-startup.cmd');
    const first = await prefix.runCmd(file);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(treeState(printers)).toEqual([...OTHER, 'folder.spl/', 'folder.spl/deeper/', 'folder.spl/nested.spl'].sort());
    expect(log(machineLog)).toMatch(new RegExp(`deleted ${MATCHING.length} file\\(s\\) in "C:\\\\windows\\\\system32\\\\spool\\\\PRINTERS"`, 'i'));

    const after = treeState(printers);
    const second = await prefix.runCmd(file);
    expect(second.exitCode).toBe(0);
    expect(treeState(printers)).toEqual(after);
    expect(log(machineLog)).toMatch(/deleted 0 file\(s\) in /);
  });

  it('skips a missing folder quietly, exit 0', async () => {
    fs.rmSync(printersIn(), { recursive: true, force: true });
    const r = await prefix.runCmd(cmdFile('kind-delete-files-machine-startup.cmd'));
    expect(r.exitCode).toBe(0);
    expect(fs.existsSync(printersIn())).toBe(false);
  });

  it('reports a file it could not delete with exit 2 and still deletes the rest', async () => {
    const printers = printersIn();
    fs.rmSync(printers, { recursive: true, force: true });
    populate(printers);
    const locked = path.join(printers, 'with space.spl');
    // An immutable file refuses deletion even for root: the closest thing to a file in use.
    expect(spawnSync('chattr', ['+i', locked]).status).toBe(0);
    try {
      const r = await prefix.runCmd(cmdFile('kind-delete-files-machine-startup.cmd'));
      expect(r.exitCode).toBe(2);
      expect(treeState(printers)).toEqual([...OTHER, 'folder.spl/', 'folder.spl/deeper/', 'folder.spl/nested.spl', 'with space.spl'].sort());
      expect(log(machineLog)).toMatch(new RegExp(`1 of ${MATCHING.length} file\\(s\\) could not be deleted in `));
    } finally {
      spawnSync('chattr', ['-i', locked]);
    }
  });

  it('deletes an exact name in the current user\'s profile from the user logon script, exit 0', async () => {
    const echo = path.join(prefix.driveC, 'fixforge', 'profile.cmd');
    fs.writeFileSync(echo, '@echo off\r\necho:%USERPROFILE%\r\n');
    const profile = (await prefix.runCmd(echo)).stdout.trim();
    const logs = prefix.toUnixPath(`${profile}\\AppData\\Local\\Fixture\\Logs`);
    fs.mkdirSync(logs, { recursive: true });
    for (const name of ['trace.log', 'trace.log.old', 'xtrace.log', 'trace.lo']) fs.writeFileSync(path.join(logs, name), name);
    const file = cmdFile('kind-delete-files-user-logon.cmd');
    const r = await prefix.runCmd(file);
    expect(r.exitCode).toBe(0);
    expect(treeState(logs)).toEqual(['trace.lo', 'trace.log.old', 'xtrace.log']);
    expect((await prefix.runCmd(file)).exitCode).toBe(0);
    expect(treeState(logs)).toEqual(['trace.lo', 'trace.log.old', 'xtrace.log']);
  });

  it('leaves the same tree as the module\'s Repair in pwsh', async () => {
    const pwsh = path.join(repoRoot, '.tools', 'pwsh', 'pwsh');
    const printers = printersIn();
    fs.rmSync(printers, { recursive: true, force: true });
    populate(printers);
    const host = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-equiv-delete-'));
    const hostWindows = path.join(host, 'Windows');
    const hostPrinters = path.join(hostWindows, 'System32', 'spool', 'PRINTERS');
    populate(hostPrinters);
    expect(treeState(hostPrinters)).toEqual(treeState(printers));

    expect((await prefix.runCmd(cmdFile('kind-delete-files-machine-startup.cmd'))).exitCode).toBe(0);
    const script = [
      "$ErrorActionPreference = 'Stop'",
      `Import-Module '${path.join(moduleDirs.get('deleteFiles')!, 'FixForge.KindDeleteFiles.psd1')}'`,
      `$r = Repair-KindDeleteFiles -Context System -WindowsDirectory '${hostWindows}' -DataDirectory '${path.join(host, 'data')}' -Confirm:$false`,
      'if ($r.Status -ne "Repaired") { throw "status $($r.Status)" }',
    ].join('\n');
    const p = spawnSync(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8' });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(treeState(hostPrinters)).toEqual(treeState(printers));
    fs.rmSync(host, { recursive: true, force: true });
  });
});

describe('repair.moveAside in cmd', () => {
  const windowsIn = () => prefix.toUnixPath('C:\\windows');
  const machineLog = 'C:\\ProgramData\\FixForge-cmd-kind-move-aside\\kind-move-aside-machine.log';
  const copies = (dir: string) => fs.readdirSync(dir).filter((n) => n.toLowerCase().startsWith('softwaredistribution')).sort();

  function store(windows: string): void {
    const dir = path.join(windows, 'SoftwareDistribution', 'Data Store');
    fs.mkdirSync(dir, { recursive: true });
    for (const name of ['DataStore.edb', 'a&b (c).log', 'caret^bang!.chk']) fs.writeFileSync(path.join(dir, name), name);
  }

  /** Entries a user could plant beside the item: none is an earlier copy, none may be touched. */
  const PLANTED = ['SoftwareDistribution.fixforge-', 'SoftwareDistribution.fixforge-01', 'SoftwareDistribution.fixforge-1&echo planted', 'SoftwareDistribution.fixforge-2x', 'SoftwareDistribution.fixforge-1234567890', 'SoftwareDistribution.old'];

  beforeEach(() => {
    for (const name of copies(windowsIn())) fs.rmSync(path.join(windowsIn(), name), { recursive: true, force: true });
  });

  it('moves the folder aside as .fixforge-1 with its contents, exit 0; a second run changes nothing', async () => {
    store(windowsIn());
    const file = cmdFile('kind-move-aside-machine-startup.cmd');
    const first = await prefix.runCmd(file);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(copies(windowsIn())).toEqual(['SoftwareDistribution.fixforge-1']);
    expect(fs.readdirSync(path.join(windowsIn(), 'SoftwareDistribution.fixforge-1', 'Data Store')).sort()).toEqual(['DataStore.edb', 'a&b (c).log', 'caret^bang!.chk']);
    expect(log(machineLog)).toMatch(/moved "C:\\windows\\SoftwareDistribution" to "SoftwareDistribution\.fixforge-1"/i);

    const second = await prefix.runCmd(file);
    expect(second.exitCode).toBe(0);
    expect(copies(windowsIn())).toEqual(['SoftwareDistribution.fixforge-1']);
  });

  it('numbers on from the highest copy, keeps the newest two, and leaves planted look-alikes alone', async () => {
    const windows = windowsIn();
    for (const n of [3, 9]) fs.mkdirSync(path.join(windows, `SoftwareDistribution.fixforge-${n}`, 'old'), { recursive: true });
    for (const name of PLANTED) fs.mkdirSync(path.join(windows, name));
    store(windows);
    const r = await prefix.runCmd(cmdFile('kind-move-aside-machine-startup.cmd'));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/planted/);
    expect(copies(windows)).toEqual([...PLANTED, 'SoftwareDistribution.fixforge-10', 'SoftwareDistribution.fixforge-9'].sort());
    expect(log(machineLog)).toMatch(/deleted the earlier copy "C:\\windows\\SoftwareDistribution\.fixforge-3"/i);
  });

  it('reports an item it cannot move with exit 2 and leaves it in place', async () => {
    const windows = windowsIn();
    store(windows);
    // An immutable folder cannot be renamed, even by root: the closest thing to a folder in use.
    const item = path.join(windows, 'SoftwareDistribution');
    expect(spawnSync('chattr', ['+i', item]).status).toBe(0);
    try {
      const r = await prefix.runCmd(cmdFile('kind-move-aside-machine-startup.cmd'));
      expect(r.exitCode).toBe(2);
      expect(copies(windows)).toEqual(['SoftwareDistribution']);
      expect(log(machineLog)).toMatch(/could not be moved aside \(in use or denied\)/);
    } finally {
      spawnSync('chattr', ['-i', item]);
    }
  });

  it('moves a folder with a space in its name in the current user\'s profile, keeping one copy', async () => {
    const echo = path.join(prefix.driveC, 'fixforge', 'profile.cmd');
    fs.writeFileSync(echo, '@echo off\r\necho:%USERPROFILE%\r\n');
    const profile = (await prefix.runCmd(echo)).stdout.trim();
    const fixture = prefix.toUnixPath(`${profile}\\AppData\\Local\\Fixture`);
    const file = cmdFile('kind-move-aside-user-logon.cmd');
    for (const run of [1, 2]) {
      fs.mkdirSync(path.join(fixture, 'Search Index'), { recursive: true });
      fs.writeFileSync(path.join(fixture, 'Search Index', `run${run}.db`), 'index');
      expect((await prefix.runCmd(file)).exitCode).toBe(0);
    }
    expect(fs.readdirSync(fixture).filter((n) => n.startsWith('Search Index')).sort()).toEqual(['Search Index.fixforge-2']);
    expect(fs.readdirSync(path.join(fixture, 'Search Index.fixforge-2'))).toEqual(['run2.db']);
  });

  it('leaves the same tree as the module\'s Repair in pwsh', async () => {
    const pwsh = path.join(repoRoot, '.tools', 'pwsh', 'pwsh');
    const host = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-equiv-move-'));
    const hostWindows = path.join(host, 'Windows');
    for (const windows of [windowsIn(), hostWindows]) {
      fs.mkdirSync(path.join(windows, 'SoftwareDistribution.fixforge-4'), { recursive: true });
      for (const name of PLANTED) fs.mkdirSync(path.join(windows, name));
      store(windows);
    }
    expect((await prefix.runCmd(cmdFile('kind-move-aside-machine-startup.cmd'))).exitCode).toBe(0);
    const script = [
      "$ErrorActionPreference = 'Stop'",
      `Import-Module '${path.join(moduleDirs.get('moveAside')!, 'FixForge.KindMoveAside.psd1')}'`,
      `$r = Repair-KindMoveAside -Context System -WindowsDirectory '${hostWindows}' -DataDirectory '${path.join(host, 'data')}' -Confirm:$false`,
      'if ($r.Status -ne "Repaired") { throw "status $($r.Status)" }',
    ].join('\n');
    const p = spawnSync(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8' });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(copies(hostWindows)).toEqual(copies(windowsIn()));
    expect(treeState(path.join(hostWindows, 'SoftwareDistribution.fixforge-5'))).toEqual(treeState(path.join(windowsIn(), 'SoftwareDistribution.fixforge-5')));
    fs.rmSync(host, { recursive: true, force: true });
  });
});

describe('repair.wait in cmd', () => {
  it('pauses for the step\'s seconds with ping, exit 0; the wait on a detection is left to PowerShell (FF3002)', async () => {
    const file = cmdFile('kind-wait-machine-startup.cmd');
    const quick = path.join(prefix.driveC, 'fixforge', 'quick.cmd');
    fs.writeFileSync(quick, '@echo off\r\nexit /b 0\r\n');
    const baseline = (await prefix.runCmd(quick)).durationMs;
    const r = await prefix.runCmd(file);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    // The fixture pauses 3 seconds: ping -n 4 waits about a second between its echoes.
    expect(r.durationMs - baseline).toBeGreaterThanOrEqual(2500);
    expect(r.durationMs - baseline).toBeLessThan(15000);
    // The user script would hold only the wait on a detection, which batch refuses: there is none.
    expect(scripts.has('kind-wait-user-logon.cmd')).toBe(false);
  });
});
