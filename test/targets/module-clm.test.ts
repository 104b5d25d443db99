/**
 * The module's public functions under Constrained Language Mode (App Control/WDAC or AppLocker
 * not trusting the module): each stops first with one clear error naming the remedy, before any
 * .NET call of the engine could fail midway.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from '../../generator/pipeline/compile';
import { repoRoot } from '../support/compile';
import { describeWithPwsh, pwshPath } from '../support/pwsh';

describeWithPwsh('module functions in Constrained Language Mode', () => {
  let outDir: string;
  afterAll(() => outDir && fs.rmSync(outDir, { recursive: true, force: true }));

  it('Test-, Repair- and Get-<Noun>Status each stop with one ERROR naming signing and WDAC publisher rules; FullLanguage is unaffected', async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-module-clm-'));
    const result = await build({ specs: ['spec/kb2328240.fix.ts'], outDir, cwd: repoRoot, targets: ['module'] });
    expect(result.ok).toBe(true);
    const { ir } = result.fixes[0];
    const manifest = path.join(outDir, ir.id, 'module', ir.module.name, `${ir.module.name}.psd1`);
    const noun = ir.module.noun;
    const empty = fs.mkdtempSync(path.join(outDir, 'tree-'));
    const script = [
      `Import-Module -Name '${manifest}' -Force`,
      // Full language first: the check lets a normal session through.
      `$t = Test-${noun} -WindowsDirectory '${empty}' -DataDirectory '${path.join(empty, 'data')}' -ErrorAction SilentlyContinue`,
      "'FULL=' + [int]($null -ne $t)",
      "$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'",
      `Import-Module -Name '${manifest}' -Force`,
      `foreach ($command in @('Test-${noun}', 'Repair-${noun}', 'Get-${noun}Status')) {`,
      `  $parameters = @{ WindowsDirectory = '${empty}'; DataDirectory = '${path.join(empty, 'data')}' }`,
      "  if ($command -like 'Repair-*') { $parameters.Confirm = $false }",
      "  try { & $command @parameters; 'NOERROR=' + $command } catch { 'CAUGHT=' + $_.Exception.Message }",
      '}',
    ].join('\n');
    const r = spawnSync(pwshPath()!, ['-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8', timeout: 120_000 });
    const lines = r.stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
    expect(lines).toContain('FULL=1');
    const caught = lines.filter((l) => l.startsWith('CAUGHT='));
    expect(lines.filter((l) => l.startsWith('NOERROR='))).toEqual([]);
    expect(caught).toHaveLength(3);
    for (const [i, command] of [`Test-${noun}`, `Repair-${noun}`, `Get-${noun}Status`].entries()) {
      expect(caught[i]).toBe(
        `CAUGHT=ERROR: PowerShell runs in ConstrainedLanguage mode (App Control/WDAC or AppLocker), and ${command} needs FullLanguage: sign the module and allow its publisher with a WDAC or AppLocker publisher rule. Nothing was checked or changed.`,
      );
    }
    // Nothing was written: the data folder was never created in Constrained Language Mode.
    expect(fs.existsSync(path.join(empty, 'data', 'state.txt'))).toBe(false);
  }, 180_000);
});
