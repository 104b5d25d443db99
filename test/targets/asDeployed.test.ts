/**
 * The KB's Intune and GPO scripts started the way Intune and gpscript start them (issue 17): the
 * script file with no parameters (psscripts.ini's 0Parameters is empty; Intune passes none), the
 * machine's folders from the process environment (windir, ProgramData, USERPROFILE,
 * LOCALAPPDATA) pointing at a fake tree, and the token of the account each runs as. What Linux
 * pwsh lacks is stood in for by the engine's own small functions only (test/support/processFakes:
 * the process role, the profile list, the data folder's ACL calls) and the Get-WinEvent stub.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { compileOnly } from '../support/compile';
import { describeWithPwsh, pwshPath } from '../support/pwsh';
import type { BuiltFix } from '../../generator/pipeline/compile';
import { WINEVENT_STUB } from './winEventStub';

const SPEC = 'spec/kb2328240.fix.ts';
const GPO = 'gpo/Machine/Scripts/Startup/kb2328240-machine-startup.ps1';

let fix: BuiltFix;
beforeAll(async () => {
  const result = await compileOnly([SPEC]);
  expect(result.ok).toBe(true);
  fix = result.fixes[0];
}, 120_000);

describeWithPwsh('the KB scripts as Intune and gpscript start them', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-deployed-'));
    for (const p of ['intune/detect.ps1', 'intune/remediate.ps1', 'intune/user/detect.ps1', 'intune/user/remediate.ps1', GPO]) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), fix.contents.get(p)!);
    }
    fs.writeFileSync(path.join(dir, 'stub.ps1'), WINEVENT_STUB);
    // psscripts.ini gives the startup script no parameters.
    expect(fix.contents.get('gpo/Machine/Scripts/psscripts.ini')!.toString('utf16le')).toContain('0Parameters=\r\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A machine: Windows with the service profiles' caches, two users' profiles with theirs, certutil. */
  function machine(): { tree: string; system: string[]; users: string[]; certutilLog: string } {
    const tree = fs.mkdtempSync(path.join(dir, 'm-'));
    const system: string[] = [];
    const users: string[] = [];
    for (const step of fix.ir.repair) {
      if (step.kind !== 'clearFolderContents') continue;
      for (const l of step.locations) {
        const root = fix.ir.roots.find((r) => r.id === l.root)!;
        const bases = root.location.kind === 'windows' ? [path.join(tree, 'Windows', ...root.location.path.split('\\'))] : ['alice', 'bob'].map((u) => path.join(tree, 'Users', u));
        for (const base of bases) {
          const folder = path.join(base, ...l.folder.split('\\'));
          fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
          fs.writeFileSync(path.join(folder, 'ABCDEF'), Buffer.from('http://x/authrootstl.cab', 'utf16le'));
          fs.writeFileSync(path.join(folder, 'sub', 'nested'), 'x');
          (root.location.kind === 'windows' ? system : users).push(folder);
        }
      }
    }
    const certutilLog = path.join(tree, 'certutil.log');
    const certutil = path.join(tree, 'Windows', 'System32', 'certutil.exe');
    fs.mkdirSync(path.dirname(certutil), { recursive: true });
    fs.writeFileSync(certutil, `#!/bin/sh\necho "$*" >> '${certutilLog}'\nexit 0\n`, { mode: 0o755 });
    fs.mkdirSync(path.join(tree, 'ProgramData'), { recursive: true });
    return { tree, system, users, certutilLog };
  }

  /** `powershell.exe -NoProfile -ExecutionPolicy Bypass -File <script>`, as Intune's agent and gpscript do; as SYSTEM or alice. */
  function start(script: string, tree: string, as: 'System' | 'User', mode: 'found' | 'none') {
    const alice = path.join(tree, 'Users', 'alice');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      windir: path.join(tree, 'Windows'),
      ProgramData: path.join(tree, 'ProgramData'),
      // SYSTEM's own profile is the LocalSystem one; a user's is theirs.
      USERPROFILE: as === 'System' ? path.join(tree, 'Windows', 'System32', 'config', 'systemprofile') : alice,
      LOCALAPPDATA: as === 'System' ? path.join(tree, 'Windows', 'System32', 'config', 'systemprofile', 'AppData', 'Local') : path.join(alice, 'AppData', 'Local'),
      USERNAME: as === 'System' ? 'HOST$' : 'alice',
      FF_FAKE_ROLE: as,
      FF_FAKE_PROFILES: ['alice', 'bob'].map((u) => path.join(tree, 'Users', u)).join(';'),
      FF_FAKE_TRUSTED_OWNER: '1',
    };
    const r = spawnSync(pwshPath()!, ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', path.join(dir, 'stub.ps1'), '-Script', path.join(dir, script), '-Mode', mode, '-AsDeployed'], {
      encoding: 'utf8',
      timeout: 120_000,
      env,
    });
    const lines = r.stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
    return { status: r.status, stderr: r.stderr, lines, last: lines[lines.length - 1] ?? '' };
  }

  const emptied = (folders: string[]) => folders.filter((f) => fs.readdirSync(f).length === 0);

  it('Intune, system package: detect.ps1 finds the event and, as SYSTEM, reads every profile (exit 1); remediate.ps1 empties the machine\'s and every user\'s caches (exit 0)', () => {
    const { tree, system, users, certutilLog } = machine();
    const detect = start('intune/detect.ps1', tree, 'System', 'found');
    expect(detect).toMatchObject({ status: 1, stderr: '' });
    expect(detect.lines).toHaveLength(1);
    expect(detect.last).toMatch(/^kb2328240 detect \(system\): DETECTED: /);
    expect(detect.last).toContain('Evidence: A cached copy of the third-party root list is present.');
    const remediate = start('intune/remediate.ps1', tree, 'System', 'none');
    expect(remediate).toMatchObject({ status: 0, stderr: '' });
    expect(remediate.last).toMatch(/^kb2328240 remediate \(system\): REMEDIATED: Repaired, \d+ change\(s\), 0 problem\(s\)/);
    expect(emptied(system)).toEqual(system);
    expect(emptied(users)).toEqual(users);
    // The current user's step is not SYSTEM's: certutil did not run for LocalSystem.
    expect(fs.existsSync(certutilLog)).toBe(false);
    // SYSTEM keeps its log in ProgramData.
    expect(fs.readFileSync(path.join(tree, 'ProgramData', 'FixForge', 'kb2328240', 'kb2328240.log'), 'utf8')).toContain('remediate (system): REMEDIATED');
  });

  it('Intune, user package: as the signed-in user, only the user\'s own step runs and the state stays in the user\'s profile', () => {
    const { tree, system, users, certutilLog } = machine();
    const detect = start('intune/user/detect.ps1', tree, 'User', 'none');
    expect(detect).toMatchObject({ status: 0, stderr: '' });
    const remediate = start('intune/user/remediate.ps1', tree, 'User', 'none');
    expect(remediate).toMatchObject({ status: 0, stderr: '' });
    expect(remediate.last).toMatch(/REMEDIATED: Repaired, 1 change\(s\), 0 problem\(s\)/);
    expect(fs.readFileSync(certutilLog, 'utf8').trim()).toBe('-urlcache * delete');
    expect(emptied(system)).toEqual([]);
    expect(emptied(users)).toEqual([]);
    expect(fs.existsSync(path.join(tree, 'Users', 'alice', 'AppData', 'Local', 'FixForge', 'kb2328240', 'kb2328240.log'))).toBe(true);
    expect(fs.existsSync(path.join(tree, 'ProgramData', 'FixForge'))).toBe(false);
  });

  it('GPO startup script (gpscript, as SYSTEM): detects, repairs the machine and every profile, exit 0', () => {
    const { tree, system, users } = machine();
    const r = start(GPO, tree, 'System', 'found');
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.lines).toHaveLength(1);
    expect(r.last).toMatch(/^kb2328240 gpo startup: Repaired, \d+ change\(s\), 0 problem\(s\)/);
    expect(emptied(system)).toEqual(system);
    expect(emptied(users)).toEqual(users);
  });
});
