// Runs the generated KB 2328240 .cmd files in a real cmd.exe (wine), on a fake Windows tree inside
// the prefix, and checks that the module's Repair (in pwsh) leaves the same tree.
// Needs `npm run setup` (wine, MinGW, pwsh); never skips.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../generator/pipeline/compile';
import { repoRoot } from '../support/compile';
import { createWinePrefix, requireWine, WINE_SETUP_TIMEOUT_MS, type WinePrefix } from '../support/wine';

jest.setTimeout(120_000);

const CACHE = ['AppData', 'LocalLow', 'Microsoft', 'CryptnetUrlCache'];
const SERVICE_ROOTS = [
  ['ServiceProfiles', 'LocalService'],
  ['ServiceProfiles', 'NetworkService'],
  ['System32', 'config', 'systemprofile'],
  ['SysWOW64', 'config', 'systemprofile'],
];
/** Names cmd must survive: spaces, & ( ) ; , = ^ ! and a leading space. */
const ODD_NAMES = ['plain.bin', 'with space.dat', 'a&b (c).tmp', ';semi,colon=eq', 'caret^bang!', ' leading'];

let prefix: WinePrefix;
let machineCmd: Buffer;
let userCmd: Buffer;
let moduleDir: string;

/** Where a Windows-relative path lives: in the prefix, matched case-insensitively like Windows does. */
type Resolve = (segments: string[]) => string;
const inPrefix: Resolve = (segments) => prefix.toUnixPath(`C:\\windows\\${segments.join('\\')}`);
const onHost = (windowsDir: string): Resolve => (segments) => path.join(windowsDir, ...segments);

/** A cache tree under the Windows directory, plus files outside the caches that must survive. */
function populate(at: Resolve): void {
  for (const root of SERVICE_ROOTS) {
    const cache = at([...root, ...CACHE]);
    for (const part of ['Content', 'MetaData']) {
      const dir = path.join(cache, part);
      fs.mkdirSync(path.join(dir, 'nested folder', 'deeper'), { recursive: true });
      for (const name of ODD_NAMES) fs.writeFileSync(path.join(dir, name), `${part} ${name}`);
      fs.writeFileSync(path.join(dir, 'nested folder', 'deeper', 'x.bin'), 'x');
      fs.writeFileSync(path.join(dir, '.hidden-ish'), 'h');
    }
    fs.writeFileSync(path.join(cache, 'keep-next-to-content.txt'), 'keep');
    fs.writeFileSync(at([...root, 'AppData', 'keep.txt']), 'keep');
  }
}

/** Every path under the four service-profile roots, relative and sorted: the state to compare. */
function treeState(at: Resolve): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      out.push(e.isDirectory() ? `${r}/` : r);
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
    }
  };
  for (const root of SERVICE_ROOTS) {
    const start = at(root);
    if (fs.existsSync(start)) walk(start, root.join('/'));
  }
  return out.sort();
}

function cmdFile(name: string, bytes: Buffer): string {
  const file = path.join(prefix.driveC, 'fixforge', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return file;
}

function programDataLog(name: string): string {
  const file = prefix.toUnixPath(`C:\\ProgramData\\FixForge-cmd-kb2328240\\${name}`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'latin1') : '';
}

beforeAll(async () => {
  requireWine();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-wine-build-'));
  const result = await build({ specs: ['spec/kb2328240.fix.ts'], outDir: out, cwd: repoRoot, targets: ['module', 'cmd'] });
  expect(result.ok).toBe(true);
  const files = result.fixes[0].contents;
  machineCmd = files.get('cmd/kb2328240-machine-startup.cmd')!;
  userCmd = files.get('cmd/kb2328240-user-logon.cmd')!;
  moduleDir = path.join(result.fixes[0].outDir, 'module', 'FixForge.KB2328240');
  prefix = await createWinePrefix();
}, WINE_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prefix?.dispose();
});

describe('machine startup script', () => {
  it('empties every service-profile cache, keeps the folders and everything outside, exit 0', async () => {
    populate(inPrefix);
    const before = treeState(inPrefix);
    const file = cmdFile('kb2328240-machine-startup.cmd', machineCmd);
    const first = await prefix.runCmd(file);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    const after = treeState(inPrefix);
    for (const root of SERVICE_ROOTS) {
      for (const part of ['Content', 'MetaData']) {
        const dir = inPrefix([...root, ...CACHE, part]);
        expect(fs.existsSync(dir)).toBe(true);
        expect(fs.readdirSync(dir)).toEqual([]);
      }
      expect(fs.existsSync(inPrefix([...root, ...CACHE, 'keep-next-to-content.txt']))).toBe(true);
      expect(fs.existsSync(inPrefix([...root, 'AppData', 'keep.txt']))).toBe(true);
    }
    expect(after.length).toBeLessThan(before.length);
    expect(programDataLog('kb2328240-machine.log')).toMatch(/finished with exit code 0/);

    const second = await prefix.runCmd(file);
    expect(second.exitCode).toBe(0);
    expect(treeState(inPrefix)).toEqual(after);
  });

  it('reports items it could not delete with exit 2 and still empties the rest', async () => {
    populate(inPrefix);
    const locked = inPrefix(['ServiceProfiles', 'LocalService', ...CACHE, 'Content', 'plain.bin']);
    // An immutable file refuses deletion even for root: the closest thing to a file in use.
    const chattr = spawnSync('chattr', ['+i', locked]);
    expect(chattr.status).toBe(0);
    try {
      const r = await prefix.runCmd(cmdFile('kb2328240-machine-startup.cmd', machineCmd));
      expect(r.exitCode).toBe(2);
      expect(fs.readdirSync(path.dirname(locked))).toEqual(['plain.bin']);
      expect(fs.readdirSync(inPrefix(['ServiceProfiles', 'NetworkService', ...CACHE, 'Content']))).toEqual([]);
      expect(programDataLog('kb2328240-machine.log')).toMatch(/1 item\(s\) could not be deleted/);
    } finally {
      spawnSync('chattr', ['-i', locked]);
    }
  });
});

describe('user logon script', () => {
  it('runs %SystemRoot%\\System32\\certutil.exe -urlcache * delete by full path, exit 0', async () => {
    const recorder = await prefix.installRecorder('C:\\windows\\system32\\certutil.exe');
    recorder.clear();
    recorder.setExit(0);
    const r = await prefix.runCmd(cmdFile('kb2328240-user-logon.cmd', userCmd));
    expect(r.exitCode).toBe(0);
    const calls = recorder.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0].args).toEqual(['-urlcache', '*', 'delete']);
    expect(calls[0].exe.toLowerCase()).toBe('c:\\windows\\system32\\certutil.exe');
  });

  it.each([5, -2147024891])('passes a failing certutil exit code (%i) on as exit 1 and logs it', async (code) => {
    const recorder = await prefix.installRecorder('C:\\windows\\system32\\certutil.exe');
    recorder.clear();
    recorder.setExit(code);
    const r = await prefix.runCmd(cmdFile('kb2328240-user-logon.cmd', userCmd));
    expect(r.exitCode).toBe(1);
    expect(recorder.calls()).toHaveLength(1);
    expect(findUserLog()).toMatch(new RegExp(`failed with exit code ${code}`));
  });
});

function findUserLog(): string {
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'kb2328240-user.log') hits.push(fs.readFileSync(p, 'latin1'));
    }
  };
  walk(path.join(prefix.driveC, 'users'));
  return hits.join('\n');
}

describe('cross-target equivalence', () => {
  it('the module Repair in pwsh and the machine .cmd in wine leave identical trees', async () => {
    const pwsh = path.join(repoRoot, '.tools', 'pwsh', 'pwsh');
    expect(fs.existsSync(pwsh)).toBe(true);
    // The same fake tree twice: one inside the wine prefix, one on the host for pwsh.
    fs.rmSync(inPrefix(['ServiceProfiles']), { recursive: true, force: true });
    for (const root of SERVICE_ROOTS.slice(2)) fs.rmSync(inPrefix([...root, 'AppData']), { recursive: true, force: true });
    populate(inPrefix);
    const hostWindows = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-equiv-'));
    populate(onHost(hostWindows));
    expect(treeState(onHost(hostWindows))).toEqual(treeState(inPrefix));

    const r = await prefix.runCmd(cmdFile('kb2328240-machine-startup.cmd', machineCmd));
    expect(r.exitCode).toBe(0);

    const script = [
      "$ErrorActionPreference = 'Stop'",
      `Import-Module '${path.join(moduleDir, 'FixForge.KB2328240.psd1')}'`,
      `$r = Repair-CapiRootListCache -Context System -WindowsDirectory '${hostWindows}' -DataDirectory '${path.join(hostWindows, '.data')}' -Confirm:$false`,
      'if ($r.Status -ne "Repaired") { throw "status $($r.Status)" }',
    ].join('\n');
    const p = spawnSync(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8' });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    fs.rmSync(path.join(hostWindows, '.data'), { recursive: true, force: true });
    expect(treeState(onHost(hostWindows))).toEqual(treeState(inPrefix));
    fs.rmSync(hostWindows, { recursive: true, force: true });
  });
});
