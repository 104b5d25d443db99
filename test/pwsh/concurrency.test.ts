/**
 * One run at a time per fix (issue 17): three Repair- runs of the KB module on one tree, in three
 * pwsh processes at once, as GPO startup, Intune and an admin can overlap. The run lock is the
 * real named mutex Global\FixForge-<fix-id> (System.Threading.Mutex works on Linux pwsh too). One
 * run repairs (its first listing, Get-FfDirectoryEntry, is slowed until the test lets it go on, so
 * that it still holds the lock when the others start); one waits its turn and then finds nothing
 * left to do; one whose wait is shorter (Get-FfRunLockWaitSeconds, our own function, faked to 0 s)
 * reports InProgress and changes nothing. No run is Partial from files another run deleted, and the log
 * stays one whole line per entry. The process role (Get-FfProcessRole) is faked as SYSTEM.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type BuiltFix } from '../../generator/pipeline/compile';
import { repoRoot } from '../support/compile';
import { describeWithPwsh, pwshPath } from '../support/pwsh';

const SPEC = 'spec/kb2328240.fix.ts';
/** Entries enough that a Partial from vanished files would show. */
const FILES_PER_FOLDER = 40;

const RUNNER = String.raw`
param([string] $Manifest, [string] $Tree, [int] $WaitSeconds = -1, [string] $SlowUntil)
$ErrorActionPreference = 'Stop'
Import-Module -Name $Manifest
$module = Get-Module -Name ([System.IO.Path]::GetFileNameWithoutExtension($Manifest))
# Our own small functions, faked in the module: the token (SYSTEM, as GPO startup and Intune run)
# and, for one run, how long it waits for the run lock.
& $module { Set-Item -Path function:script:Get-FfProcessRole -Value { 'System' } }
# A slow disk for the first run: its first listing waits (bounded) until the test says go on, so
# that it still holds the run lock while the others start. Get-FfDirectoryEntry is our own function.
if ($SlowUntil) {
    & $module {
        param($file)
        $script:FfSlowUntil = $file
        Set-Item -Path function:script:Get-FfDirectoryEntry -Value {
            param([string] $Path)
            for ($i = 0; $i -lt 1200 -and -not [System.IO.File]::Exists($script:FfSlowUntil); $i++) { Start-Sleep -Milliseconds 50 }
            [System.IO.Directory]::GetFileSystemEntries($Path)
        }
    } $SlowUntil
}
if ($WaitSeconds -ge 0) { & $module { param($s) Set-Item -Path function:script:Get-FfRunLockWaitSeconds -Value ([scriptblock]::Create([string]$s)) } $WaitSeconds }
$repair = Repair-CapiRootListCache -WindowsDirectory ([System.IO.Path]::Combine($Tree, 'Windows')) -ProfileDirectory ([System.IO.Path]::Combine($Tree, 'Users', 'alice')) -DataDirectory ([System.IO.Path]::Combine($Tree, 'data'))
$report = @{
    Status = $repair.Status
    Changes = @($repair.Changes).Count
    Problems = @($repair.Problems | ForEach-Object { '{0}: {1}' -f $_.Target, $_.Reason })
    Outcomes = @($repair.Steps | ForEach-Object { '{0}={1}' -f $_.StepId, $_.Outcome })
    Message = @($repair.Steps)[0].Message
}
'REPORT=' + (ConvertTo-Json -InputObject $report -Compress -Depth 3)
`;

interface Report {
  Status: string;
  Changes: number;
  Problems: string[];
  Outcomes: string[];
  Message: string;
}

function runRepair(pwsh: string, runner: string, manifest: string, tree: string, options: { waitSeconds?: number; slowUntil?: string } = {}): Promise<{ report: Report; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', runner, '-Manifest', manifest, '-Tree', tree];
    if (options.waitSeconds !== undefined) args.push('-WaitSeconds', String(options.waitSeconds));
    if (options.slowUntil !== undefined) args.push('-SlowUntil', options.slowUntil);
    const child = spawn(pwsh, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      const line = stdout.split(/\r?\n/).find((l) => l.startsWith('REPORT='));
      if (!line) return reject(new Error(`no report: ${stdout}\n${stderr}`));
      resolve({ report: JSON.parse(line.slice('REPORT='.length)) as Report, stderr });
    });
  });
}

/** The folders the KB's clearFolderContents steps empty, filled: files and a subfolder each. */
function fillTree(fix: BuiltFix, tree: string): string[] {
  const folders: string[] = [];
  for (const step of fix.ir.repair) {
    if (step.kind !== 'clearFolderContents') continue;
    for (const l of step.locations) {
      const root = fix.ir.roots.find((r) => r.id === l.root)!;
      const base = root.location.kind === 'windows' ? path.join(tree, 'Windows', ...root.location.path.split('\\')) : path.join(tree, 'Users', 'alice');
      const folder = path.join(base, ...l.folder.split('\\'));
      fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
      for (let i = 0; i < FILES_PER_FOLDER; i++) fs.writeFileSync(path.join(folder, i % 2 ? `entry${i}.bin` : path.join('sub', `nested${i}.bin`)), 'cached');
      folders.push(folder);
    }
  }
  return folders;
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeWithPwsh('three concurrent Repair- runs on one tree', () => {
  let work: string;
  let fix: BuiltFix;
  let manifest: string;
  let runner: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-concurrent-'));
    const result = await build({ specs: [SPEC], outDir: path.join(work, 'out'), cwd: repoRoot });
    expect(result.ok).toBe(true);
    fix = result.fixes[0];
    manifest = path.join(fix.outDir, 'module', fix.ir.module.name, `${fix.ir.module.name}.psd1`);
    runner = path.join(work, 'runner.ps1');
    fs.writeFileSync(runner, RUNNER);
  }, 120_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('one repairs, one waits its turn and finds nothing left, one reports InProgress; nothing Partial; one log line per entry', async () => {
    const pwsh = pwshPath()!;
    const tree = path.join(work, 'tree');
    const folders = fillTree(fix, tree);
    const log = path.join(tree, 'data', `${fix.id}.log`);
    const release = path.join(work, 'release');
    const first = runRepair(pwsh, runner, manifest, tree, { slowUntil: release });
    // The others start once the first holds the lock and has begun (its "repair started" line).
    await waitFor(() => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('repair started'), 120_000);
    const second = runRepair(pwsh, runner, manifest, tree);
    const impatient = await runRepair(pwsh, runner, manifest, tree, { waitSeconds: 0 });
    // The second is waiting for the lock by now (it started before the impatient one ended).
    fs.writeFileSync(release, '');
    const [one, waiting] = await Promise.all([first, second]);

    for (const r of [one, waiting, impatient]) {
      expect(r.stderr).toBe('');
      expect(r.report.Status).not.toBe('Partial');
      expect(r.report.Problems).toEqual([]);
    }
    expect(one.report.Status).toBe('Repaired');
    expect(one.report.Changes).toBeGreaterThanOrEqual(folders.length * FILES_PER_FOLDER);
    // The waiting run got its turn after the first: everything was already gone.
    expect(waiting.report.Status).toBe('Repaired');
    expect(waiting.report.Changes).toBe(0);
    // The impatient one did not wait: another run was in progress, and it changed nothing.
    expect(impatient.report.Status).toBe('InProgress');
    expect(impatient.report.Changes).toBe(0);
    expect(impatient.report.Outcomes.every((o) => o.endsWith('=Skipped'))).toBe(true);
    expect(impatient.report.Message).toMatch(/another run of kb2328240 is in progress \(it holds Global\\FixForge-kb2328240/);
    for (const folder of folders) expect(fs.readdirSync(folder)).toEqual([]);

    const lines = fs.readFileSync(log, 'utf8').replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '');
    // Every line is one whole entry: a timestamp, the account, one message.
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \[[^\]]*\] kb2328240|^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \[[^\]]*\] clear\w+: /);
    expect(lines.filter((l) => l.includes('repair started'))).toHaveLength(2);
    expect(lines.filter((l) => l.includes(': InProgress: another run'))).toHaveLength(1);
    expect(lines.filter((l) => /kb2328240: Repaired, /.test(l))).toHaveLength(2);
  }, 300_000);
});
