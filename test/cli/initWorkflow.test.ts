/**
 * The GitHub Actions workflow `fixforge init` writes (issue 17): besides the Linux build job, a
 * windows-latest job that runs the generated Pester tests and every module's smoke test in both
 * Windows PowerShell 5.1 (`powershell`) and PowerShell 7 (`pwsh`). Windows cannot run here, so
 * this checks the workflow's structure: parsed as YAML, the job wiring, the shells, and that the
 * file selection picks up the test files a real build writes (and nothing of the nupkg payload).
 */
import { projectFiles } from '../../generator/cli/init/projectFiles';
import { compileOnly } from '../support/compile';
import { readZip } from '../support/unzip';

// js-yaml: a maintained YAML 1.2 parser (already in the tree for jest), a devDependency here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load } = require('js-yaml') as { load: (text: string) => unknown };

interface Step {
  uses?: string;
  name?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  strategy?: { 'fail-fast'?: boolean; matrix: Record<string, unknown> };
  defaults?: { run?: { shell?: string } };
  steps: Step[];
}

const workflowText = projectFiles({ author: 'A', companyName: 'C' }).find((f) => f.path === '.github/workflows/fixforge.yml')!.text;
const workflow = load(workflowText) as { jobs: Record<string, Job> };

describe('the workflow fixforge init writes', () => {
  const { build, windows } = workflow.jobs;

  it('has the Linux build job and a windows-latest job after it', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['build', 'windows']);
    expect(build['runs-on']).toBe('ubuntu-latest');
    expect(windows['runs-on']).toBe('windows-latest');
    expect(windows.needs).toBe('build');
  });

  it('runs every step of the Windows job once in Windows PowerShell 5.1 and once in PowerShell 7', () => {
    expect(windows.strategy?.matrix).toEqual({ shell: ['powershell', 'pwsh'] });
    expect(windows.strategy?.['fail-fast']).toBe(false);
    expect(windows.defaults?.run?.shell).toBe('${{ matrix.shell }}');
    // No step overrides the matrix's shell.
    expect(windows.steps.filter((s) => s.run && s.shell)).toEqual([]);
  });

  it('takes the built fixes from the build job: the artifact it uploads, by name', () => {
    const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    const download = windows.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.with?.name).toBe(upload.with?.name);
    expect(String(upload.with?.path)).toContain('out/');
    // Downloaded before anything runs.
    expect(windows.steps.indexOf(download)).toBe(0);
  });

  it('installs Pester 5 (with the NuGet provider Windows PowerShell 5.1 needs), then runs the tests and fails the job on a failure', () => {
    const install = windows.steps.find((s) => s.name === 'Install Pester 5')!;
    expect(install.run).toContain('Install-Module Pester -MinimumVersion 5.0');
    expect(install.run).toMatch(/PSEdition -ne 'Core'.*Install-PackageProvider -Name NuGet/);
    const tests = windows.steps.find((s) => s.name === 'Generated Pester tests and smoke tests')!;
    expect(windows.steps.indexOf(tests)).toBeGreaterThan(windows.steps.indexOf(install));
    expect(tests.run).toContain('Import-Module Pester -MinimumVersion 5.0');
    expect(tests.run).toContain('$config.Run.Exit = $true');
    expect(tests.run).toContain('Invoke-Pester -Configuration $config');
    expect(tests.run).toContain("throw 'No generated tests under out/*/module/.'");
    // Signed with the project's certificate, not necessarily trusted on the runner: this process only.
    expect(tests.run).toContain('Set-ExecutionPolicy -Scope Process -ExecutionPolicy Bypass -Force');
    const results = windows.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(results.if).toBe('always()');
    expect(results.with?.path).toBe('windows-${{ matrix.shell }}.xml');
  });

  it('selects exactly the generated tests and smoke tests of a real build', async () => {
    const tests = windows.steps.find((s) => s.name === 'Generated Pester tests and smoke tests')!;
    const filter = /-Filter '([^']+)'/.exec(tests.run!)![1];
    const where = /-match '([^']+)'/.exec(tests.run!)![1];
    expect(filter).toBe('*.Tests.ps1');
    // The same selection, in JavaScript: a file name ending in .Tests.ps1 under a module folder.
    const result = await compileOnly(['spec/kb2328240.fix.ts']);
    const paths = [...result.fixes[0].contents.keys()].map((p) => `out/kb2328240/${p}`);
    const selected = paths.filter((p) => p.endsWith('.Tests.ps1') && new RegExp(where).test(p.replace(/\//g, '\\')) && new RegExp(where).test(p));
    expect(selected.sort()).toEqual(['out/kb2328240/module/FixForge.KB2328240/FixForge.KB2328240.Smoke.Tests.ps1', 'out/kb2328240/module/FixForge.KB2328240/FixForge.KB2328240.Tests.ps1']);
    // The smoke test ships beside the module, outside the payload the nupkg installs.
    const nupkg = [...result.fixes[0].contents].find(([p]) => p.endsWith('.nupkg'))![1];
    const entries = readZip(nupkg).map((e) => e.name);
    expect(entries.some((n) => n.endsWith('.psm1'))).toBe(true);
    expect(entries.filter((n) => /Tests\.ps1$/i.test(n))).toEqual([]);
  }, 60_000);
});
