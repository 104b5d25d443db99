// Runs real Pester in real pwsh, installed by the root project's `npm run setup:pwsh` into
// <repo>/.tools. The runs start together in beforeAll: each one spends most of its time starting
// pwsh and importing Pester, and the hanging one mostly sleeps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareVersions, findPesterEnvironment, findPwsh, formatSummary, PesterEnvironmentError, runPester, runPwshScript, type PesterRunResult, type PwshLocation } from '../src';

const repo = path.join(__dirname, '..', '..', '..');
const toolDir = path.join(repo, '.tools', 'pwsh');
// The newest Pester the set-up script put under .tools/nuget (its version is pinned there, not here).
const pesterRoot = path.join(repo, '.tools', 'nuget', 'pester');
const pesterVersion = (fs.existsSync(pesterRoot) ? fs.readdirSync(pesterRoot) : []).sort(compareVersions).pop() ?? 'missing';
const pesterManifest = path.join(pesterRoot, pesterVersion, 'tools', 'Pester.psd1');
const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
// Only the tool folder: /usr/bin keeps `dotnet` reachable for the pwsh .NET tool shim.
const toolOnlyEnv = { ...process.env, PATH: '/usr/bin' };

jest.setTimeout(120_000);

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
const value = async <T>(p: Promise<Settled<T>>): Promise<T> => {
  const s = await p;
  if (!s.ok) throw s.error;
  return s.value;
};
const error = async (p: Promise<Settled<unknown>>): Promise<unknown> => {
  const s = await p;
  if (s.ok) throw new Error(`expected a rejection, got ${JSON.stringify(s.value).slice(0, 300)}`);
  return s.error;
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'prw-test-'));
const mixedJUnit = path.join(work, 'reports', 'mixed.xml');
const pidFile = path.join(work, 'hanging.pid');
let located: PwshLocation;
let runs: Record<'mixed' | 'passing' | 'problems' | 'badPath' | 'hanging', Promise<Settled<PesterRunResult>>>;

beforeAll(async () => {
  located = await findPesterEnvironment({ searchDirs: [toolDir], modulePaths: [pesterManifest], env: toolOnlyEnv });
  // Given pwsh and Pester: no search, one pwsh start per run.
  const fast = { pwsh: located.pwshPath, pesterModulePath: located.pesterModulePath };
  runs = {
    hanging: settle(runPester({ ...fast, paths: [fixture('Hanging.Tests.ps1')], timeoutMs: 20_000, env: { PRW_PID_FILE: pidFile } })),
    // mixed.xml's folder does not exist yet. The one run that finds pwsh and Pester by itself.
    mixed: settle(runPester({ paths: [fixture('Mixed.Tests.ps1')], searchDirs: [toolDir], modulePaths: [pesterManifest], env: { PATH: '/usr/bin' }, junitPath: mixedJUnit })),
    passing: settle(runPester({ ...fast, paths: ['Passing.Tests.ps1'], cwd: path.join(__dirname, 'fixtures') })),
    problems: settle(
      runPester({
        ...fast,
        paths: [fixture('Broken.Tests.ps1'), fixture('FailingTeardown.Tests.ps1'), fixture('Undiscoverable.Tests.ps1'), fixture('Missing.Tests.ps1')],
      }),
    ),
    badPath: settle(runPester({ ...fast, paths: [fixture('Missing.Tests.ps1')] })),
  };
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('finding pwsh and Pester', () => {
  it('finds pwsh 7 and Pester 5 in the project tool folder', async () => {
    expect(located).toEqual({
      pwshPath: path.join(toolDir, 'pwsh'),
      pwshVersion: expect.stringMatching(/^7\./),
      pesterModulePath: pesterManifest,
      pesterVersion,
    });
    expect(compareVersions(pesterVersion, '5.0.0')).toBeGreaterThanOrEqual(0);
  });

  it('looks on PATH before the search folders', async () => {
    const found = await findPwsh({ searchDirs: ['/nonexistent'], env: { ...process.env, PATH: `${toolDir}:/usr/bin` } });
    expect(found?.path).toBe(path.join(toolDir, 'pwsh'));
  });

  it('says how to install pwsh when PATH is empty and the search folders hold none', async () => {
    const e = await error(settle(runPester({ paths: [fixture('Passing.Tests.ps1')], searchDirs: ['/nonexistent'], env: { PATH: '' } })));
    expect(e).toBeInstanceOf(PesterEnvironmentError);
    expect(e).toMatchObject({ code: 'PWSH_NOT_FOUND', hint: expect.stringContaining('npm run setup:pwsh'), message: expect.stringMatching(/\/nonexistent.*npm run setup:pwsh/) });
  });

  it('does not count a pwsh that cannot start (the tool shim without dotnet on PATH)', async () => {
    await expect(findPwsh({ searchDirs: [toolDir], env: { PATH: '' } })).resolves.toBeUndefined();
  });

  it('says pwsh is too old, both for a found and for a given pwsh', async () => {
    const { pwshPath } = located;
    await expect(runPester({ paths: [fixture('Passing.Tests.ps1')], searchDirs: [toolDir], env: { PATH: '/usr/bin' }, minimumPwshVersion: '99.0' })).rejects.toMatchObject({
      code: 'PWSH_TOO_OLD',
      message: expect.stringMatching(/pwsh 7\.\S+ .* older than the 99\.0/),
    });
    await expect(runPester({ paths: [fixture('Passing.Tests.ps1')], pwsh: pwshPath, pesterModulePath: pesterManifest, minimumPwshVersion: '99.0' })).rejects.toMatchObject({
      code: 'PWSH_TOO_OLD',
    });
  });

  it('says Pester is missing or too old', async () => {
    const { pwshPath } = located;
    const missing = '/nonexistent/Pester.psd1';
    await expect(runPester({ paths: [fixture('Passing.Tests.ps1')], pwsh: pwshPath, pesterModulePath: missing })).rejects.toMatchObject({
      code: 'PESTER_NOT_FOUND',
      message: expect.stringContaining(missing),
      hint: expect.stringContaining('npm run setup:pwsh'),
    });
    await expect(runPester({ paths: [fixture('Passing.Tests.ps1')], pwsh: pwshPath, modulePaths: [pesterManifest], minimumPesterVersion: '9.0.0' })).rejects.toMatchObject({
      code: 'PESTER_TOO_OLD',
      message: expect.stringMatching(/Pester 5\.\S+ .* older than the 9\.0\.0/),
    });
  });
});

it('runPwshScript runs a script file with arguments and returns its exit code and output', async () => {
  const r = await runPwshScript(located.pwshPath, 'param($Name) "hello $Name"; [Console]::Error.WriteLine(\'to stderr\'); exit 3', { args: ["it's me"] });
  expect({ exitCode: r.exitCode, stdout: r.stdout.trim(), stderr: r.stderr.trim(), timedOut: r.timedOut }).toEqual({
    exitCode: 3,
    stdout: "hello it's me",
    stderr: 'to stderr',
    timedOut: false,
  });
});

describe('running Pester', () => {
  it('reports passed, failed with its message, and skipped from the JUnit XML', async () => {
    const r = await value(runs.mixed);
    expect({ passed: r.passed, failed: r.failed, skipped: r.skipped, total: r.total, exitCode: r.exitCode, errors: r.errors }).toEqual({
      passed: 2,
      failed: 1,
      skipped: 1,
      total: 4,
      exitCode: 1,
      errors: [],
    });
    expect(r.tests.map((t) => [t.name, t.result])).toEqual([
      ['Mixed.passes', 'Passed'],
      ['Mixed.fails with a message', 'Failed'],
      ['Mixed.is skipped', 'Skipped'],
      ['Mixed.nested.uses a & b', 'Passed'],
    ]);
    const failed = r.tests[1];
    expect(failed.message).toMatch(/^Expected strings to be the same[\s\S]*Expected: 'expected'/);
    expect(failed.file).toBe(fixture('Mixed.Tests.ps1'));
    expect(failed.durationMs).toEqual(expect.any(Number));
    expect(r.junitPath).toBe(mixedJUnit);
    expect(fs.readFileSync(mixedJUnit, 'utf8')).toContain('<testsuites');
    expect({ pwshVersion: r.pwshVersion, pesterVersion: r.pesterVersion, pesterModulePath: r.pesterModulePath }).toEqual({
      pwshVersion: expect.stringMatching(/^7\./),
      pesterVersion,
      pesterModulePath: pesterManifest,
    });
    expect(formatSummary(r)).toBe('2 passed, 1 failed, 1 skipped\n  FAILED Mixed.fails with a message: Expected strings to be the same, but they were different.');
  });

  it('exits 0 with every test passed (paths relative to cwd)', async () => {
    const r = await value(runs.passing);
    expect({ passed: r.passed, failed: r.failed, exitCode: r.exitCode, timedOut: r.timedOut, errors: r.errors }).toEqual({
      passed: 2,
      failed: 0,
      exitCode: 0,
      timedOut: false,
      errors: [],
    });
  });

  it('counts what no failed test accounts for: a missing path, an unparsable file, a failed teardown', async () => {
    const r = await value(runs.problems);
    expect(r.tests.map((t) => [t.name, t.result])).toEqual([
      ['Broken.cannot run', 'Failed'],
      ['FailingTeardown.passes before the teardown fails', 'Passed'],
    ]);
    expect(r.errors).toEqual([
      `path not found: ${fixture('Missing.Tests.ps1')}`,
      expect.stringMatching(/^\S*Undiscoverable\.Tests\.ps1: [\s\S]*Missing closing '\}'/),
      `${fixture('FailingTeardown.Tests.ps1')}: block 'FailingTeardown' failed: teardown failed`,
    ]);
    expect({ failed: r.failed, exitCode: r.exitCode }).toEqual({ failed: 4, exitCode: 4 });
    expect(formatSummary(r)).toBe(
      [
        '1 passed, 4 failed, 0 skipped',
        '  FAILED Broken.cannot run: This test should run but it did not. Most likely a setup in some parent block failed.',
        ...r.errors.map((e) => `  ERROR ${e.replace(/\r?\n/g, '\n    ')}`),
      ].join('\n'),
    );
  });

  it('fails a run whose only path does not exist, instead of passing zero tests', async () => {
    const r = await value(runs.badPath);
    expect({ total: r.total, failed: r.failed, exitCode: r.exitCode, errors: r.errors }).toEqual({
      total: 0,
      failed: 1,
      exitCode: 1,
      errors: [`path not found: ${fixture('Missing.Tests.ps1')}`],
    });
  });

  it('kills the whole process tree when the time limit passes', async () => {
    const r = await value(runs.hanging);
    expect({ timedOut: r.timedOut, exitCode: r.exitCode, failed: r.failed }).toEqual({ timedOut: true, exitCode: -1, failed: 1 });
    expect(r.errors).toEqual([expect.stringMatching(/^timed out after 20000 ms/)]);
    expect(r.durationMs).toBeLessThan(40_000);
    // The PowerShell .NET tool is a shim that starts `dotnet pwsh.dll`: the test ran in that child.
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    expect(pid).toBeGreaterThan(0);
    expect(await endsWithin(pid, 5_000)).toBe(true);
  });
});

/** Whether the process is gone (or a zombie waiting for its reaper) within the time given. */
async function endsWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      process.kill(pid, 0);
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return true;
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
