/** The deployment targets, in output order. A spec enables each under `targets.<name>`. */
import type { FieldReader, Obj } from '../check/fieldReader';
import type { TargetsIR } from '../ir/types';
import { moduleTarget } from './module';
import { cmdTarget } from './cmd';
import { intuneTarget } from './intune';
import { gpoTarget } from './gpo';
import type { Target, TargetName } from './target';

export type { AfterSignEmitter, FinalFile, Target, TargetName } from './target';

export const targets: readonly Target[] = [moduleTarget, cmdTarget, intuneTarget, gpoTarget];
export const targetNames: readonly TargetName[] = targets.map((t) => t.name);

export function targetByName(name: TargetName): Target {
  return targets.find((t) => t.name === name)!;
}

/** `targets` of the spec: each enabled target's options, read by the target itself. */
export function lowerTargets(r: FieldReader, spec: Obj): TargetsIR {
  const t = r.object(spec, 'targets', 'targets');
  if (!t) return {};
  const out: Record<string, unknown> = {};
  for (const target of targets) {
    const options = r.optionalObject(t, target.name, `targets.${target.name}`);
    if (!options) continue;
    const lowered = target.lowerOptions(r, options, `targets.${target.name}`);
    if (lowered) out[target.name] = lowered;
  }
  if (Object.keys(t).length === 0) r.report('FF2010', [], t, undefined, 'targets');
  return out as TargetsIR;
}
