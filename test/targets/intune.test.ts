/**
 * The Intune target, byte by byte: pure ASCII, CRLF, no BOM; the one-summary-line contract; the
 * Graph bodies computed from the final (signed) bytes; and, in real PowerShell, the exit codes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { compileOnly, repoRoot } from '../support/compile';
import { describeWithPwsh, pwshPath } from '../support/pwsh';
import type { ArtifactSigner, BuiltFix } from '../../generator/pipeline/compile';
import type { EncodedFile } from '../../generator/pipeline/encode/encodeArtifact';
import { WINEVENT_STUB as STUB } from './winEventStub';

const SPEC = 'spec/kb2328240.fix.ts';
const SCRIPTS = ['intune/detect.ps1', 'intune/remediate.ps1', 'intune/user/detect.ps1', 'intune/user/remediate.ps1'];
const SIGNATURE = Buffer.from('\r\n# SIG # Begin signature block\r\n# FAKE\r\n# SIG # End signature block\r\n', 'ascii');

/** Appends a fixed block to every .ps1: proves the Graph bodies see the bytes after signing. */
const fakeSigner: ArtifactSigner = {
  canSign: (file: EncodedFile) => file.path.endsWith('.ps1'),
  sign: async (file: EncodedFile) => Buffer.concat([file.bytes, SIGNATURE]),
};

async function compileFix(signer?: ArtifactSigner): Promise<BuiltFix> {
  const result = await compileOnly([SPEC], { signer });
  expect(result.diagnostics.filter((d) => d.category === 'error')).toEqual([]);
  expect(result.ok).toBe(true);
  return result.fixes[0];
}

function file(fix: BuiltFix, p: string): Buffer {
  const bytes = fix.contents.get(p);
  if (!bytes) throw new Error(`${p} was not emitted`);
  return bytes;
}

function graphBody(fix: BuiltFix, p: string): Record<string, unknown> {
  return JSON.parse(file(fix, p).toString('utf8')) as Record<string, unknown>;
}

let unsigned: BuiltFix;
let signed: BuiltFix;
beforeAll(async () => {
  unsigned = await compileFix();
  signed = await compileFix(fakeSigner);
});

describe('intune scripts', () => {
  it.each(SCRIPTS)('%s is pure ASCII, without BOM, CRLF only', (p) => {
    const bytes = file(unsigned, p);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(bytes[0]).not.toBe(0xff);
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const text = bytes.toString('ascii');
    expect(text).not.toMatch(/(^|[^\r])\n/);
    expect(text).not.toMatch(/\r(?!\n)/);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it.each(SCRIPTS)('%s ends with the one summary line, then the exit code, and carries the WOW64 guard', (p) => {
    const text = file(unsigned, p).toString('ascii');
    const lines = text.split('\r\n').filter((l) => l.trim() !== '');
    expect(lines.slice(-3)).toEqual(['Write-Output $ffSummary', 'exit $ffExitCode', '#endregion']);
    // The Constrained Language Mode check comes first, then the WOW64 guard, both before the engine.
    const clm = text.indexOf("if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {");
    const guard = text.indexOf('if ($env:PROCESSOR_ARCHITEW6432 -and (Test-Path -LiteralPath $ffNativePowerShell)) {');
    expect(clm).toBeGreaterThan(0);
    expect(guard).toBeGreaterThan(clm);
    expect(text.indexOf('#region Fix definition')).toBeGreaterThan(guard);
    expect(text).toContain('$ffNativePowerShell = "$env:windir\\Sysnative\\WindowsPowerShell\\v1.0\\powershell.exe"');
    expect(text).toContain('& $ffNativePowerShell -NoProfile -ExecutionPolicy Bypass -File $MyInvocation.MyCommand.Path');
    // The old guard read a start failure as success.
    expect(text).not.toContain('.MyCommand.Path; exit $LASTEXITCODE');
    expect(text).toContain('if ($LASTEXITCODE -is [int]) { exit $LASTEXITCODE }');
    // The summary is bounded and in characters the console can write; nothing goes to the other streams.
    expect(text).toContain('if ($line.Length -gt 2000) {');
    expect(text).toContain("$line = $line.Substring(0, $cut) + '...'");
    expect(text).toContain('$script:Strings = Select-FfStrings -Tables $script:FfStringTables');
    expect(text).not.toMatch(/\b(Write-Host|Write-Error|Write-Warning|Restart-Computer|shutdown(\.exe)?)\b/i);
    expect(text).toContain('#Requires -Version 5.1');
  });

  it('pairs the contexts: SYSTEM runs System and EveryUser, the user pair CurrentUser', () => {
    expect(file(unsigned, 'intune/remediate.ps1').toString('ascii')).toContain("-Context @('System', 'EveryUser') -Confirm:$false");
    expect(file(unsigned, 'intune/user/remediate.ps1').toString('ascii')).toContain("-Context @('CurrentUser') -Confirm:$false");
  });
});

describe('intune Graph bodies', () => {
  const bodies = [
    { path: 'intune/deviceHealthScript.json', folder: 'intune', runAs: 'system' },
    { path: 'intune/deviceHealthScript.user.json', folder: 'intune/user', runAs: 'user' },
  ];

  it.each(bodies)('$path sets every flag explicitly and carries the exact script bytes', ({ path: p, folder, runAs }) => {
    const body = graphBody(unsigned, p);
    expect(Object.keys(body)).toEqual([
      '@odata.type',
      'displayName',
      'description',
      'publisher',
      'version',
      'detectionScriptContent',
      'remediationScriptContent',
      'runAsAccount',
      'enforceSignatureCheck',
      'runAs32Bit',
    ]);
    expect(body['@odata.type']).toBe('#microsoft.graph.deviceHealthScript');
    expect(body.runAsAccount).toBe(runAs);
    expect(body.runAs32Bit).toBe(false);
    expect(body.enforceSignatureCheck).toBe(false);
    expect(Buffer.from(body.detectionScriptContent as string, 'base64').equals(file(unsigned, `${folder}/detect.ps1`))).toBe(true);
    expect(Buffer.from(body.remediationScriptContent as string, 'base64').equals(file(unsigned, `${folder}/remediate.ps1`))).toBe(true);
  });

  it.each(bodies)('$path is computed from the signed bytes when signing is on', ({ path: p, folder }) => {
    const body = graphBody(signed, p);
    const detect = file(signed, `${folder}/detect.ps1`);
    const remediate = file(signed, `${folder}/remediate.ps1`);
    expect(detect.subarray(-SIGNATURE.length).equals(SIGNATURE)).toBe(true);
    expect(Buffer.from(body.detectionScriptContent as string, 'base64').equals(detect)).toBe(true);
    expect(Buffer.from(body.remediationScriptContent as string, 'base64').equals(remediate)).toBe(true);
    expect(body.enforceSignatureCheck).toBe(true);
    expect(body.runAs32Bit).toBe(false);
    const built = signed.files.find((f) => f.path === p);
    expect(built?.signed).toBe(false);
    // SHA256SUMS covers the bodies too.
    expect(file(signed, 'SHA256SUMS').toString('utf8')).toContain(p);
  });

  it('assign.json is the example group assignment, daily at 09:00 local time', () => {
    expect(JSON.parse(file(unsigned, 'intune/assign.json').toString('utf8'))).toEqual({
      deviceHealthScriptAssignments: [
        {
          target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '<group-id>' },
          runRemediationScript: true,
          runSchedule: { '@odata.type': '#microsoft.graph.deviceHealthScriptDailySchedule', interval: 1, time: '09:00:00.0000000', useUtc: false },
        },
      ],
    });
  });

  it('the README explains upload, exit codes and logs', () => {
    const readme = file(unsigned, 'intune/README.md').toString('utf8');
    expect(readme).toContain('POST https://graph.microsoft.com/beta/deviceManagement/deviceHealthScripts');
    expect(readme).toContain('/assign');
    expect(readme).toMatch(/exit \*\*1\*\*/);
    expect(readme).toMatch(/exit \*\*3\*\*, changing nothing, when PowerShell runs in Constrained Language Mode/);
    expect(readme).toMatch(/exit \*\*4\*\* when started as 32-bit PowerShell/);
    // Intune shows the detection's output before and after remediation, not the remediation's stdout.
    expect(readme).toContain('*Pre-remediation detection output*');
    expect(readme).toContain('*post-remediation detection output*');
    expect(readme).toContain("The remediation's own\n  summary line is not among those columns");
    expect(readme).not.toContain('Intune shows it as the\n  pre- or post-remediation output');
    expect(readme).toContain('%ProgramData%\\FixForge\\kb2328240\\kb2328240.log');
    expect(file(unsigned, 'README.md').toString('utf8')).toContain('intune/deviceHealthScript.json');
  });
});

const pwsh = pwshPath();

/** The Get-WinEvent stub: one matching CAPI2 event, or "no events" the way the cmdlet says it. */


describeWithPwsh('intune scripts in PowerShell', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-intune-'));
    for (const p of SCRIPTS) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), file(unsigned, p));
    }
    fs.writeFileSync(path.join(dir, 'stub.ps1'), STUB);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(script: string, mode: 'found' | 'none' | 'broken', tree: string, options: { clm?: boolean; env?: NodeJS.ProcessEnv } = {}) {
    const r = spawnSync(
      pwsh!,
      ['-NoProfile', '-NonInteractive', '-File', path.join(dir, 'stub.ps1'), '-Script', path.join(dir, script), '-Mode', mode,
        '-WindowsDirectory', path.join(tree, 'Windows'), '-ProfileDirectory', path.join(tree, 'Users', 'alice'), '-DataDirectory', path.join(tree, 'data'),
        ...(options.clm ? ['-Clm'] : [])],
      // The token Intune gives each package: SYSTEM for the system scripts, the signed-in user for user/.
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, FF_FAKE_ROLE: script.includes('/user/') ? 'User' : 'System', ...options.env } },
    );
    const lines = r.stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
    return { status: r.status, stderr: r.stderr, lines, last: lines[lines.length - 1] ?? '' };
  }

  /** Every cache folder the system steps empty, under a fake Windows directory and one profile. */
  function fakeTree(): { tree: string; folders: string[] } {
    const tree = fs.mkdtempSync(path.join(dir, 'tree-'));
    const ir = unsigned.ir;
    const folders: string[] = [];
    for (const step of ir.repair) {
      if (step.kind !== 'clearFolderContents') continue;
      for (const l of step.locations) {
        const root = ir.roots.find((r) => r.id === l.root)!;
        const base =
          root.location.kind === 'windows' ? path.join(tree, 'Windows', ...root.location.path.split('\\')) : path.join(tree, 'Users', 'alice');
        const folder = path.join(base, ...l.folder.split('\\'));
        fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
        fs.writeFileSync(path.join(folder, 'ABCDEF'), Buffer.from('http://x/authrootstl.cab', 'utf16le'));
        fs.writeFileSync(path.join(folder, 'sub', 'nested'), 'x');
        folders.push(folder);
      }
    }
    return { tree, folders };
  }

  it.each(SCRIPTS)('%s parses without errors', (p) => {
    const r = spawnSync(
      pwsh!,
      ['-NoProfile', '-NonInteractive', '-Command',
        `$t = $null; $e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile('${path.join(dir, p)}', [ref]$t, [ref]$e); $e.Count`],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('0');
  });

  it('detect.ps1 exits 1 with a DETECTED summary as its last line when the event is there', () => {
    const r = run('intune/detect.ps1', 'found', fakeTree().tree);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.last).toMatch(/^kb2328240 detect \(system\): DETECTED: CAPI2 could not extract/);
    expect(r.last).toContain('Hint: The download was not a cabinet file');
    expect(r.last.length).toBeLessThan(2048);
    expect(r.last).toMatch(/^[\x20-\x7e]+$/);
  });

  it('detect.ps1 exits 0 with a CLEAN summary when there are no events', () => {
    const r = run('intune/detect.ps1', 'none', fakeTree().tree);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.last).toMatch(/^kb2328240 detect \(system\): CLEAN: No CAPI2 root list extraction errors/);
    // The cached list in the fake tree is evidence only: reported, not deciding.
    expect(r.last).toContain('Evidence: A cached copy of the third-party root list is present.');
  });

  it('detect.ps1 exits 1 with an ERROR summary, not a false clean, when the log cannot be read', () => {
    const r = run('intune/detect.ps1', 'broken', fakeTree().tree);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.last).toMatch(/^kb2328240 detect \(system\): ERROR: detection failed: capi2RootListEvent: The event log service is not available\./);
  });

  it('user/detect.ps1 follows the same contract', () => {
    expect(run('intune/user/detect.ps1', 'found', fakeTree().tree)).toMatchObject({ status: 1, stderr: '' });
    expect(run('intune/user/detect.ps1', 'none', fakeTree().tree)).toMatchObject({ status: 0, stderr: '' });
  });

  it('remediate.ps1 empties the caches of a fake tree, re-checks and exits 0', () => {
    const { tree, folders } = fakeTree();
    const r = run('intune/remediate.ps1', 'none', tree);
    expect(r.stderr).toBe('');
    expect(r.lines).toHaveLength(1);
    expect(r.last).toMatch(/^kb2328240 remediate \(system\): REMEDIATED: Repaired, \d+ change\(s\), 0 problem\(s\); No CAPI2 root list extraction errors/);
    expect(r.status).toBe(0);
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      expect(fs.existsSync(folder)).toBe(true);
      expect(fs.readdirSync(folder)).toEqual([]);
    }
    const log = fs.readFileSync(path.join(tree, 'data', 'kb2328240.log'), 'utf8');
    expect(log).toContain('kb2328240 remediate (system): REMEDIATED');
  });

  it('remediate.ps1 exits 1 when the problem is still detected afterwards', () => {
    const r = run('intune/remediate.ps1', 'found', fakeTree().tree);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.last).toMatch(/^kb2328240 remediate \(system\): NOT REMEDIATED: Repaired, \d+ change\(s\), 0 problem\(s\); still detected:/);
  });
  it.each(['intune/detect.ps1', 'intune/remediate.ps1'])('%s stops first in Constrained Language Mode: exit 3, one ERROR line, nothing changed', (p) => {
    const { tree, folders } = fakeTree();
    const r = run(p, 'found', tree, { clm: true });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
    expect(r.lines).toHaveLength(1);
    expect(r.last).toMatch(/^kb2328240 (detect|remediate) \(system\): ERROR: PowerShell runs in ConstrainedLanguage mode .*publisher rule/);
    for (const folder of folders) expect(fs.readdirSync(folder).length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(tree, 'data'))).toBe(false);
  });

  /** A fake %windir% whose Sysnative PowerShell is `body` (a shell script), or a file that cannot start. */
  function fakeNativePowerShell(body: string | undefined): NodeJS.ProcessEnv {
    const windir = fs.mkdtempSync(path.join(dir, 'windir-'));
    const exe = path.join(windir, 'Sysnative', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    fs.mkdirSync(path.dirname(exe), { recursive: true });
    if (body === undefined) fs.writeFileSync(exe, 'MZ not a program', { mode: 0o644 });
    else fs.writeFileSync(exe, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return { PROCESSOR_ARCHITEW6432: 'AMD64', windir };
  }

  it.each(['intune/detect.ps1', 'intune/remediate.ps1'])('%s as 32-bit: a 64-bit PowerShell that cannot start is exit 4 with one ERROR line, never clean', (p) => {
    const { tree, folders } = fakeTree();
    const r = run(p, 'none', tree, { env: fakeNativePowerShell(undefined) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(4);
    expect(r.lines).toHaveLength(1);
    expect(r.last).toMatch(/^kb2328240 (detect|remediate) \(system\): ERROR: the 64-bit PowerShell \(.*powershell\.exe\) could not be started: .+ Nothing was checked or changed\.$/);
    expect(r.last).toMatch(/^[\x20-\x7e]+$/);
    for (const folder of folders) expect(fs.readdirSync(folder).length).toBeGreaterThan(0);
  });

  it('as 32-bit, the 64-bit run does the work: its output and exit code pass through', () => {
    const failing = run('intune/detect.ps1', 'none', fakeTree().tree, { env: fakeNativePowerShell('echo "kb2328240 detect (system): DETECTED: from the 64-bit run $*"\nexit 1') });
    expect(failing).toMatchObject({ status: 1, stderr: '' });
    expect(failing.last).toMatch(/^kb2328240 detect \(system\): DETECTED: from the 64-bit run -NoProfile -ExecutionPolicy Bypass -File .*detect\.ps1$/);
    const clean = run('intune/detect.ps1', 'found', fakeTree().tree, { env: fakeNativePowerShell('echo "CLEAN from the 64-bit run"\nexit 0') });
    expect(clean).toMatchObject({ status: 0, stderr: '', last: 'CLEAN from the 64-bit run' });
  });
  it('remediate.ps1 exits 1, NOT REMEDIATED, when a step refuses a linked folder, and the link target survives', () => {
    const { tree, folders } = fakeTree();
    const outside = fs.mkdtempSync(path.join(dir, 'outside-'));
    fs.writeFileSync(path.join(outside, 'sentinel'), 'keep');
    fs.rmSync(folders[0], { recursive: true, force: true });
    fs.symlinkSync(outside, folders[0], 'dir');
    const r = run('intune/remediate.ps1', 'none', tree);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.last).toMatch(/^kb2328240 remediate \(system\): NOT REMEDIATED: /);
    expect(fs.readFileSync(path.join(outside, 'sentinel'), 'utf8')).toBe('keep');
  });
});
