/**
 * Escaping for PowerShell. Data only ever goes into single-quoted literals, where the five
 * single-quote characters are the only special ones; each is doubled.
 */
import { CannotCarryError, firstNonPrintableAscii } from './refusal';

/** U+0027 and the four typographic quotes PowerShell also accepts as single quotes. */
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/** Why PowerShell cannot carry `value` at all, or undefined. */
export function powerShellRefusal(value: string): string | undefined {
  return value.includes('\0') ? 'a NUL character cannot appear in a script' : undefined;
}

/** Why an ASCII-only PowerShell file (Intune) cannot carry `value`, or undefined. */
export function asciiPowerShellRefusal(value: string): string | undefined {
  const nonAscii = firstNonPrintableAscii(value.replace(/\r\n|\n/g, ' '));
  return nonAscii ? `${nonAscii}: Intune scripts must be pure ASCII` : powerShellRefusal(value);
}

export function quotePowerShellLiteral(value: string): string {
  const refusal = powerShellRefusal(value);
  if (refusal) throw new CannotCarryError('PowerShell', value, refusal);
  return `'${value.replace(SINGLE_QUOTES, (q) => q + q)}'`;
}

/** `@('a', 'b')`: an array expression of single-quoted literals (2.0-safe). */
export function quotePowerShellArray(values: readonly string[]): string {
  return `@(${values.map(quotePowerShellLiteral).join(', ')})`;
}

/** `@(1, 2)` for integers; anything else is a compiler bug. */
export function powerShellIntArray(values: readonly number[]): string {
  for (const v of values) if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
  return `@(${values.join(', ')})`;
}

/**
 * Text for comment-based help (inside `<# ... #>`): break `<#` and `#>` so the block cannot end
 * early, and stop a line from reading as a help keyword such as `.EXAMPLE`.
 */
export function escapeCommentHelp(text: string): string {
  const refusal = powerShellRefusal(text);
  if (refusal) throw new CannotCarryError('PowerShell help', text, refusal);
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/<#/g, '< #')
    .replace(/#>/g, '# >')
    .replace(/^(\s*)\.(?=[A-Za-z])/gm, '$1. ');
}

/** Text for a `#` line comment: one line, nothing that ends a block comment. */
export function escapeLineComment(text: string): string {
  return escapeCommentHelp(text).replace(/\n/g, ' ');
}
