/**
 * The Group Policy target, byte by byte: ini files as Windows writes them (UTF-16LE with BOM,
 * CRLF, paired keys), the .cmd files identical to the cmd target's, the PowerShell startup script
 * 2.0-safe; and the ini escaping module.
 */
import { compileOnly } from '../support/compile';
import type { BuiltFix } from '../../generator/pipeline/compile';
import { emitCmd } from '../../generator/emit/cmd/emitCmd';
import { encodeArtifact } from '../../generator/pipeline/encode/encodeArtifact';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkPs2Compatibility, describeWithPwsh, pwshPath } from '../support/pwsh';
import { emitGpo } from '../../generator/emit/gpo/emitGpo';
import { WINEVENT_STUB } from './winEventStub';
import { INI_COMMAND_LINE_MAX, iniCommandLine, iniCommandLineRefusal, iniValue, iniValueRefusal } from '../../generator/vocabulary/escape/ini';
import { CannotCarryError } from '../../generator/vocabulary/escape/refusal';

const SPEC = 'spec/kb2328240.fix.ts';
const INIS = ['gpo/Machine/Scripts/scripts.ini', 'gpo/Machine/Scripts/psscripts.ini', 'gpo/User/Scripts/scripts.ini'];

let fix: BuiltFix;
beforeAll(async () => {
  const result = await compileOnly([SPEC]);
  expect(result.ok).toBe(true);
  fix = result.fixes[0];
});

function file(p: string): Buffer {
  const bytes = fix.contents.get(p);
  if (!bytes) throw new Error(`${p} was not emitted`);
  return bytes;
}

/** Sections of an ini file, in order, each with its key=value lines in order. */
function parseIni(bytes: Buffer): { name: string; entries: [string, string][] }[] {
  expect(bytes[0]).toBe(0xff);
  expect(bytes[1]).toBe(0xfe);
  const text = bytes.subarray(2).toString('utf16le');
  expect(Buffer.from(text, 'utf16le').equals(bytes.subarray(2))).toBe(true);
  expect(text).not.toMatch(/(^|[^\r])\n/);
  expect(text).not.toMatch(/\r(?!\n)/);
  expect(text.endsWith('\r\n')).toBe(true);
  const sections: { name: string; entries: [string, string][] }[] = [];
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      sections.push({ name: header[1], entries: [] });
      continue;
    }
    const eq = line.indexOf('=');
    expect(eq).toBeGreaterThan(0);
    sections[sections.length - 1].entries.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return sections;
}

/** Script entries must come in 0CmdLine/0Parameters pairs numbered from 0. */
function expectPairs(entries: [string, string][]): void {
  expect(entries.length % 2).toBe(0);
  for (let i = 0; i < entries.length / 2; i++) {
    expect(entries[2 * i][0]).toBe(`${i}CmdLine`);
    expect(entries[2 * i + 1][0]).toBe(`${i}Parameters`);
    expect(entries[2 * i][1].length).toBeGreaterThan(0);
    expect(entries[2 * i][1].length).toBeLessThan(260);
  }
}

describe('gpo ini files', () => {
  it.each(INIS)('%s is UTF-16LE with BOM and CRLF', (p) => {
    parseIni(file(p));
  });

  it('Machine/Scripts/scripts.ini starts the machine .cmd', () => {
    const sections = parseIni(file('gpo/Machine/Scripts/scripts.ini'));
    expect(sections).toEqual([{ name: 'Startup', entries: [['0CmdLine', 'kb2328240-machine-startup.cmd'], ['0Parameters', '']] }]);
    expectPairs(sections[0].entries);
  });

  it('Machine/Scripts/psscripts.ini starts the .ps1 first', () => {
    const sections = parseIni(file('gpo/Machine/Scripts/psscripts.ini'));
    expect(sections).toEqual([
      { name: 'Startup', entries: [['0CmdLine', 'kb2328240-machine-startup.ps1'], ['0Parameters', '']] },
      { name: 'ScriptsConfig', entries: [['StartExecutePSFirst', 'true']] },
    ]);
    expectPairs(sections[0].entries);
  });

  it('User/Scripts/scripts.ini runs the logon .cmd', () => {
    const sections = parseIni(file('gpo/User/Scripts/scripts.ini'));
    expect(sections).toEqual([{ name: 'Logon', entries: [['0CmdLine', 'kb2328240-user-logon.cmd'], ['0Parameters', '']] }]);
    expectPairs(sections[0].entries);
  });

  it('every script an ini names is in the folder the ini implies', () => {
    expect(fix.contents.has('gpo/Machine/Scripts/Startup/kb2328240-machine-startup.cmd')).toBe(true);
    expect(fix.contents.has('gpo/Machine/Scripts/Startup/kb2328240-machine-startup.ps1')).toBe(true);
    expect(fix.contents.has('gpo/User/Scripts/Logon/kb2328240-user-logon.cmd')).toBe(true);
  });
});

describe('gpo scripts', () => {
  it('the .cmd files are byte-identical to the cmd target', () => {
    const cmd = new Map(emitCmd(fix.ir).map((a) => [a.path, encodeArtifact(a).bytes]));
    expect(file('gpo/Machine/Scripts/Startup/kb2328240-machine-startup.cmd').equals(cmd.get('cmd/kb2328240-machine-startup.cmd')!)).toBe(true);
    expect(file('gpo/User/Scripts/Logon/kb2328240-user-logon.cmd').equals(cmd.get('cmd/kb2328240-user-logon.cmd')!)).toBe(true);
    expect(file('gpo/Machine/Scripts/Startup/kb2328240-machine-startup.cmd').equals(file('cmd/kb2328240-machine-startup.cmd'))).toBe(true);
  });

  (pwshPath() || process.env.CI ? it : it.skip)('the startup .ps1 has no construct that PowerShell 2.0 lacks (PowerShell\'s own parser)', async () => {
    const p = 'gpo/Machine/Scripts/Startup/kb2328240-machine-startup.ps1';
    const bytes = file(p);
    const text = bytes[0] === 0xef ? bytes.subarray(3).toString('utf8') : bytes.toString('ascii');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-gpo-ps2-'));
    try {
      fs.writeFileSync(path.join(dir, 'startup.ps1'), bytes);
      expect(await checkPs2Compatibility([path.join(dir, 'startup.ps1')])).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(text).toContain('#Requires -Version 2.0');
    expect(text).toContain("-Context @('System', 'EveryUser') -Confirm:$false");
    expect(text).not.toMatch(/(^|[^\r])\n/);
  }, 120_000);

  it('DEPLOY.md says where the files go, how to trust the signer, and about the double run', () => {
    const deploy = file('gpo/DEPLOY.md').toString('utf8');
    expect(deploy).toContain('\\\\<domain>\\SYSVOL\\<domain>\\Policies\\{GPO-GUID}\\Machine\\Scripts\\Startup\\kb2328240-machine-startup.ps1');
    expect(deploy).toContain('Trusted Publishers');
    expect(deploy).toContain('Trusted Root Certification Authorities');
    expect(deploy).toContain('the System steps run twice');
    expect(deploy).toContain('%ProgramData%\\FixForge\\kb2328240\\kb2328240.log');
  });

  it('DEPLOY.md states how execution policy and application control apply to Group Policy scripts', () => {
    const deploy = file('gpo/DEPLOY.md').toString('utf8');
    expect(deploy).toContain('A Group Policy execution policy (**Turn on Script Execution**, the MachinePolicy and UserPolicy\nscopes) does **not** apply to Group Policy scripts');
    expect(deploy).toContain('HasGpScriptParent');
    expect(deploy).not.toContain('overrides `-ExecutionPolicy Bypass`;');
    expect(deploy).toMatch(/Constrained Language Mode[\s\S]*exits \*\*3\*\*/);
    expect(deploy).toContain('It runs the detection first');
  });
});

describeWithPwsh('the startup .ps1 in PowerShell', () => {
  const SCRIPT = 'gpo/Machine/Scripts/Startup/kb2328240-machine-startup.ps1';
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-gpo-'));
    fs.writeFileSync(path.join(dir, 'startup.ps1'), file(SCRIPT));
    // The same script rendered for an on-demand fix (no detection first).
    const onDemand = emitGpo(fix.ir, { detectFirst: false }).find((a) => a.path === SCRIPT)!;
    fs.writeFileSync(path.join(dir, 'on-demand.ps1'), encodeArtifact(onDemand).bytes);
    fs.writeFileSync(path.join(dir, 'stub.ps1'), WINEVENT_STUB);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The machine steps' cache folders under a fake Windows directory and one profile, each holding files. */
  function fakeTree(): { tree: string; folders: string[] } {
    const tree = fs.mkdtempSync(path.join(dir, 'tree-'));
    const folders: string[] = [];
    for (const step of fix.ir.repair) {
      if (step.kind !== 'clearFolderContents' || step.context === 'currentUser') continue;
      for (const l of step.locations) {
        const root = fix.ir.roots.find((r) => r.id === l.root)!;
        const base = root.location.kind === 'windows' ? path.join(tree, 'Windows', ...root.location.path.split('\\')) : path.join(tree, 'Users', 'alice');
        const folder = path.join(base, ...l.folder.split('\\'));
        fs.mkdirSync(folder, { recursive: true });
        fs.writeFileSync(path.join(folder, 'ABCDEF'), Buffer.from('http://x/authrootstl.cab', 'utf16le'));
        folders.push(folder);
      }
    }
    return { tree, folders };
  }

  function run(script: string, mode: 'found' | 'none' | 'broken', tree: string, clm = false) {
    const r = spawnSync(
      pwshPath()!,
      ['-NoProfile', '-NonInteractive', '-File', path.join(dir, 'stub.ps1'), '-Script', path.join(dir, script), '-Mode', mode,
        '-WindowsDirectory', path.join(tree, 'Windows'), '-ProfileDirectory', path.join(tree, 'Users', 'alice'), '-DataDirectory', path.join(tree, 'data'),
        ...(clm ? ['-Clm'] : [])],
      // gpscript runs startup scripts as SYSTEM.
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, FF_FAKE_ROLE: 'System' } },
    );
    const lines = r.stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
    return { status: r.status, stderr: r.stderr, lines, last: lines[lines.length - 1] ?? '' };
  }

  it('detects first: on a clean computer it changes nothing and exits 0', () => {
    const { tree, folders } = fakeTree();
    const r = run('startup.ps1', 'none', tree);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.lines).toHaveLength(1);
    expect(r.last).toMatch(/^kb2328240 gpo startup: CLEAN: .*; nothing repaired$/);
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) expect(fs.readdirSync(folder)).toEqual(['ABCDEF']);
  });

  it('repairs when the detection finds the problem, and exits 0', () => {
    const { tree, folders } = fakeTree();
    const r = run('startup.ps1', 'found', tree);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.last).toMatch(/^kb2328240 gpo startup: Repaired, \d+ change\(s\), 0 problem\(s\)/);
    for (const folder of folders) expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('a detection that cannot run is exit 1 with an ERROR line, and nothing is changed', () => {
    const { tree, folders } = fakeTree();
    const r = run('startup.ps1', 'broken', tree);
    expect(r).toMatchObject({ status: 1, stderr: '' });
    expect(r.last).toMatch(/^kb2328240 gpo startup: ERROR: detection failed: capi2RootListEvent: The event log service is not available\./);
    for (const folder of folders) expect(fs.readdirSync(folder)).toEqual(['ABCDEF']);
  });

  it('an on-demand fix (detectFirst: false) repairs without detecting', () => {
    const { tree, folders } = fakeTree();
    const r = run('on-demand.ps1', 'none', tree);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.last).toMatch(/^kb2328240 gpo startup: Repaired/);
    for (const folder of folders) expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('stops first in Constrained Language Mode: exit 3, one ERROR line, nothing changed', () => {
    const { tree, folders } = fakeTree();
    const r = run('startup.ps1', 'found', tree, true);
    expect(r).toMatchObject({ status: 3, stderr: '' });
    expect(r.lines).toHaveLength(1);
    expect(r.last).toMatch(/^kb2328240 gpo startup: ERROR: PowerShell runs in ConstrainedLanguage mode .*WDAC or AppLocker publisher rule/);
    for (const folder of folders) expect(fs.readdirSync(folder)).toEqual(['ABCDEF']);
    expect(fs.existsSync(path.join(tree, 'data'))).toBe(false);
  });
});

describe('ini escaping', () => {
  it('passes plain values through unchanged', () => {
    expect(iniValue('kb2328240-machine-startup.cmd')).toBe('kb2328240-machine-startup.cmd');
    expect(iniValue('')).toBe('');
    expect(iniValue('-Force "a b"')).toBe('-Force "a b"');
    expect(iniCommandLine('a.ps1')).toBe('a.ps1');
  });

  it.each([
    ['a\r\nb', /line break/],
    ['a\nb', /line break/],
    ['a\0b', /NUL/],
    [' a', /white space/],
    ['a\t', /white space/],
    ['"a b"', /quotes/],
    ["'a'", /quotes/],
  ])('refuses %j', (value, reason) => {
    expect(iniValueRefusal(value)).toMatch(reason);
    expect(() => iniValue(value)).toThrow(CannotCarryError);
  });

  it('refuses command lines that are empty or reach MAX_PATH', () => {
    expect(iniCommandLineRefusal('')).toMatch(/needs a command line/);
    expect(iniCommandLineRefusal('x'.repeat(INI_COMMAND_LINE_MAX))).toBeUndefined();
    expect(iniCommandLineRefusal('x'.repeat(INI_COMMAND_LINE_MAX + 1))).toMatch(/MAX_PATH/);
    expect(() => iniCommandLine('x'.repeat(260))).toThrow(CannotCarryError);
  });
});
