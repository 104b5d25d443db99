/**
 * FixIt.ps1 end to end for every fix in spec/ (issue 17; the KB's own cases are in fixit.test.ts):
 * the wizard built with the fixit target enabled, run in pwsh against a fake machine with scripted
 * answers, as an elevated administrator (FixIt.cmd asks UAC). The machine: every program a fix
 * runs is a stand-in under System32 that records its arguments (winmgmt reports an inconsistent
 * repository until it is salvaged), the print spool holds a job older than 30 minutes, the event
 * logs hold no events; services, the role, profiles and the data folder's ACL calls are the
 * engine's own functions stood in for (test/support/processFakes). Linux pwsh has no registry:
 * a registry step fails there, and the wizard must say "not solved".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { compileOnly } from '../support/compile';
import { describeWithPwsh, pwshPath } from '../support/pwsh';
import { PROCESS_FAKES } from '../support/processFakes';
import { emitFixit } from '../../generator/emit/fixit/emitFixit';
import type { FixIR } from '../../generator/ir/types';

const FIXES = fs.readdirSync(path.join(__dirname, '..', '..', 'spec')).filter((f) => f.endsWith('.fix.ts')).sort();

/** What "y" must end in, per fix, on this machine (and why). */
const EXPECTED: Record<string, { asks: boolean; solved: boolean }> = {
  // On-demand: asks every time; ipconfig/netsh run and the catalog reads.
  // On-demand; this machine has no Defender (MpCmdRun.exe is not under Program Files): both steps
  // say so and change nothing (whenMissing: 'skip'), and no check is left failing.
  'defender-definitions.fix.ts': { asks: true, solved: true },
  'dns-winsock-reset.fix.ts': { asks: true, solved: true },
  // No CAPI2 event: the cached list is evidence only, nothing to do (fixit.test.ts runs it with one).
  'kb2328240.fix.ts': { asks: false, solved: true },
  'print-spooler-queue.fix.ts': { asks: true, solved: true },
  // No registry on Linux: no policy value is found, nothing to do.
  'task-manager-policy.fix.ts': { asks: false, solved: true },
  // On-demand, but its registry step cannot run without a registry: not solved, and said so.
  'windows-search-index.fix.ts': { asks: true, solved: false },
  // No Time-Service warnings in the event log: nothing to do.
  'windows-time.fix.ts': { asks: false, solved: true },
  'wmi-repository.fix.ts': { asks: true, solved: true },
};

const STUB = String.raw`
param([string] $Script, [string] $Tree, [string] $Answers)
` + PROCESS_FAKES + String.raw`
# The event logs hold no events, read through our own Read-FfEventRecord (by alias), not a
# stand-in for Get-WinEvent.
function global:Test-FakeFfEventReaderPresent { $true }
Set-Alias -Name Test-FfEventReaderPresent -Value Test-FakeFfEventReaderPresent -Scope Global
function global:Read-FakeFfEventRecord { param([hashtable] $FilterHashtable) }
Set-Alias -Name Read-FfEventRecord -Value Read-FakeFfEventRecord -Scope Global
[System.Threading.Thread]::CurrentThread.CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('en-US')
$profiles = [System.IO.Path]::Combine($Tree, 'Users')
& $Script -WindowsDirectory ([System.IO.Path]::Combine($Tree, 'Windows')) -ProfileDirectory @([System.IO.Path]::Combine($profiles, 'alice')) -CurrentUserProfile ([System.IO.Path]::Combine($profiles, 'alice')) -DataDirectory ([System.IO.Path]::Combine($Tree, 'data')) -Answers @($Answers -split ',')
exit $LASTEXITCODE
`;

/** Every `program` of the fix's steps, nested ones included. */
function programs(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => programs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'program' && typeof v === 'string') out.add(v);
      else programs(v, out);
    }
  }
  return out;
}

/** The command lines of the fix's runProgram steps, as the stand-ins record them. */
function commandLines(ir: FixIR): string[] {
  // An optional step runs only when asked for (-Include...); the wizard never asks for one.
  // Programs by root and path (Defender's) are not on this machine: they are checked below.
  const steps = ir.repair.filter((s) => s.kind === 'runProgram' && !s.options.optional) as unknown as { program: unknown; arguments: string[] }[];
  return steps.filter((s) => typeof s.program === 'string').map((s) => [s.program, ...s.arguments].join(' '));
}

/** How many runProgram steps start a program by root and path, which this machine lacks. */
function programsByPath(ir: FixIR): number {
  return ir.repair.filter((s) => s.kind === 'runProgram' && typeof (s as unknown as { program: unknown }).program !== 'string').length;
}

describeWithPwsh('FixIt.ps1 for every fix in spec/, end to end', () => {
  let dir: string;
  const irs = new Map<string, FixIR>();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-fixit-all-'));
    fs.writeFileSync(path.join(dir, 'stub.ps1'), STUB);
    const result = await compileOnly(FIXES.map((f) => `spec/${f}`));
    expect(result.ok).toBe(true);
    for (const fix of result.fixes) {
      const name = path.basename(fix.spec);
      irs.set(name, fix.ir);
      const ps1 = emitFixit({ ...fix.ir, targets: { ...fix.ir.targets, fixit: {} } }).find((a) => a.path === 'fixit/FixIt.ps1')!;
      fs.writeFileSync(path.join(dir, `${fix.id}.ps1`), `\ufeff${ps1.text}`);
    }
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function machine(ir: FixIR): { tree: string; log: string } {
    const tree = fs.mkdtempSync(path.join(dir, `${ir.id}-`));
    const log = path.join(tree, 'programs.log');
    const system32 = path.join(tree, 'Windows', 'System32');
    const state = path.join(tree, 'salvaged');
    for (const program of programs(ir)) {
      const file = path.join(system32, ...program.split('\\'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const body = program.endsWith('winmgmt.exe')
        ? `case "$1" in /verifyrepository) [ -f '${state}' ] && exit 0; echo 'WMI repository is INCONSISTENT'; exit 1;; /salvagerepository) touch '${state}';; esac\n`
        : '';
      fs.writeFileSync(file, `#!/bin/sh\necho "${program} $*" >> '${log}'\n${body}exit 0\n`, { mode: 0o755 });
    }
    // A print job stuck for two hours; caches in alice's profile (the KB); the profiles' hives.
    const spool = path.join(system32, 'spool', 'PRINTERS');
    fs.mkdirSync(spool, { recursive: true });
    const job = path.join(spool, 'FP00001.SPL');
    fs.writeFileSync(job, 'job');
    const old = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(job, old, old);
    fs.utimesSync(spool, old, old);
    for (const step of ir.repair) {
      if (step.kind !== 'clearFolderContents') continue;
      for (const l of step.locations) {
        const root = ir.roots.find((r) => r.id === l.root)!;
        const base = root.location.kind === 'windows' ? path.join(tree, 'Windows', ...root.location.path.split('\\')) : path.join(tree, 'Users', 'alice');
        const folder = path.join(base, ...l.folder.split('\\'));
        fs.mkdirSync(folder, { recursive: true });
        fs.writeFileSync(path.join(folder, 'ABCDEF'), Buffer.from('http://x/authrootstl.cab', 'utf16le'));
      }
    }
    return { tree, log };
  }

  function run(ir: FixIR, tree: string, answers: string) {
    const r = spawnSync(pwshPath()!, ['-NoProfile', '-NonInteractive', '-File', path.join(dir, 'stub.ps1'), '-Script', path.join(dir, `${ir.id}.ps1`), '-Tree', tree, '-Answers', answers], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, FIXFORGE_FIXIT_ANSWERS: '', FF_FAKE_ROLE: 'Administrator', FF_FAKE_SERVICES: '1', FF_FAKE_TRUSTED_OWNER: '1' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it.each(FIXES)('%s: "n" changes nothing (exit 2), "y" repairs and says honestly whether it is solved', (name) => {
    const ir = irs.get(name)!;
    const expected = EXPECTED[name];
    expect(expected).toBeDefined();
    const declined = machine(ir);
    const no = run(ir, declined.tree, 'n');
    expect(no.stderr).toBe('');
    expect(no.stdout).toContain(`Fix it: ${ir.title['en-US'].slice(0, 30)}`);
    if (expected.asks) {
      expect(no.stdout).toContain('Repair now? [Y/N] n');
      expect(no.stdout).toContain('Nothing was changed.');
      expect(no.status).toBe(2);
      // Nothing ran that repairs: only the detection's own programs (read-only) may have run.
      const ran = fs.existsSync(declined.log) ? fs.readFileSync(declined.log, 'utf8') : '';
      for (const line of commandLines(ir)) expect(ran).not.toContain(line);
    } else {
      expect(no.stdout).toContain('The problem was not found on this computer. Nothing to do.');
      expect(no.status).toBe(0);
    }

    const { tree, log } = machine(ir);
    const yes = run(ir, tree, 'y');
    expect(yes.stderr).toBe('');
    expect(yes.stdout).toContain(`Log: ${path.join(tree, 'data', `${ir.id}.log`)}`);
    if (!expected.asks) {
      expect(yes.status).toBe(0);
      return;
    }
    expect(yes.stdout).toContain('Repair now? [Y/N] y');
    expect(yes.stdout).toContain('Is the problem solved?');
    // One line per repair step, with its outcome.
    expect(yes.stdout.match(/^ {2}(Succeeded|NotNeeded|Partial|Failed|Refused|Skipped|WhatIf): /gm)?.length).toBe(ir.repair.length);
    if (expected.solved) {
      expect(yes.stdout).toContain('Yes: the problem is solved.');
      expect(yes.status).toBe(0);
    } else {
      expect(yes.stdout).not.toContain('Yes: the problem is solved.');
      expect(yes.status).toBe(1);
    }
    // Every program step ran with the spec's arguments (its `when` permitting).
    const ran = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
    for (const line of commandLines(ir)) expect(ran).toContain(line);
    // A program that is not installed is not needed (whenMissing: 'skip'), never a crash.
    expect(yes.stdout.match(/^ {2}NotNeeded: /gm)?.length ?? 0).toBeGreaterThanOrEqual(programsByPath(ir));
    expect(fs.readFileSync(path.join(tree, 'data', `${ir.id}.log`), 'utf8')).toMatch(new RegExp(`${ir.id} fixit: (Repaired|Partial|Failed), .*; solved: ${expected.solved ? 'True' : 'False'}`));
  }, 120_000);
});
