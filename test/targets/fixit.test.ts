/**
 * The fixit target: the portable "Fix it" folder. Built for KB 2328240 and, with fixit enabled in a
 * test-only copy of the IR, for every other fix in spec/; FixIt.ps1 run end to end in pwsh against a
 * fake tree with scripted answers (yes, no, -Quiet, nl-NL); FixIt.cmd in wine's cmd.exe with
 * recorders for powershell.exe and the elevation probes (see docs/wine-cmd-notes.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { compileOnly, validSpecs } from '../support/compile';
import { PROCESS_FAKES } from '../support/processFakes';
import { describeWithPwsh, pwshPath, ps2Checker } from '../support/pwsh';
import type { BuiltFix } from '../../generator/pipeline/compile';
import { emitFixit } from '../../generator/emit/fixit/emitFixit';
import { createWinePrefix, requireWine, WINE_SETUP_TIMEOUT_MS, type WinePrefix } from '../support/wine';

const SPEC = 'spec/kb2328240.fix.ts';

async function compileFix(spec: string): Promise<BuiltFix> {
  const result = await compileOnly([spec]);
  expect(result.diagnostics.filter((d) => d.category === 'error')).toEqual([]);
  expect(result.ok).toBe(true);
  return result.fixes[0];
}

function file(fix: BuiltFix, p: string): Buffer {
  const bytes = fix.contents.get(p);
  if (!bytes) throw new Error(`${p} was not emitted`);
  return bytes;
}

let kb: BuiltFix;
beforeAll(async () => {
  kb = await compileFix(SPEC);
}, 120_000);

describe('fixit folder', () => {
  it('has the launcher, the wizard, the .cmd fallback and the README', () => {
    const paths = [...kb.contents.keys()].filter((p) => p.startsWith('fixit/')).sort();
    expect(paths).toEqual(['fixit/FixIt.cmd', 'fixit/FixIt.ps1', 'fixit/README.txt', 'fixit/kb2328240-machine-startup.cmd', 'fixit/kb2328240-user-logon.cmd']);
    // The fallback is the cmd target's file, byte for byte.
    expect(file(kb, 'fixit/kb2328240-machine-startup.cmd').equals(file(kb, 'cmd/kb2328240-machine-startup.cmd'))).toBe(true);
    expect(file(kb, 'fixit/kb2328240-user-logon.cmd').equals(file(kb, 'cmd/kb2328240-user-logon.cmd'))).toBe(true);
  });

  it('FixIt.cmd is ASCII and CRLF, elevates, and starts the 64-bit PowerShell with the script', () => {
    const bytes = file(kb, 'fixit/FixIt.cmd');
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const text = bytes.toString('ascii');
    expect(text).not.toMatch(/(^|[^\r])\n/);
    // By full path: a net.bat or fltmc.exe in the current folder would answer first (issue 16).
    expect(text).toContain('"%SystemRoot%\\System32\\net.exe" session >nul 2>&1');
    expect(text).toContain('"%SystemRoot%\\System32\\fltmc.exe" >nul 2>&1');
    expect(text).toContain("Start-Process -FilePath ($env:SystemRoot + '\\System32\\cmd.exe') -ArgumentList $arguments -Verb RunAs -PassThru -Wait");
    expect(text).toContain('if exist "%SystemRoot%\\Sysnative\\WindowsPowerShell\\v1.0\\powershell.exe" set "FF_PS=%SystemRoot%\\Sysnative\\WindowsPowerShell\\v1.0\\powershell.exe"');
    expect(text).toContain('set "FF_PS1=%~dp0FixIt.ps1"');
    expect(text).toContain('"%FF_PS%" -NoProfile -ExecutionPolicy Bypass -File "%FF_PS1%" %FF_QUIET%');
    expect(text).toContain('"%SystemRoot%\\System32\\cmd.exe" /d /c "".\\kb2328240-machine-startup.cmd""');
    expect(text).toMatch(/rem Exit codes:\r\nrem   0  solved/);
  });

  it('FixIt.ps1 carries every culture: the string tables and the wizard texts', () => {
    const text = file(kb, 'fixit/FixIt.ps1').toString('utf8');
    expect(text).toContain('#Requires -Version 2.0');
    expect(text).toContain("'nl-NL' = @{");
    expect(text).toContain('Nu repareren? [J/N]');
    expect(text).toContain('Repair now? [Y/N]');
    // The wizard (generator/engine/FixIt.ps1) is called once with the fix's commands and contexts.
    expect(text).toContain("RepairCommand = 'Repair-CapiRootListCache'");
    expect(text).toContain("StatusCommand = 'Get-CapiRootListCacheStatus'");
    expect(text).toContain("Context = @('System', 'EveryUser', 'CurrentUser')");
    expect(text).toContain('exit (Invoke-FfFixIt @ffFixIt)');
    // Over-the-shoulder UAC: the current user's steps are left out, and said, never "solved" (issue 18.9).
    expect(text).toContain('$ffOtherUser = Get-FfOverTheShoulderUser');
    expect(text).toContain('& $RepairCommand @ffRepairParameters -Context $ffContexts -Confirm:$false');
    for (const code of ['0  solved', '1  not solved', '2  the person answered no', '3  PowerShell runs in Constrained Language Mode', '4  started as 32-bit']) expect(text).toContain(code);
  });

  it('README.txt says how to use it, also from a USB stick', () => {
    const text = file(kb, 'fixit/README.txt').toString('ascii');
    expect(text).toMatch(/^Fix it: KB 2328240\r\n/);
    expect(text).toContain('USB stick');
    expect(text).toContain('FixIt.cmd /quiet');
    expect(text).toContain('%ProgramData%\\FixForge\\kb2328240\\kb2328240.log');
  });

  it('builds deterministically', async () => {
    const again = await compileFix(SPEC);
    for (const p of [...kb.contents.keys()].filter((k) => k.startsWith('fixit/'))) expect(again.contents.get(p)!.equals(file(kb, p))).toBe(true);
  });
});

const pwsh = pwshPath();

describeWithPwsh('fixit in pwsh', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-fixit-'));
    fs.writeFileSync(path.join(dir, 'FixIt.ps1'), file(kb, 'fixit/FixIt.ps1'));
    fs.writeFileSync(path.join(dir, 'stub.ps1'), STUB);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([['kb2328240', () => kb] as const])('%s FixIt.ps1 parses and is Windows PowerShell 2.0-safe', (_name, fix) => {
    const p = path.join(dir, `check-${_name}.ps1`);
    fs.writeFileSync(p, file(fix(), 'fixit/FixIt.ps1'));
    expect(parseErrors(p)).toBe('0');
    const r = spawnSync(pwsh!, ['-NoProfile', '-NonInteractive', '-File', ps2Checker, '-Path', p], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each(validSpecs().filter((s) => /(^|\/)spec\/[^/]+\.fix\.ts$/.test(s.spec) && !s.spec.endsWith('kb2328240.fix.ts')))('$name with fixit enabled: FixIt.ps1 parses, 2.0-safe when it targets Windows 7', async ({ spec, name }) => {
    const fix = await compileFix(spec);
    const artifacts = emitFixit({ ...fix.ir, targets: { ...fix.ir.targets, fixit: {} } });
    const ps1 = artifacts.find((a) => a.path === 'fixit/FixIt.ps1')!;
    const p = path.join(dir, `check-${name.replace(/[^A-Za-z0-9-]/g, '_')}.ps1`);
    fs.writeFileSync(p, `\ufeff${ps1.text}`);
    expect(parseErrors(p)).toBe('0');
    if (fix.ir.appliesTo.some((v) => v === 'windows7' || v === 'server2008r2')) {
      expect(ps1.text).toContain('#Requires -Version 2.0');
      const r = spawnSync(pwsh!, ['-NoProfile', '-NonInteractive', '-File', ps2Checker, '-Path', p], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(artifacts.map((a) => a.path)).toEqual(expect.arrayContaining(['fixit/FixIt.cmd', 'fixit/FixIt.ps1', 'fixit/README.txt']));
  }, 120_000);

  function parseErrors(p: string): string {
    const r = spawnSync(pwsh!, ['-NoProfile', '-NonInteractive', '-Command',
      `$t = $null; $e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile('${p}', [ref]$t, [ref]$e); $e.Count`], { encoding: 'utf8' });
    return r.stdout.trim();
  }

  /** The cache folders the steps empty, a profile, and a certutil.exe stand-in that records its arguments. */
  function fakeTree(): { tree: string; folders: string[]; certutilLog: string } {
    const tree = fs.mkdtempSync(path.join(dir, 'tree-'));
    const ir = kb.ir;
    const folders: string[] = [];
    for (const step of ir.repair) {
      if (step.kind !== 'clearFolderContents') continue;
      for (const l of step.locations) {
        const root = ir.roots.find((r) => r.id === l.root)!;
        const base = root.location.kind === 'windows' ? path.join(tree, 'Windows', ...root.location.path.split('\\')) : path.join(tree, 'Users', 'alice');
        const folder = path.join(base, ...l.folder.split('\\'));
        fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
        fs.writeFileSync(path.join(folder, 'ABCDEF'), Buffer.from('http://x/authrootstl.cab', 'utf16le'));
        fs.writeFileSync(path.join(folder, 'sub', 'nested'), 'x');
        folders.push(folder);
      }
    }
    const certutilLog = path.join(tree, 'certutil.log');
    const certutil = path.join(tree, 'Windows', 'System32', 'certutil.exe');
    fs.mkdirSync(path.dirname(certutil), { recursive: true });
    fs.writeFileSync(certutil, `#!/bin/sh\necho "$*" >> '${certutilLog}'\nexit 0\n`, { mode: 0o755 });
    return { tree, folders, certutilLog };
  }

  function run(tree: string, options: { answers?: string; quiet?: boolean; culture?: string } = {}) {
    const r = spawnSync(
      pwsh!,
      ['-NoProfile', '-NonInteractive', '-File', path.join(dir, 'stub.ps1'), '-Script', path.join(dir, 'FixIt.ps1'), '-Culture', options.culture ?? 'en-US',
        '-WindowsDirectory', path.join(tree, 'Windows'), '-ProfileDirectory', path.join(tree, 'Users', 'alice'),
        '-CurrentUserProfile', path.join(tree, 'Users', 'alice'), '-DataDirectory', path.join(tree, 'data'),
        ...(options.answers !== undefined ? ['-Answers', options.answers] : []), ...(options.quiet ? ['-Quiet'] : [])],
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, FIXFORGE_FIXIT_ANSWERS: '', FF_FAKE_ROLE: 'Administrator' } },
    );
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  const nonEmpty = (folders: string[]) => folders.filter((f) => fs.readdirSync(f).length > 0);

  it('"yes" repairs every context, reports solved and the log, exit 0', () => {
    const { tree, folders, certutilLog } = fakeTree();
    const r = run(tree, { answers: 'y' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Fix it: CAPI2 event 4107 or 11');
    expect(r.stdout).toContain('Found:');
    expect(r.stdout).toContain('Repair now? [Y/N] y');
    expect(r.stdout).toMatch(/ {2}Succeeded: /);
    expect(r.stdout).toContain('Is the problem solved?');
    expect(r.stdout).toContain('Yes: the problem is solved.');
    expect(r.stdout).toContain(`Log: ${path.join(tree, 'data', 'kb2328240.log')}`);
    expect(r.status).toBe(0);
    expect(nonEmpty(folders)).toEqual([]);
    // The current user's step ran for the person running it.
    expect(fs.readFileSync(certutilLog, 'utf8').trim()).toBe('-urlcache * delete');
    expect(fs.readFileSync(path.join(tree, 'data', 'kb2328240.log'), 'utf8')).toMatch(/kb2328240 fixit: Repaired, .*; solved: True/);
  });

  it('"no" changes nothing, exit 2; an unknown answer is asked again', () => {
    const { tree, folders, certutilLog } = fakeTree();
    const r = run(tree, { answers: 'maybe,n' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Repair now? [Y/N] maybe');
    expect(r.stdout).toContain('Repair now? [Y/N] n');
    expect(r.stdout).toContain('Nothing was changed.');
    expect(r.stdout).not.toContain('Repairing...');
    expect(r.status).toBe(2);
    expect(nonEmpty(folders)).toEqual(folders);
    expect(fs.existsSync(certutilLog)).toBe(false);
  });

  it('-Quiet repairs without asking', () => {
    const { tree, folders } = fakeTree();
    const r = run(tree, { quiet: true });
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('Repair now?');
    expect(r.stdout).toContain('Yes: the problem is solved.');
    expect(r.status).toBe(0);
    expect(nonEmpty(folders)).toEqual([]);
  });

  it('nothing found: nothing to do, exit 0, no question', () => {
    const { tree, folders } = fakeTree();
    for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
    const r = spawnSync(pwsh!, ['-NoProfile', '-NonInteractive', '-File', path.join(dir, 'stub.ps1'), '-Script', path.join(dir, 'FixIt.ps1'), '-Culture', 'en-US', '-NoEvents',
      '-WindowsDirectory', path.join(tree, 'Windows'), '-ProfileDirectory', path.join(tree, 'Users', 'alice'), '-CurrentUserProfile', path.join(tree, 'Users', 'alice'),
      '-DataDirectory', path.join(tree, 'data'), '-Answers', 'y'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, FF_FAKE_ROLE: 'Administrator' } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('The problem was not found on this computer. Nothing to do.');
    expect(r.stdout).not.toContain('Repair now?');
    expect(r.status).toBe(0);
  });

  it('in nl-NL it asks in Dutch, with the fix\'s Dutch texts', () => {
    const { tree, folders } = fakeTree();
    const r = run(tree, { answers: 'j', culture: 'nl-NL' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Fix it: CAPI2-gebeurtenis 4107 of 11');
    expect(r.stdout).toContain('Nu repareren? [J/N] j');
    expect(r.stdout).toContain('Is het probleem opgelost?');
    expect(r.stdout).toContain('Ja: het probleem is opgelost.');
    expect(r.stdout).not.toContain('Repair now?');
    expect(r.status).toBe(0);
    expect(nonEmpty(folders)).toEqual([]);
  });

  it.each(['de-DE', ''])('a culture the fix lacks (%j, empty: the invariant culture) gets en-US', (culture) => {
    const { tree } = fakeTree();
    const r = run(tree, { answers: 'n', culture });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Repair now? [Y/N] n');
    expect(r.status).toBe(2);
  });
});

/**
 * Get-WinEvent stand-in: one CAPI2 4107 event an hour ago, returned only when the filter's
 * StartTime (the last repair time, once there is one) is before it, as the real cmdlet filters.
 */
const STUB = String.raw`
param([string] $Script, [string] $Culture, [switch] $NoEvents, [string] $WindowsDirectory, [string] $ProfileDirectory, [string] $CurrentUserProfile, [string] $DataDirectory, [string] $Answers, [switch] $Quiet)
` + PROCESS_FAKES + String.raw`
$global:FfStubEventTime = (Get-Date).AddHours(-1)
$global:FfStubNoEvents = [bool]$NoEvents
function global:Get-WinEvent {
    [CmdletBinding()]
    param([hashtable] $FilterHashtable)
    if ($global:FfStubNoEvents -or ($FilterHashtable.ContainsKey('StartTime') -and $FilterHashtable['StartTime'] -gt $global:FfStubEventTime)) {
        $exception = New-Object -TypeName System.Exception -ArgumentList 'No events were found that match the specified selection criteria.'
        $PSCmdlet.ThrowTerminatingError((New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'NoMatchingEventsFound', 'ObjectNotFound', $null))
    }
    $record = New-Object -TypeName PSObject
    Add-Member -InputObject $record -MemberType NoteProperty -Name LogName -Value 'Application'
    Add-Member -InputObject $record -MemberType NoteProperty -Name ProviderName -Value 'Microsoft-Windows-CAPI2'
    Add-Member -InputObject $record -MemberType NoteProperty -Name Id -Value 4107
    Add-Member -InputObject $record -MemberType NoteProperty -Name TimeCreated -Value $global:FfStubEventTime
    Add-Member -InputObject $record -MemberType NoteProperty -Name Message -Value 'Failed extract of third-party root list. The data is invalid.'
    Add-Member -InputObject $record -MemberType ScriptMethod -Name ToXml -Value { '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><EventData><Data>http://www.download.windowsupdate.com/msdownload/update/v3/static/trustedr/en/authrootstl.cab</Data><Data>The data is invalid.</Data></EventData></Event>' }
    $record
}
$ci = [System.Globalization.CultureInfo]::GetCultureInfo($Culture)
[System.Threading.Thread]::CurrentThread.CurrentUICulture = $ci
[System.Globalization.CultureInfo]::CurrentUICulture = $ci
$arguments = @{ WindowsDirectory = $WindowsDirectory; ProfileDirectory = $ProfileDirectory; CurrentUserProfile = $CurrentUserProfile; DataDirectory = $DataDirectory }
if ($Answers) { $arguments['Answers'] = @($Answers -split ',') }
if ($Quiet) { $arguments['Quiet'] = $true }
& $Script @arguments
exit $LASTEXITCODE
`;

/**
 * FixIt.cmd in wine's cmd.exe. Stubbed (docs/wine-cmd-notes.md): powershell.exe is a recorder at
 * System32 (wine's cmd is 64-bit: no Sysnative), net.exe and fltmc.exe are recorders whose exit
 * code says "elevated" (0) or not, certutil.exe is a recorder for the .cmd fallback. UAC itself
 * (Start-Process -Verb RunAs) cannot run here: the test checks the command line that asks for it.
 */
describe('FixIt.cmd in wine', () => {
  const SYSTEM32 = 'C:\\windows\\system32';
  const POWERSHELL = `${SYSTEM32}\\WindowsPowerShell\\v1.0\\powershell.exe`;
  let prefix: WinePrefix;
  let powershell: Awaited<ReturnType<WinePrefix['installRecorder']>>;
  let net: Awaited<ReturnType<WinePrefix['installRecorder']>>;
  let fltmc: Awaited<ReturnType<WinePrefix['installRecorder']>>;
  let certutil: Awaited<ReturnType<WinePrefix['installRecorder']>>;
  let launcher: string;

  beforeAll(async () => {
    requireWine();
    prefix = await createWinePrefix();
    powershell = await prefix.installRecorder(POWERSHELL);
    net = await prefix.installRecorder(`${SYSTEM32}\\net.exe`);
    fltmc = await prefix.installRecorder(`${SYSTEM32}\\fltmc.exe`);
    certutil = await prefix.installRecorder(`${SYSTEM32}\\certutil.exe`);
    const folder = path.join(prefix.driveC, 'fixit');
    fs.mkdirSync(folder, { recursive: true });
    for (const [p, bytes] of kb.contents) if (p.startsWith('fixit/')) fs.writeFileSync(path.join(folder, p.slice('fixit/'.length)), bytes);
    launcher = path.join(folder, 'FixIt.cmd');
  }, WINE_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await prefix?.dispose();
  });

  /** Elevated or not; FixIt.ps1's exit code; the probe's (can PowerShell run the script here?) exit code. */
  function reset(elevated: boolean, powershellExit: number, probeExit = 0) {
    powershell.clear();
    net.setExit(elevated ? 0 : 2);
    fltmc.setExit(elevated ? 0 : 1);
    powershell.setExit(powershellExit);
    // The probe is the only call whose first argument is -NonInteractive.
    powershell.setReplies({ '_noninteractive.exit': String(probeExit) });
    certutil.setExit(0);
  }

  /** The FixIt.ps1 runs (not the probe). */
  const scriptRuns = () => powershell.calls().filter((c) => c.args[0] !== '-NonInteractive');

  it('elevated, /quiet: starts FixIt.ps1 with the System32 PowerShell and -Quiet, and passes its exit code through', async () => {
    reset(true, 0);
    const ok = await prefix.runCmd(launcher, ['/quiet']);
    expect(ok.exitCode).toBe(0);
    const calls = scriptRuns();
    expect(calls).toHaveLength(1);
    expect(powershell.calls()[0].args.slice(0, 5)).toEqual(['-NonInteractive', '-NoProfile', '-ExecutionPolicy', 'Bypass', '-Command']);
    expect(calls[0].exe.toLowerCase()).toBe(POWERSHELL.toLowerCase());
    expect(calls[0].args).toEqual(['-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'C:\\fixit\\FixIt.ps1', '-Quiet']);
    reset(true, 2);
    expect((await prefix.runCmd(launcher, ['/quiet'])).exitCode).toBe(2);
    reset(true, 1);
    expect((await prefix.runCmd(launcher, ['/quiet'])).exitCode).toBe(1);
  }, 120_000);

  it('not elevated: relaunches itself through Start-Process -Verb RunAs on cmd.exe and returns its exit code (4 when UAC is refused)', async () => {
    reset(false, 4);
    const r = await prefix.runCmd(launcher, ['/quiet']);
    expect(r.exitCode).toBe(4);
    const calls = powershell.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0].args.slice(0, 4)).toEqual(['-NoProfile', '-ExecutionPolicy', 'Bypass', '-Command']);
    expect(calls[0].args[4]).toMatch(/^try \{ \$self = \$env:FF_SELF;.*\$arguments = '\/d \/c ' \+ \$q \+ \$q \+ \$self \+ \$q \+ ' ' \+ \$env:FF_RELAUNCH \+ \$q; try \{ \$p = Start-Process -FilePath \(\$env:SystemRoot \+ '\\System32\\cmd\.exe'\) -ArgumentList \$arguments -Verb RunAs -PassThru -Wait; exit \$p\.ExitCode \} catch \{ exit 4 \}$/);
    expect(r.stdout).toContain('Asking for administrator rights...');
  }, 120_000);

  it('a relaunched run that still is not elevated stops with 4 and starts nothing', async () => {
    reset(false, 0);
    const r = await prefix.runCmd(launcher, ['/elevated', '/quiet']);
    expect(r.exitCode).toBe(4);
    expect(powershell.calls()).toEqual([]);
    expect(r.stdout).toContain('Administrator rights are needed');
  }, 120_000);

  it('relaunched as UAC does it (cmd.exe /d /c ""<path>" /elevated /quiet") from a folder named "kb2328240 (1) & co": the path arrives whole', async () => {
    const folder = path.join(prefix.driveC, 'kb2328240 (1) & co');
    fs.mkdirSync(folder, { recursive: true });
    for (const [p, bytes] of kb.contents) if (p.startsWith('fixit/')) fs.writeFileSync(path.join(folder, p.slice('fixit/'.length)), bytes);
    // The arguments the relaunch builds (shown in test/wine/cmdSemantics.test.ts from its own -Command).
    const args = '/d /c ""C:\\kb2328240 (1) & co\\FixIt.cmd" /elevated /quiet"';
    // A batch line that hands cmd.exe exactly that command line: carets only where the outer
    // cmd would see & ( ) outside quotes; it removes them before starting cmd.exe.
    let quoted = false;
    const escaped = [...args].map((c) => {
      if (c === '"') quoted = !quoted;
      return !quoted && /[&()<>|^]/.test(c) ? `^${c}` : c;
    }).join('');
    const replay = path.join(prefix.driveC, 'fixit', 'replay-uac.cmd');
    fs.writeFileSync(replay, `@echo off\r\n"%SystemRoot%\\System32\\cmd.exe" ${escaped}\r\nexit /b %ERRORLEVEL%\r\n`, 'latin1');
    reset(true, 0);
    const r = await prefix.runCmd(replay);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(scriptRuns().map((c) => c.args)).toEqual([['-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'C:\\kb2328240 (1) & co\\FixIt.ps1', '-Quiet']]);
  }, 120_000);

  it('powershell.exe blocked (AppLocker/SRP: cmd cannot start it) or an execution policy from Group Policy: the .cmd fallback runs', async () => {
    for (const probe of [1260, 5]) {
      reset(true, 0, probe);
      certutil.clear();
      const r = await prefix.runCmd(launcher, ['/quiet']);
      expect(r.stdout).toContain('PowerShell cannot run here: running the .cmd fallback instead.');
      expect(scriptRuns()).toEqual([]);
      expect(certutil.calls().map((c) => c.args)).toEqual([['-urlcache', '*', 'delete']]);
      // Each script's own log is named: the user's run never points at the machine folder.
      expect(r.stdout).toMatch(/Log of kb2328240-user-logon\.cmd: C:\\users\\[^\\]+\\AppData\\Local\\FixForge\\kb2328240\\kb2328240-user\.log/i);
      expect(r.stdout).toMatch(/Log of kb2328240-machine-startup\.cmd: C:\\ProgramData\\FixForge-cmd-kb2328240\\kb2328240-machine\.log/i);
      expect(r.exitCode).toBe(0);
    }
  }, 120_000);

  it('the fallback\'s exit codes arrive whole: 3010 (restart needed) is 3010, 2 (some items not changed) is 5, never 1', async () => {
    const folder = path.join(prefix.driveC, 'fixit-codes');
    fs.mkdirSync(folder, { recursive: true });
    for (const [p, bytes] of kb.contents) if (p.startsWith('fixit/')) fs.writeFileSync(path.join(folder, p.slice('fixit/'.length)), bytes);
    for (const [code, expected] of [[3010, 3010], [2, 6], [1, 1]]) {
      // The user script stands in for a fallback that ends with this code.
      fs.writeFileSync(path.join(folder, 'kb2328240-user-logon.cmd'), `@echo off\r\nexit /b ${code}\r\n`, 'latin1');
      reset(true, 3);
      const r = await prefix.runCmd(path.join(folder, 'FixIt.cmd'), ['/quiet']);
      expect(r.exitCode).toBe(expected);
    }
  }, 180_000);

  it('Constrained Language Mode (exit 3): runs the .cmd fallback instead', async () => {
    reset(true, 3);
    certutil.clear();
    const r = await prefix.runCmd(launcher, ['/quiet']);
    expect(r.stdout).toContain('PowerShell cannot run here: running the .cmd fallback instead.');
    expect(certutil.calls().map((c) => c.args)).toEqual([['-urlcache', '*', 'delete']]);
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
