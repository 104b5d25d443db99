/**
 * Which strings each target embeds, and how: each target (generator/targets) says which escape
 * rule applies to which kind of spec string; this asks every enabled one.
 */
import type { TargetsIR } from '../ir/types';
import { targets } from '../targets';

/** What a spec string is used for. */
export type StringRole =
  /** Shown to people: titles, descriptions, messages (en-US goes into scripts, every culture into the module). */
  | 'text'
  /** A Localized text in a culture other than en-US: only the module's localized files carry it. */
  | 'localizedText'
  /** A folder under a root. */
  | 'path'
  /** A native program argument. */
  | 'argument'
  /** Data matched at run time (event data text, file content). */
  | 'data';

/** Each enabled target that cannot carry `value` in `role`, with the reason. */
export function carryRefusals(enabled: TargetsIR, role: StringRole, value: string): { target: string; reason: string }[] {
  const out: { target: string; reason: string }[] = [];
  for (const target of targets) {
    if (!enabled[target.name]) continue;
    const reason = target.carry[role]?.(value);
    if (reason) out.push({ target: target.name, reason });
  }
  return out;
}
