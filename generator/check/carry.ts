/**
 * Which strings each target embeds, and how: the escape modules decide what they can carry, this
 * table says which escape applies to which kind of spec string, per enabled target.
 */
import { asciiPowerShellRefusal, powerShellRefusal } from '../escape/powershell';
import { batchArgumentRefusal, batchPathRefusal, batchTextRefusal } from '../escape/batch';
import type { TargetsIR } from '../ir/types';

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

type Rule = (value: string) => string | undefined;

/** The first refusal among several rules (a target that embeds a string in two languages). */
const both = (...rs: Rule[]): Rule => (v) => rs.map((r) => r(v)).find((reason) => reason !== undefined);

const rules: Record<keyof TargetsIR, Partial<Record<StringRole, Rule>>> = {
  module: { text: powerShellRefusal, localizedText: powerShellRefusal, path: powerShellRefusal, argument: powerShellRefusal, data: powerShellRefusal },
  // The GPO folder carries the PowerShell startup script and the .cmd scripts.
  gpo: {
    text: both(powerShellRefusal, batchTextRefusal),
    path: both(powerShellRefusal, batchPathRefusal),
    argument: both(powerShellRefusal, batchArgumentRefusal),
    data: powerShellRefusal,
  },
  intune: { text: asciiPowerShellRefusal, path: asciiPowerShellRefusal, argument: asciiPowerShellRefusal, data: asciiPowerShellRefusal },
  cmd: { text: batchTextRefusal, path: batchPathRefusal, argument: batchArgumentRefusal },
};

/** Each enabled target that cannot carry `value` in `role`, with the reason. */
export function carryRefusals(targets: TargetsIR, role: StringRole, value: string): { target: string; reason: string }[] {
  const out: { target: string; reason: string }[] = [];
  for (const target of Object.keys(rules) as (keyof TargetsIR)[]) {
    if (!targets[target]) continue;
    const reason = rules[target][role]?.(value);
    if (reason) out.push({ target, reason });
  }
  return out;
}
