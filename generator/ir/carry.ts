/**
 * Which strings each target embeds, and how: each target (generator/targets) says which escape
 * rule applies to which kind of spec string; this asks every enabled one. The targets are handed
 * in by the caller (the pipeline, through lowerSpec): lowering sits below the targets.
 */
import type { TargetsIR } from '../vocabulary/ir/common';
import type { StringRole } from '../vocabulary/stringRole';
import type { TargetRules } from './targetRules';

export type { StringRole } from '../vocabulary/stringRole';

/** Each enabled target that cannot carry `value` in `role`, with the reason. */
export function carryRefusals(targets: readonly TargetRules[], enabled: TargetsIR, role: StringRole, value: string): { target: string; reason: string }[] {
  const out: { target: string; reason: string }[] = [];
  for (const target of targets) {
    if (!enabled[target.name]) continue;
    const reason = target.carry[role]?.(value);
    if (reason) out.push({ target: target.name, reason });
  }
  return out;
}
