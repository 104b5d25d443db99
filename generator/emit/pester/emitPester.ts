/**
 * Pester 5 behaviour tests for the generated module: `module/<Name>/<Name>.Tests.ps1`. The file
 * is the shared harness (Harness.ps1, real PowerShell) plus, for each step kind the fix uses, the
 * kind's own cases (`<kind>.Cases.ps1` in its folder), driven by data tables written from the IR
 * by the serializer: every step gets the cases of its kind, with test data from the step itself.
 * The tests fake only the engine's own OS functions: each engine file the module carries brings its
 * fakes (`<kind>.Fakes.ps1` beside a handler, `Engine.Fakes.ps1` for the core), after the harness.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact } from '../artifact';
import { commandNames, contextParameterValue, pascalCase } from '../../vocabulary/naming';
import { generatorBanner } from '../banner';
import { escapeLineComment, quotePowerShellLiteral } from '../../vocabulary/escape/powershell';
import type { FixIR } from '../../ir/types';
import { moduleFolder } from '../module/emitModule';
import { kindOfStep, phases } from '../../steps/registry';
import type { PesterContext } from '../../steps/stepKind';
import { engineDir, packageRoot, stepKindDir } from '../../vocabulary/paths';
import { detectionContexts, engineFiles, psRoot, stringKeys, usedKinds } from '../powershell/engine';
import { toPowerShell, type PsValue } from '../../vocabulary/powershell/data';

const sources = new Map<string, string>();
function source(file: string): string {
  let text = sources.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n').trimEnd();
    sources.set(file, text);
  }
  return text;
}

const indent = (text: string, by: string) => text.replace(/^(?=.)/gm, by);

/**
 * The fakes of the engine files a fix's module carries, in the same order, each once: beside a
 * handler `<kind>.ps1` its `<kind>.Fakes.ps1`, and for the core files `generator/engine/Engine.Fakes.ps1`.
 * A file without OS functions has no fakes file.
 */
export function fakesFiles(ir: FixIR): string[] {
  const core = path.resolve(engineDir());
  const out: string[] = [];
  for (const file of engineFiles(ir)) {
    const fakes = path.dirname(path.resolve(file)) === core ? path.join(core, 'Engine.Fakes.ps1') : file.replace(/\.ps1$/, '.Fakes.ps1');
    if (!out.includes(fakes) && fs.existsSync(fakes)) out.push(fakes);
  }
  return out;
}

export function emitPester(ir: FixIR): Artifact[] {
  if (!ir.targets.module) return [];
  const commands = commandNames(ir.module.noun);
  const ctx: PesterContext = {
    contextValue: contextParameterValue,
    keys: stringKeys,
    targets: ir.targets,
    hintCases: (stepId) => {
      const hints = ir.hints.filter((h) => h.detection === stepId);
      return hints.flatMap((h) =>
        ir.cultures.flatMap((culture) =>
          ((h.messageContains as Readonly<Record<string, readonly string[]>>)[culture] ?? []).map((needle) => ({
            HintId: h.id,
            Culture: culture,
            Needle: needle,
            TextKey: `${pascalCase(h.id)}Text`,
            OtherTextKeys: hints.filter((o) => o.id !== h.id).map((o) => `${pascalCase(o.id)}Text`),
          })),
        ),
      );
    },
  };
  // By phase, then kind: a kind name may be used in two phases (detect.registryValue, repair.registryValue).
  const cases: Record<string, PsValue> = {};
  for (const phase of phases) {
    const byKind: Record<string, PsValue[]> = {};
    for (const step of ir[phase]) {
      const kind = kindOfStep(phase, step);
      (byKind[kind.kind] ??= []).push(kind.pester.cases(step as never, ctx));
    }
    cases[phase] = byKind;
  }
  // Repair steps with options of their own get the generic option cases (Options.Cases.ps1).
  const withOptions = ir.repair.filter((r) => r.options.when || r.options.onFailure === 'stop' || r.options.retry || r.options.rebootRequired || r.options.optional);
  if (withOptions.length > 0) {
    cases.stepOptions = withOptions.map((r) => ({
      StepId: r.id,
      ContextValue: contextParameterValue(r.context),
      When: r.options.when ?? null,
      OnFailure: r.options.onFailure,
      RetryCount: r.options.retry?.count ?? 0,
      RebootRequired: r.options.rebootRequired,
      Optional: r.options.optional,
      IncludeSwitch: `Include${pascalCase(r.id)}`,
      LaterStepIds: ir.repair.slice(ir.repair.indexOf(r) + 1).filter((l) => !l.options.optional).map((l) => l.id),
    }));
  }
  const roots: Record<string, PsValue> = {};
  for (const r of ir.roots) roots[r.id] = psRoot(r);
  const testData: Record<string, PsValue> = {
    ModuleName: ir.module.name,
    Commands: { Test: commands.test, Repair: commands.repair, Status: commands.status },
    Contexts: ir.contexts.map(contextParameterValue),
    Roots: roots,
    OptionalSwitches: ir.repair.filter((r) => r.options.optional).map((r) => `Include${pascalCase(r.id)}`),
    OptionalStepIds: ir.repair.filter((r) => r.options.optional).map((r) => r.id),
    // An on-demand fix (detect.always) is "needed" after a repair too: Test-after-Repair does not apply.
    OnDemand: ir.detection.some((d) => kindOfStep('detection', d).onDemand === true),
    // Steps whose running depends on others (`when`, `onFailure: stop`).
    HasStepOrder: ir.repair.some((r) => r.options.when !== undefined || r.options.onFailure === 'stop'),
    // For the calls made as the help shows (Calls.Cases.ps1): what each result must say per role.
    FixId: ir.id,
    DetectionContexts: Object.fromEntries(ir.detection.map((d) => [d.id, detectionContexts(d).map(contextParameterValue)])),
    RepairSteps: ir.repair.map((r) => ({ Id: r.id, Context: contextParameterValue(r.context), Optional: r.options.optional, When: r.options.when ?? null })),
    VerifyCount: ir.verify.length,
  };
  // The hostile-tree builder (links, loops, odd names; issue 11) travels with the harness.
  const harnessFiles = ['Harness.ps1', 'HostileTree.ps1'].map((f) => path.join(packageRoot(), 'generator', 'emit', 'pester', f));
  const harness = [...harnessFiles, ...fakesFiles(ir)].map(source).join('\n\n');
  // A kind's cases run once per step of that kind; a kind used only inside another step (verify.that's
  // condition) has no entries, and Pester would run a block with no data once, unexpanded.
  const blocks = usedKinds(ir)
    .filter(({ phase, kind }) => ir[phase].some((s) => s.kind === kind.kind))
    .map(({ phase, kind }) => indent(source(path.join(stepKindDir(phase, kind.kind), kind.pester.file)), '    '));
  // Every exported function as its help calls it, once per process role.
  blocks.push(indent(source(path.join(packageRoot(), 'generator', 'emit', 'pester', 'Calls.Cases.ps1')), '    '));
  if (cases.stepOptions) blocks.push(indent(source(path.join(packageRoot(), 'generator', 'emit', 'pester', 'Options.Cases.ps1')), '    '));
  const text = [
    `# Pester 5 tests for ${escapeLineComment(ir.module.name)} ${escapeLineComment(ir.module.version)}: behaviour of ${commands.test}, ${commands.repair} and ${commands.status}.`,
    `# Generated by ${generatorBanner()} from ${escapeLineComment(ir.sourceFile)}. Do not edit: change the spec and rebuild.`,
    '# Needs PowerShell 5.1 or later and Pester 5; runs on Windows and on pwsh for Linux (fake Windows tree under $TestDrive).',
    `# In this folder: Invoke-Pester -Path ${escapeLineComment(ir.module.name)}.Tests.ps1 -Output Detailed`,
    '',
    '# Found while Pester discovers the file; handed to the run phase as Describe data.',
    '$moduleFolder = Split-Path -Parent $MyInvocation.MyCommand.Path',
    `$FfTest = ${toPowerShell(testData)}`,
    '',
    '# One entry per step, by kind: each kind\'s cases below run once per entry.',
    `$FfCases = ${toPowerShell(cases)}`,
    '',
    `Describe ${quotePowerShellLiteral(ir.module.name)} -ForEach @(@{ ModuleFolder = $moduleFolder; FfTest = $FfTest; FfCases = $FfCases }) {`,
    '    BeforeAll {',
    indent(harness, '        '),
    '    }',
    '',
    '    AfterAll {',
    '        Get-Module -Name $FfTest.ModuleName | Remove-Module -Force',
    '    }',
    '',
    blocks.join('\n\n'),
    '}',
    '',
  ].join('\n');
  return [{ path: `${moduleFolder(ir)}/${ir.module.name}.Tests.ps1`, kind: 'powershell', text }];
}
