// The one diagnostics table (compiler and signing): its codes, categories and placeholders, and
// the argument tuples derived from it at the type level. `npm run typecheck` checks the
// `@ts-expect-error` lines below: each must be a compile error, or tsc fails.
import { formatDiagnostic, makeDiagnostic } from '../../generator/vocabulary/diagnostics/diagnostic';
import { diagnosticMessages, formatMessage, type DiagnosticArg, type DiagnosticArgs, type DiagnosticCode } from '../../generator/vocabulary/diagnostics/messages';
import { SignError, type SignErrorCode } from '../../generator/pipeline/sign';

const entries = Object.entries(diagnosticMessages) as [DiagnosticCode, { category: string; text: string }][];

it('names every code FF1xxx to FF6xxx', () => {
  expect(entries.filter(([code]) => !/^FF[1-6]\d{3}$/.test(code))).toEqual([]);
});

it('gives every code the category error or warning', () => {
  expect(entries.filter(([, m]) => m.category !== 'error' && m.category !== 'warning')).toEqual([]);
});

it('numbers the placeholders of each text {0} to {n-1}, without gaps and without stray braces', () => {
  const bad = entries.filter(([, { text }]) => {
    const used = [...new Set([...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1]))].sort((a, b) => Number(a) - Number(b));
    const contiguous = used.every((n, i) => n === String(i));
    const stray = /[{}]/.test(text.replace(/\{\d+\}/g, ''));
    return !contiguous || stray;
  });
  expect(bad).toEqual([]);
});

it('keeps the signing codes in the same table, as errors', () => {
  const signing = entries.filter(([code]) => code.startsWith('FF5'));
  expect(signing.map(([code]) => code)).toContain('FF5017');
  expect(signing.every(([, m]) => m.category === 'error')).toBe(true);
});

it('fills placeholders by position', () => {
  expect(formatMessage('FF2015', ['70000'])).toBe("Invalid event ids '70000': give one or more numbers from 0 to 65535.");
  expect(formatMessage('FF2008', ['module', '2.0', 'windows7', '5.1'])).toBe(
    'Target module must run on Windows PowerShell 2.0 because the fix applies to windows7, but the spec asks for 5.1.',
  );
  expect(formatMessage('FF2010', [])).toBe('At least one target must be enabled.');
});

it('formats a signing error through formatDiagnostic, like a compiler diagnostic', () => {
  const e = new SignError('FF5004', ['X']);
  expect(e).toBeInstanceOf(Error);
  expect(e.code).toBe('FF5004');
  expect(e.message).toBe("The PFX password environment variable 'X' is not set.");
  expect(e.diagnostic).toEqual({ code: 'FF5004', category: 'error', message: e.message });
  expect(formatDiagnostic(e.diagnostic)).toBe("error FF5004: The PFX password environment variable 'X' is not set.");
  expect(formatDiagnostic(e.diagnostic)).toBe(formatDiagnostic(makeDiagnostic('FF5004', ['X'])));
});

// ---- type level: checked by tsc, nothing to run -------------------------------------------------

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

assertType<Equal<DiagnosticArgs<'FF2010'>, readonly []>>();
assertType<Equal<DiagnosticArgs<'FF1001'>, readonly [DiagnosticArg]>>();
assertType<Equal<DiagnosticArgs<'FF1002'>, readonly [DiagnosticArg, DiagnosticArg]>>();
assertType<Equal<DiagnosticArgs<'FF2008'>, readonly [DiagnosticArg, DiagnosticArg, DiagnosticArg, DiagnosticArg]>>();
assertType<Equal<DiagnosticArgs<'FF5011'>, readonly [DiagnosticArg, DiagnosticArg]>>();
assertType<Equal<SignErrorCode, Extract<DiagnosticCode, `FF5${string}`>>>();
/** A code whose text the type machinery cannot read would take `never`: no call could compile. */
type Unreadable = { [C in DiagnosticCode]: [DiagnosticArgs<C>] extends [never] ? C : never }[DiagnosticCode];
assertType<Equal<Unreadable, never>>();

/** A caller generic in the code forwards the derived arguments, as FieldReader.report does. */
function report<C extends DiagnosticCode>(code: C, args: DiagnosticArgs<C>): string {
  return formatDiagnostic(makeDiagnostic(code, args, { file: 'a.fix.ts', line: 1, column: 1 }, 'id'));
}

function wrongArgumentCounts(file: string): void {
  makeDiagnostic('FF1001', [file]);
  makeDiagnostic('FF2010', []);
  makeDiagnostic('FF4002', [file, "'é'", 12]);
  report('FF1007', ['id', 'a text']);
  new SignError('FF5014', ['http://tsa', 'timed out']);
  formatMessage('FF3002', ['user', 'clean']);

  // @ts-expect-error FF1001 takes one argument
  makeDiagnostic('FF1001', []);
  // @ts-expect-error FF1001 takes one argument, not two
  makeDiagnostic('FF1001', [file, file]);
  // @ts-expect-error FF2010 takes none
  makeDiagnostic('FF2010', [file]);
  // @ts-expect-error an argument is a string or a number
  makeDiagnostic('FF1001', [true]);
  // @ts-expect-error no such code
  makeDiagnostic('FF9999', [file]);
  // @ts-expect-error a dynamically built array has no known length
  makeDiagnostic('FF1001', [file] as readonly DiagnosticArg[]);
  // @ts-expect-error FF1007 takes two arguments
  report('FF1007', ['id']);
  // @ts-expect-error FF3002 takes two arguments
  formatMessage('FF3002', ['user']);
  // @ts-expect-error FF5014 takes two arguments
  new SignError('FF5014', ['http://tsa']);
  // @ts-expect-error a SignError needs its arguments
  new SignError('FF5004');
  // @ts-expect-error a SignError is for FF5xxx codes only
  new SignError('FF1001', [file]);
}
void wrongArgumentCounts;
