/**
 * The one serializer from TypeScript values to PowerShell data literals: hashtables `@{ ... }`
 * (keys in the order given, so output is deterministic), arrays `@(...)`, single-quoted strings
 * through the escaping module, integers, `$true`/`$false` and `$null`. Windows PowerShell
 * 2.0-safe. The engine's data tables and the generated Pester cases are written with it.
 *
 * Inside `withAsciiStrings` (the Intune scripts, which must be pure ASCII), a string that is not
 * printable ASCII is written as an expression of its UTF-16 code units instead, e.g.
 * `('caf' + [char]0x00E9)`: the value reads back exactly, so every culture's hint needles fit.
 */
import { quotePowerShellAsciiExpression, quotePowerShellLiteral } from '../escape/powershell';

let asciiStrings = false;

/** Runs `fn` with every string written ASCII-safe (see above). Synchronous and re-entrant. */
export function withAsciiStrings<T>(fn: () => T): T {
  const before = asciiStrings;
  asciiStrings = true;
  try {
    return fn();
  } finally {
    asciiStrings = before;
  }
}

/** Whether strings are being written ASCII-safe (the template helpers follow it too). */
export function asciiStringsActive(): boolean {
  return asciiStrings;
}

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
  if (typeof value === 'string') return asciiStrings ? quotePowerShellAsciiExpression(value) : quotePowerShellLiteral(value);
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
  const key = (k: string) => {
    if (BARE_KEY.test(k)) return k;
    // A key expression would need parentheses; keys are the compiler's own names, always ASCII.
    if (asciiStrings && !/^[\x20-\x7e]*$/.test(k)) throw new Error(`internal: non-ASCII hashtable key ${JSON.stringify(k)}`);
    return quotePowerShellLiteral(k);
  };
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
