/**
 * The one serializer from TypeScript values to PowerShell data literals: hashtables `@{ ... }`
 * (keys in the order given, so output is deterministic), arrays `@(...)`, single-quoted strings
 * through the escaping module, integers, `$true`/`$false` and `$null`. Windows PowerShell
 * 2.0-safe. The engine's data tables and the generated Pester cases are written with it.
 */
import { quotePowerShellLiteral } from '../../escape/powershell';

export type PsValue = string | number | boolean | null | readonly PsValue[] | { readonly [key: string]: PsValue };

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `value` as a PowerShell expression; nested hashtables and arrays go one per line, indented. */
export function toPowerShell(value: PsValue, indent = ''): string {
  if (value === null) return '$null';
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`internal: not an integer: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return quotePowerShellLiteral(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    const items = value as readonly PsValue[];
    if (items.length === 0) return '@()';
    if (items.every((v) => v === null || typeof v !== 'object')) return `@(${items.map((v) => toPowerShell(v)).join(', ')})`;
    // A unary comma keeps an inner array whole: `@(@(1, 2))` would flatten to two elements.
    return `@(\n${items.map((v) => `${inner}${Array.isArray(v) ? ',' : ''}${toPowerShell(v, inner)}`).join('\n')}\n${indent})`;
  }
  const entries = Object.entries(value as { readonly [key: string]: PsValue });
  if (entries.length === 0) return '@{}';
  const key = (k: string) => (BARE_KEY.test(k) ? k : quotePowerShellLiteral(k));
  const flat = entries.every(([, v]) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')));
  if (flat && entries.length <= 3) return `@{ ${entries.map(([k, v]) => `${key(k)} = ${toPowerShell(v)}`).join('; ')} }`;
  return `@{\n${entries.map(([k, v]) => `${inner}${key(k)} = ${toPowerShell(v, inner)}`).join('\n')}\n${indent}}`;
}

/** `$script:Name = <value>` lines, one per entry, for the top of a script. */
export function assignments(scope: 'script' | 'local', values: Readonly<Record<string, PsValue>>): string {
  const prefix = scope === 'script' ? '$script:' : '$';
  return Object.entries(values)
    .map(([name, v]) => `${prefix}${name} = ${toPowerShell(v)}`)
    .join('\n');
}
