/**
 * The codebase's own invariants about step kinds: every registered kind has its DSL builder, its
 * lowering, a PowerShell handler (found in its `.ps1` by pwsh's own AST), a `.cmd` emitter or a
 * declared refusal, generated Pester cases, and a fixture spec that builds; no TypeScript code
 * outside the registry and the kinds' own folders dispatches on a kind name; every PowerShell
 * `switch` in the engine, the handlers and the Pester harness has a `default`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Node, Project, SyntaxKind } from 'ts-morph';
import { runPwshScript } from 'pester-runner-wrapper';
import { allKinds, kindOf, phases, registry } from '../../generator/steps/registry';
import { builders } from '../../generator/steps/dsl';
import { compileOnly, kindFixtures, repoRoot } from '../support/compile';
import { describeWithPwsh, locatePwsh } from '../support/pwsh';

const stepsDir = path.join(repoRoot, 'generator', 'steps');
const kindNames = new Set(allKinds().map((k) => k.kind));

function listFiles(dir: string, keep: (f: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p, keep) : keep(p) ? [p] : [];
  });
}

describe('every registered step kind', () => {
  const kinds = phases.flatMap((phase) => Object.values(registry[phase]).map((kind) => ({ phase, kind: kind as unknown as ReturnType<typeof allKinds>[number] })));

  it.each(kinds.map((k) => [`${k.phase}/${k.kind.kind}`, k] as const))('%s has a builder, a lowering, a handler file, .cmd support and Pester cases in its folder', (_, { phase, kind }) => {
    const folder = path.join(stepsDir, phase, kind.kind);
    expect(kind.phase).toBe(phase);
    expect(typeof (builders[phase].kinds as Record<string, unknown>)[kind.kind]).toBe('function');
    expect(fs.existsSync(path.join(folder, 'dsl.ts'))).toBe(true);
    expect(typeof kind.lower).toBe('function');
    expect(typeof kind.data).toBe('function');
    expect(fs.existsSync(path.join(folder, kind.engine.file))).toBe(true);
    expect('emit' in kind.cmd || ('notCarried' in kind.cmd && kind.cmd.notCarried.length > 0)).toBe(true);
    expect(fs.existsSync(path.join(folder, kind.pester.file))).toBe(true);
    expect(fs.readFileSync(path.join(folder, kind.pester.file), 'utf8')).toContain(`-ForEach $FfCases.${phase}.${kind.kind}`);
    expect(fs.existsSync(path.join(folder, 'fixture.fix.ts'))).toBe(true);
  });

  it('names each handler once: a script carries the handlers side by side', () => {
    // Kind names are unique within a phase by construction (object keys); a name may recur across
    // phases (detect.registryValue, repair.registryValue), so case tables are keyed by phase too.
    const handlers = allKinds().map((k) => k.engine.handler);
    expect(handlers.filter((n, i) => handlers.indexOf(n) !== i)).toEqual([]);
  });

  it('has no kind folder that the registry does not list', () => {
    for (const phase of fs.readdirSync(stepsDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const kind of fs.readdirSync(path.join(stepsDir, phase.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
        expect(`${phase.name}/${kind.name}: ${kindOf(phase.name as never, kind.name) !== undefined}`).toBe(`${phase.name}/${kind.name}: true`);
      }
    }
  });

  it.each(kindFixtures().map((f) => [f.spec, f] as const))('%s builds, and uses its own kind', async (spec, fixture) => {
    const result = await compileOnly([spec]);
    expect(result.diagnostics.filter((d) => d.category === 'error')).toEqual([]);
    const ir = result.fixes[0].ir;
    expect(ir[fixture.phase as 'detection' | 'repair' | 'verify'].some((s) => s.kind === fixture.kind)).toBe(true);
  });
});

describe('dispatch on kinds', () => {
  it('no TypeScript outside the registry and the kinds\' own folders names a kind in a switch or a comparison', () => {
    const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
    const files = listFiles(path.join(repoRoot, 'generator'), (f) => f.endsWith('.ts') && !f.startsWith(stepsDir + path.sep));
    const offences: string[] = [];
    for (const file of files) {
      const sf = project.addSourceFileAtPath(file);
      const where = (n: Node) => `${path.relative(repoRoot, file)}:${n.getStartLineNumber()}`;
      for (const sw of sf.getDescendantsOfKind(SyntaxKind.SwitchStatement)) {
        const labels = sw.getClauses().flatMap((c) => (Node.isCaseClause(c) ? [c.getExpression().getText().replace(/^['"]|['"]$/g, '')] : []));
        if (labels.some((l) => kindNames.has(l))) offences.push(`${where(sw)}: switch over step kinds`);
      }
      for (const bin of sf.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
        const op = bin.getOperatorToken().getKind();
        if (op !== SyntaxKind.EqualsEqualsEqualsToken && op !== SyntaxKind.ExclamationEqualsEqualsToken) continue;
        for (const side of [bin.getLeft(), bin.getRight()]) {
          if (Node.isStringLiteral(side) && kindNames.has(side.getLiteralValue())) offences.push(`${where(bin)}: compares with kind '${side.getLiteralValue()}'`);
        }
      }
    }
    expect(offences).toEqual([]);
  });
});

describeWithPwsh('PowerShell sources, read by pwsh\'s AST', () => {
  interface FileReport {
    file: string;
    functions: string[];
    switchesWithoutDefault: number[];
    parseErrors: string[];
    /** The commands the file's Pester `Mock` calls stand in for. */
    mocks: string[];
  }
  let reports: FileReport[];

  beforeAll(async () => {
    const pwsh = await locatePwsh();
    const files = [
      ...listFiles(path.join(repoRoot, 'generator'), (f) => f.endsWith('.ps1')),
    ].sort();
    const script = [
      '$out = @()',
      'foreach ($file in $args) {',
      '    $tokens = $null; $errors = $null',
      '    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)',
      '    $functions = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | ForEach-Object { $_.Name })',
      '    $switches = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.SwitchStatementAst] }, $true) | Where-Object { $null -eq $_.Default } | ForEach-Object { $_.Extent.StartLineNumber })',
      // Mock's target: -CommandName, or its first positional word (-Verifiable is its one switch).
      "    $mocks = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Mock' }, $true) | ForEach-Object {",
      '        $e = $_.CommandElements',
      '        for ($i = 1; $i -lt $e.Count; $i++) {',
      '            if ($e[$i] -is [System.Management.Automation.Language.CommandParameterAst]) {',
      "                if ($e[$i].ParameterName -eq 'CommandName') { [string]$e[$i + 1].Value; break }",
      "                if (-not $e[$i].Argument -and $e[$i].ParameterName -ne 'Verifiable') { $i++ }",
      '                continue',
      '            }',
      '            [string]$e[$i].Extent.Text; break',
      '        }',
      '    })',
      '    $out += [ordered]@{ file = $file; functions = $functions; switchesWithoutDefault = $switches; parseErrors = @($errors | ForEach-Object { $_.Message }); mocks = $mocks }',
      '}',
      "'REPORT=' + (ConvertTo-Json -InputObject @($out) -Depth 4 -Compress)",
    ].join('\n');
    const r = await runPwshScript(pwsh.path, script, { args: files });
    const line = r.stdout.split(/\r?\n/).find((l) => l.startsWith('REPORT='));
    if (!line) throw new Error(`no report from pwsh: ${r.stderr}`);
    reports = JSON.parse(line.slice('REPORT='.length));
  }, 120_000);

  it('parses every engine source, handler, Pester case block and harness', () => {
    expect(reports.length).toBeGreaterThanOrEqual(1 + allKinds().length * 2);
    for (const r of reports) expect({ file: r.file, errors: r.parseErrors }).toEqual({ file: r.file, errors: [] });
  });

  it('finds each kind\'s handler function in its own .ps1', () => {
    for (const phase of phases) {
      for (const kind of Object.values(registry[phase]) as unknown as ReturnType<typeof allKinds>) {
        const file = path.join(stepsDir, phase, kind.kind, kind.engine.file);
        const report = reports.find((r) => path.resolve(r.file) === file);
        expect({ kind: kind.kind, defines: report?.functions.includes(kind.engine.handler) }).toEqual({ kind: kind.kind, defines: true });
      }
    }
  });

  it('defines every function once across the engine and the handlers (a script carries them side by side)', () => {
    const engineFiles = reports.filter((r) => !/\.(Tests|Cases|Fakes)\.ps1$/.test(r.file) && !r.file.endsWith('Harness.ps1'));
    const all = engineFiles.flatMap((r) => r.functions.map((f) => f.toLowerCase()));
    expect(all.filter((f, i) => all.indexOf(f) !== i)).toEqual([]);
  });

  it('fakes only the engine\'s own functions, never a built-in cmdlet (the fakes convention)', () => {
    const own = new Set(
      reports
        .filter((r) => !/\.(Tests|Cases|Fakes)\.ps1$/.test(r.file) && !r.file.includes(`${path.sep}emit${path.sep}pester${path.sep}`))
        .flatMap((r) => r.functions.map((f) => f.toLowerCase())),
    );
    const mocks = reports.flatMap((r) => r.mocks.map((m) => ({ file: path.relative(repoRoot, r.file), mock: m })));
    expect(mocks.length).toBeGreaterThan(50);
    expect(mocks.filter((m) => !own.has(m.mock.toLowerCase()))).toEqual([]);
  });

  it('keeps each fake beside what it fakes: a <kind>.Fakes.ps1 mocks only its <kind>.ps1, Engine.Fakes.ps1 only the core', () => {
    const fakes = reports.filter((r) => r.file.endsWith('.Fakes.ps1'));
    expect(fakes.map((r) => path.relative(repoRoot, r.file))).toEqual(expect.arrayContaining(['generator/engine/Engine.Fakes.ps1']));
    for (const r of fakes) {
      const companion = r.file.endsWith(`${path.sep}Engine.Fakes.ps1`) ? path.join(path.dirname(r.file), 'Core.ps1') : r.file.replace(/\.Fakes\.ps1$/, '.ps1');
      const defined = new Set((reports.find((c) => path.resolve(c.file) === path.resolve(companion))?.functions ?? []).map((f) => f.toLowerCase()));
      expect({ fakes: path.relative(repoRoot, r.file), foreign: r.mocks.filter((m) => !defined.has(m.toLowerCase())) }).toEqual({ fakes: path.relative(repoRoot, r.file), foreign: [] });
    }
  });

  it('gives every switch a default', () => {
    const missing = reports.flatMap((r) => r.switchesWithoutDefault.map((line) => `${path.relative(repoRoot, r.file)}:${line}`));
    expect(missing).toEqual([]);
  });
});
