/** The spec's `targets`, read by each target's own rules (handed in: lowering sits below the targets). */
import type { FieldReader, Obj } from '../vocabulary/fieldReader';
import type { TargetsIR } from '../vocabulary/ir/common';
import type { TargetRules } from './targetRules';

/** `targets` of the spec: each enabled target's options, read by the target itself. */
export function lowerTargetOptions(targets: readonly TargetRules[], r: FieldReader, spec: Obj): TargetsIR {
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
  checkSourcePath(targets, r, out as TargetsIR);
  return out as TargetsIR;
}

/** The spec's file name goes into every generated file's header: each enabled target must carry it (FF3103 at 1:1). */
function checkSourcePath(targets: readonly TargetRules[], r: FieldReader, enabled: TargetsIR): void {
  const at = r.where({});
  for (const target of targets) {
    if (!enabled[target.name]) continue;
    const reason = target.sourcePath?.(at.file);
    if (reason) r.report('FF3103', [target.name, JSON.stringify(at.file).slice(1, -1), reason], {}, undefined, 'file name');
  }
}
