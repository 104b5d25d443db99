// Runs real Pester in real pwsh (installed by the root project's `npm run setup:pwsh`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPwsh, formatSummary, parseJUnit, PesterEnvironmentError, runPester } from '../src';

const repo = path.join(__dirname, '..', '..', '..');
const searchDirs = [path.join(repo, '.tools', 'pwsh')];
const modulePaths = [path.join(repo, '.tools', 'nuget', 'pester', '5.7.1', 'tools', 'Pester.psd1')];
const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

jest.setTimeout(120_000);

it('finds pwsh 7 in the project tool folder', async () => {
  // Only the tool folder: dotnet (which the pwsh tool shim runs on) stays reachable through /usr/bin.
  const found = await findPwsh({ searchDirs, env: { ...process.env, PATH: '/usr/bin' } });
  expect(found?.path).toBe(path.join(searchDirs[0], 'pwsh'));
  expect(found?.version).toMatch(/^7\./);
});

it('reports passed, failed with its message, and skipped from the JUnit XML', async () => {
  const junit = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'prw-')), 'out.xml');
  const r = await runPester({ paths: [fixture('Mixed.Tests.ps1')], searchDirs, modulePaths, junitPath: junit });
  expect([r.passed, r.failed, r.skipped, r.total]).toEqual([1, 1, 1, 3]);
  expect(r.exitCode).not.toBe(0);
  const failed = r.tests.find((t) => t.result === 'Failed')!;
  expect(failed.name).toMatch(/fails with a message/);
  expect(failed.message).toMatch(/expected/);
  expect(fs.existsSync(junit)).toBe(true);
  expect(formatSummary(r)).toMatch(/^1 passed, 1 failed, 1 skipped\n {2}FAILED .*fails with a message/);
  expect(r.pesterVersion).toBe('5.7.1');
});

it('exits 0 with every test passed', async () => {
  const r = await runPester({ paths: [fixture('Passing.Tests.ps1')], searchDirs, modulePaths });
  expect([r.passed, r.failed, r.exitCode]).toEqual([2, 0, 0]);
});

it('counts a failing setup block as a failure', async () => {
  const r = await runPester({ paths: [fixture('Broken.Tests.ps1')], searchDirs, modulePaths });
  expect(r.failed).toBeGreaterThan(0);
  expect(r.passed).toBe(0);
});

it('kills a run that exceeds its time limit', async () => {
  const r = await runPester({ paths: [fixture('Hanging.Tests.ps1')], searchDirs, modulePaths, timeoutMs: 8_000 });
  expect(r.timedOut).toBe(true);
  expect(r.failed).toBeGreaterThan(0);
  expect(r.durationMs).toBeLessThan(60_000);
});

it('says how to get pwsh when there is none', async () => {
  const saved = process.env.PATH;
  process.env.PATH = '';
  try {
    await expect(runPester({ paths: [fixture('Passing.Tests.ps1')], searchDirs: ['/nonexistent'] })).rejects.toMatchObject({
      code: 'PWSH_NOT_FOUND',
      message: expect.stringMatching(/setup:pwsh/),
    });
  } finally {
    process.env.PATH = saved;
  }
});

it('says how to get Pester when it is missing or too old', async () => {
  await expect(runPester({ paths: [fixture('Passing.Tests.ps1')], searchDirs, pesterModulePath: '/nonexistent/Pester.psd1' })).rejects.toBeInstanceOf(
    PesterEnvironmentError,
  );
  await expect(runPester({ paths: [fixture('Passing.Tests.ps1')], searchDirs, modulePaths, minimumPesterVersion: '9.0.0' })).rejects.toMatchObject({
    code: 'PESTER_TOO_OLD',
  });
});

it('parses JUnit entities and CDATA failures', () => {
  const xml = '<testsuite><testcase name="a &amp; b" classname="x" time="0.5"><failure message="x &lt; y"/></testcase><testcase name="c"><skipped/></testcase><testcase name="d"/></testsuite>';
  expect(parseJUnit(xml)).toEqual([
    { name: 'a & b', className: 'x', result: 'Failed', message: 'x < y', durationMs: 500 },
    { name: 'c', className: '', result: 'Skipped', message: undefined, durationMs: undefined },
    { name: 'd', className: '', result: 'Passed', message: undefined, durationMs: undefined },
  ]);
});
