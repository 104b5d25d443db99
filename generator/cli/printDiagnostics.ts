/**
 * Diagnostics on stderr, as tsc prints them. Plain: `file:line:col - error FF2006: message`,
 * one line each, for CI logs and editors' problem matchers. Pretty (a terminal): the same line in
 * colour, then the source line with the position underlined. TypeScript's own errors keep their
 * TS code in place of FF1002, as tsc shows them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, formatRelated, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';

const colour = {
  red: (s: string) => `\x1b[91m${s}\x1b[0m`,
  yellow: (s: string) => `\x1b[93m${s}\x1b[0m`,
  cyan: (s: string) => `\x1b[96m${s}\x1b[0m`,
  grey: (s: string) => `\x1b[90m${s}\x1b[0m`,
  inverse: (s: string) => `\x1b[7m${s}\x1b[0m`,
};

/** On by default on a terminal; off in CI, with NO_COLOR, and when stderr is not a TTY. */
export function prettyByDefault(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stderr): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/** FF1002's text is `TS{0}: {1}`: the TypeScript code and its message. */
function typeScriptParts(d: Diagnostic): { code: string; message: string } | undefined {
  if (d.code !== 'FF1002') return undefined;
  const m = /^TS(\d+): ([\s\S]*)$/.exec(d.message);
  return m ? { code: `TS${m[1]}`, message: m[2] } : undefined;
}

export function formatPlain(d: Diagnostic): string {
  const ts = typeScriptParts(d);
  if (!ts) return formatDiagnostic(d);
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column} - ` : '';
  return `${where}${d.category} ${ts.code}: ${ts.message}${formatRelated(d)}`;
}

export function formatPretty(d: Diagnostic, cwd = process.cwd()): string {
  const ts = typeScriptParts(d);
  const code = ts?.code ?? d.code;
  const message = ts?.message ?? d.message;
  const category = d.category === 'error' ? colour.red('error') : colour.yellow('warning');
  const field = d.field && !d.location ? ` (field ${d.field})` : '';
  if (!d.location) return `${category} ${colour.grey(`${code}:`)} ${message}${field}`;
  const { file, line, column } = d.location;
  const head = `${colour.cyan(file)}:${colour.yellow(String(line))}:${colour.yellow(String(column))} - ${category} ${colour.grey(`${code}:`)} ${message}${formatRelated(d)}`;
  const frame = codeFrame(path.resolve(cwd, file), line, column, d.category === 'error' ? colour.red : colour.yellow);
  return frame ? `${head}\n\n${frame}\n` : head;
}

/** The line, numbered in reverse video like tsc, and a squiggle under the token at the column. */
function codeFrame(file: string, line: number, column: number, paint: (s: string) => string): string | undefined {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const text = source.split(/\r?\n/)[line - 1];
  if (text === undefined) return undefined;
  const rest = text.slice(column - 1);
  const token = /^(['"`])(?:\\.|(?!\1).)*\1|^[\w$.]+|^\S/.exec(rest)?.[0] ?? ' ';
  const gutter = String(line);
  const shown = text.replace(/\t/g, ' ');
  return `${colour.inverse(gutter)} ${shown}\n${colour.inverse(' '.repeat(gutter.length))} ${' '.repeat(column - 1)}${paint('~'.repeat(token.length))}`;
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], pretty: boolean, cwd = process.cwd()): void {
  for (const d of diagnostics) process.stderr.write(`${pretty ? formatPretty(d, cwd) : formatPlain(d)}\n`);
}
