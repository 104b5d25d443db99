/**
 * The PowerShell engine a script carries: the fix's data tables (written by the one serializer),
 * the core (`generator/engine/Core.ps1`) and the handlers of exactly the step kinds the fix uses
 * (`generator/steps/<phase>/<kind>/<kind>.ps1`). The module, the Intune scripts and the GPO
 * startup script all embed this, so they behave alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FixIR } from '../../ir/types';
import { engineDir, stepKindDir } from '../../vocabulary/paths';
import { kindOfStep, locationsOf, phases, type AnyStepKind } from '../../steps/registry';
import type { StepIRBase, StepsContext } from '../../steps/stepKind';
import type { Phase } from '../../steps/dsl';
import { contextParameterValue, pascalCase } from '../../vocabulary/naming';
import { assignments, toPowerShell, type PsValue } from '../../vocabulary/powershell/data';
import { pathSegments } from '../../steps/engineData';
import { assertNever } from '../../vocabulary/assertNever';
import type { RootIR } from '../../ir/types';
import type { ExecutionContext } from '../../vocabulary/ir/common';
import { contextOrder, wellKnownRoots } from '../../vocabulary/ir/roots';

/** A root as the engine (and the Pester harness) reads it: its kind and where it lies. */
export function psRoot(r: RootIR): Record<string, PsValue> {
  const l = r.location;
  switch (l.kind) {
    case 'windows':
      return { Kind: l.kind, Segments: pathSegments(l.path) };
    case 'profile':
      return { Kind: l.kind, Segments: pathSegments(l.path) };
    case 'special':
      return { Kind: l.kind, Folder: l.folder, Segments: [] };
    case 'everyUserProfile':
    case 'currentUserProfile':
      return { Kind: l.kind, Segments: [] };
    default:
      return assertNever(l);
  }
}

const sources = new Map<string, string>();

/** A PowerShell source file of the engine, read once per process; LF line ends. */
function source(file: string): string {
  let text = sources.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n').replace(/^\uFEFF/, '');
    sources.set(file, text);
  }
  return text;
}

/** The kinds the fix uses, each once, in phase and registry order. */
export function usedKinds(ir: FixIR): { phase: Phase; kind: AnyStepKind }[] {
  const seen = new Set<string>();
  const out: { phase: Phase; kind: AnyStepKind }[] = [];
  const visit = (phase: Phase, step: { readonly kind: string }) => {
    const kind = kindOfStep(phase, step);
    const key = `${phase}/${kind.kind}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ phase, kind });
    }
    for (const inner of kind.nested?.(step as never) ?? []) visit(inner.phase, inner.step);
  };
  for (const phase of phases) for (const step of ir[phase]) visit(phase, step);
  // Phase and registry order, whatever order the steps came in.
  return phases.flatMap((phase) => out.filter((u) => u.phase === phase));
}

export function handlerFile(phase: Phase, kind: AnyStepKind): string {
  return path.join(stepKindDir(phase, kind.kind), kind.engine.file);
}

/** The PowerShell files a script carries, in order: the core, then each used handler after the files it `uses`. */
export function engineFiles(ir: FixIR): string[] {
  // Each file once: a handler's `uses` (engine files it shares with another kind) come before it.
  const files = [path.join(engineDir(), 'Core.ps1')];
  for (const { phase, kind } of usedKinds(ir)) {
    const shared = (kind.engine.uses ?? []).map((file) => path.resolve(stepKindDir(phase, kind.kind), file));
    for (const file of [...shared, path.resolve(handlerFile(phase, kind))]) if (!files.includes(file)) files.push(file);
  }
  return files;
}

/** The core and the used handlers, as one block of PowerShell. */
export function engineCode(ir: FixIR): string {
  return engineFiles(ir)
    .map((file) => source(file).trimEnd())
    .join('\n\n');
}

/** String-table keys of a step's texts (the string table in module/strings.ts uses the same). */
export function stringKeys(step: { readonly id: string }) {
  const base = pascalCase(step.id);
  return { description: `${base}Description`, detected: `${base}Detected`, clean: `${base}Clean` };
}

/** A step's complete data-table entry: the fields every step of its phase has, then its kind's own. */
export function stepData(phase: Phase, s: FixIR[Phase][number] | StepIRBase): Record<string, PsValue> {
  const kind = kindOfStep(phase, s);
  const keys = stringKeys(s);
  const common: Record<string, PsValue> = { Id: s.id, Kind: s.kind, Handler: kind.engine.handler };
  if (phase === 'detection') {
    const d = s as FixIR['detection'][number];
    Object.assign(common, { Indicates: d.indicates, DetectedKey: keys.detected, CleanKey: keys.clean, Contexts: detectionContexts(d).map(contextParameterValue) });
  } else {
    if (phase === 'repair') {
      const r = s as FixIR['repair'][number];
      Object.assign(common, {
        Context: contextParameterValue(r.context),
        When: r.options.when ?? null,
        OnFailure: r.options.onFailure,
        RetryCount: r.options.retry?.count ?? 0,
        RetryDelaySeconds: r.options.retry?.delaySeconds ?? 0,
        RebootRequired: r.options.rebootRequired,
        Optional: r.options.optional,
      });
    }
    common.DescriptionKey = keys.description;
  }
  return { ...common, ...kind.data(s as never, dataContext) };
}

/**
 * Whose state a detection step reads: its own `context` (a registry hive), else the contexts of the
 * roots its locations lie under (a profile root by the location's context); a step with neither
 * (an event log, a service, a program) reads the machine's. Invoke-FfDetection skips a step whose
 * contexts the process's role cannot read (CurrentUser as SYSTEM, EveryUser as a standard user).
 */
export function detectionContexts(step: StepIRBase): ExecutionContext[] {
  const found = new Set<ExecutionContext>();
  const own = (step as { readonly context?: unknown }).context;
  if (typeof own === 'string' && (contextOrder as readonly string[]).includes(own)) found.add(own as ExecutionContext);
  else {
    for (const l of locationsOf('detection', step, dataContext)) {
      if (l.context) found.add(l.context);
      else for (const c of wellKnownRoots[l.root].contexts) found.add(c);
    }
  }
  if (found.size === 0) found.add('system');
  return contextOrder.filter((c) => found.has(c));
}

const dataContext: StepsContext = {
  locationsOf: (phase, step) => locationsOf(phase, step, dataContext),
  stepData: (phase, step) => stepData(phase, step),
};

/** The fix's data tables: `$script:FixId`, roots, the steps of each phase with their handlers, hints. */
export function engineData(ir: FixIR, hintCultures: readonly string[]): string {
  const step = stepData;
  const roots: Record<string, PsValue> = {};
  for (const r of ir.roots) roots[r.id] = { ...psRoot(r), Label: r.label };
  return [
    '#region Fix definition (from the spec)',
    assignments('script', { FixId: ir.id, ModuleVersion: ir.module.version }),
    '# The contexts the repair steps run in: a call without -Context runs those of them its role may.',
    `$script:Contexts = ${toPowerShell(ir.contexts.map(contextParameterValue))}`,
    '',
    '# Well-known roots. Windows roots are folder segments under the Windows directory.',
    `$script:Roots = ${toPowerShell(roots)}`,
    '',
    ...phases.map((phase) => `$script:${pascalCase(phase)}Steps = ${toPowerShell(ir[phase].map((s) => step(phase, s)))}\n`),
    `$script:Hints = ${toPowerShell(
      ir.hints.map((h) => ({
        Id: h.id,
        Detection: h.detection,
        MessageContains: hintCultures.flatMap((c) => (h.messageContains as Readonly<Record<string, readonly string[]>>)[c] ?? []),
        TextKey: `${pascalCase(h.id)}Text`,
      })),
    )}`,
    '#endregion',
  ].join('\n');
}
