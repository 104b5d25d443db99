/**
 * The engine sources on their own, independent of any build: the core and standalone helpers
 * (generator/engine/*.ps1) and every step kind's handler (generator/steps/<phase>/<kind>/<kind>.ps1).
 * Their Pester unit tests (<name>.Tests.ps1 beside each) pass, they pass the Windows PowerShell 2.0
 * AST check (scripts/ps/Test-Ps2Compatibility.ps1), and they are pure ASCII (the Intune scripts
 * embed them, and Intune reads scripts as ASCII). Two pwsh runs side by side: Pester, the 2.0 check.
 * The *.Tests.ps1, *.Cases.ps1 and *.Fakes.ps1 files need PowerShell 5.1 or later and are not held to 2.0.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatSummary, runPester, type PesterRunResult } from 'pester-runner-wrapper';
import { checkPs2Compatibility, describeWithPwsh, pesterModulePath, pwshPath, repoRoot, type Ps2Finding } from '../support/pwsh';

const engineDir = path.join(repoRoot, 'generator', 'engine');
const stepsDir = path.join(repoRoot, 'generator', 'steps');

/** The Pester tests the engine's test files hold at least, all together and each. */
const MIN_ENGINE_TESTS = 130;
const MIN_TESTS_PER_FILE = 5;

const isTestFile = (f: string) => f.endsWith('.Tests.ps1');
const isCasesFile = (f: string) => f.endsWith('.Cases.ps1');
/** Fakes of the engine's OS functions for the generated tests (Engine.Fakes.ps1, <kind>.Fakes.ps1): test code, not engine. */
const isFakesFile = (f: string) => f.endsWith('.Fakes.ps1');

/** generator/engine/*.ps1 without the tests. */
const engineSources = fs
  .readdirSync(engineDir)
  .filter((f) => f.endsWith('.ps1') && !isTestFile(f) && !isCasesFile(f) && !isFakesFile(f))
  .sort()
  .map((f) => path.join(engineDir, f));

/** generator/steps/<phase>/<kind>/<kind>.ps1: one handler per kind folder that has one. */
const handlers = fs
  .readdirSync(stepsDir, { withFileTypes: true })
  .filter((phase) => phase.isDirectory())
  .flatMap((phase) =>
    fs
      .readdirSync(path.join(stepsDir, phase.name), { withFileTypes: true })
      .filter((kind) => kind.isDirectory())
      .map((kind) => path.join(stepsDir, phase.name, kind.name, `${kind.name}.ps1`)),
  )
  .filter((file) => fs.existsSync(file))
  .sort();

const sources = [...engineSources, ...handlers];

/** Each source's own test file, beside it: <name>.Tests.ps1. */
const testFileOf = (source: string) => source.replace(/\.ps1$/, '.Tests.ps1');
const testFiles = sources.map(testFileOf);

const rel = (file: string) => path.relative(repoRoot, file).split(path.sep).join('/');

describe('engine sources', () => {
  it('are the core, the standalone helpers and one handler per step kind', () => {
    expect(engineSources.map(rel)).toEqual(expect.arrayContaining(['generator/engine/Core.ps1', 'generator/engine/Standalone.ps1']));
    expect(handlers.map(rel)).toEqual(
      expect.arrayContaining([
        'generator/steps/detection/eventLog/eventLog.ps1',
        'generator/steps/detection/fileContent/fileContent.ps1',
        'generator/steps/repair/clearFolderContents/clearFolderContents.ps1',
        'generator/steps/repair/runProgram/runProgram.ps1',
        'generator/steps/verify/foldersEmpty/foldersEmpty.ps1',
        'generator/steps/verify/rerunDetection/rerunDetection.ps1',
      ]),
    );
  });

  it('each have their own Pester test file beside them', () => {
    expect(testFiles.filter((f) => !fs.existsSync(f)).map(rel)).toEqual([]);
  });

  it('are pure ASCII (the Intune scripts embed them), and so is the hostile-tree builder the module tests embed', () => {
    const hostileTree = path.join(repoRoot, 'generator', 'emit', 'pester', 'HostileTree.ps1');
    expect(fs.existsSync(hostileTree)).toBe(true);
    const offending = [...sources, hostileTree].flatMap((file) => {
      const bytes = fs.readFileSync(file);
      const at = bytes.findIndex((b) => b > 0x7f);
      if (at < 0) return [];
      const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
      return [`${rel(file)}:${line}: byte 0x${bytes[at].toString(16).padStart(2, '0')}`];
    });
    expect(offending).toEqual([]);
  });
});

describeWithPwsh('engine sources in pwsh', () => {
  let work: string;
  let pester: PesterRunResult;
  let ps2Findings: Ps2Finding[];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-engine-'));
    const existing = testFiles.filter((f) => fs.existsSync(f));
    [pester, ps2Findings] = await Promise.all([
      runPester({
        paths: existing,
        pwsh: pwshPath(),
        pesterModulePath: await pesterModulePath(),
        junitPath: path.join(work, 'engine-junit.xml'),
        timeoutMs: 300_000,
      }),
      checkPs2Compatibility(sources),
    ]);
  }, 600_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('pass their own Pester tests', () => {
    const summary = formatSummary(pester);
    expect({ failed: pester.failed, timedOut: pester.timedOut, errors: pester.errors, summary }).toEqual({
      failed: 0,
      timedOut: false,
      errors: [],
      summary: expect.any(String),
    });
    expect(pester.passed).toBeGreaterThanOrEqual(MIN_ENGINE_TESTS);
  });

  it('each test file runs tests of its own, and they pass', () => {
    const counts = testFiles.map((file) => {
      const own = pester.tests.filter((t) => t.file !== undefined && path.resolve(repoRoot, t.file) === file);
      return { file: rel(file), passed: own.filter((t) => t.result === 'Passed').length >= MIN_TESTS_PER_FILE, failed: own.filter((t) => t.result === 'Failed').map((t) => t.name) };
    });
    expect(counts).toEqual(testFiles.map((file) => ({ file: rel(file), passed: true, failed: [] })));
  });

  it('pass the Windows PowerShell 2.0 AST check (scripts/ps/Test-Ps2Compatibility.ps1)', () => {
    expect(ps2Findings.map((f) => `${rel(f.file)}:${f.line}:${f.column} - ${f.code}: ${f.message}`)).toEqual([]);
  });
});
