/**
 * The one FF3120 warning per spec: the targets whose files are ASCII by necessity (the `.cmd`
 * scripts, also inside the GPO folder) write non-ASCII texts transliterated (generator/vocabulary/escape/
 * transliterate.ts). Each text is noted while the spec is lowered; the warning points at the first
 * and counts them all, so a German spec gets one warning, not one per umlaut.
 */
import type { FieldReader } from '../vocabulary/fieldReader';
import type { StringRole } from '../vocabulary/stringRole';
import type { TargetsIR } from '../vocabulary/ir/common';
import type { TargetRules } from './targetRules';
import { transliterate } from '../vocabulary/escape/transliterate';

interface Noted {
  readonly container: object;
  readonly key: string | number;
  readonly field: string;
  readonly value: string;
  readonly targets: Set<string>;
  count: number;
}

const noted = new WeakMap<FieldReader, Noted>();

/** Each enabled target that writes `value` in `role` transliterated. */
export function transliterationTargets(targets: readonly TargetRules[], enabled: TargetsIR, role: StringRole, value: string): string[] {
  return targets.filter((t) => enabled[t.name] && t.transliterates?.[role]?.(value)).map((t) => t.name);
}

/** Notes one text of the spec that some enabled target transliterates. */
export function noteTransliteration(r: FieldReader, targets: readonly TargetRules[], enabled: TargetsIR, role: StringRole, value: string, container: object, key: string | number, field: string): void {
  const names = transliterationTargets(targets, enabled, role, value);
  if (names.length === 0) return;
  const first = noted.get(r);
  if (first) {
    first.count++;
    names.forEach((n) => first.targets.add(n));
  } else {
    noted.set(r, { container, key, field, value, targets: new Set(names), count: 1 });
  }
}

/** Reports FF3120 once for the spec, at its first transliterated text (when there is one). */
export function reportTransliteration(r: FieldReader): void {
  const first = noted.get(r);
  if (!first) return;
  noted.delete(r);
  const shown = transliterate(first.value);
  const names = [...first.targets].map((n) => `target ${n}`);
  r.report('FF3120', [names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0], first.count, JSON.stringify(shown.length > 60 ? `${shown.slice(0, 57)}...` : shown)], first.container, first.key, first.field);
}
