import { diagnosticMessages, formatMessage, type DiagnosticArgs, type DiagnosticCode } from './messages';

export type { DiagnosticArg, DiagnosticArgs, DiagnosticCode } from './messages';

/** Where a diagnostic points: a file position, and the spec field when there is one. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /**
   * For a value built inside a helper function of another file: the helper's lines, innermost
   * first. makeDiagnostic moves them into the diagnostic's `related`.
   */
  readonly via?: readonly RelatedLocation[];
}

/** A second place a diagnostic concerns, as tsc's relatedInformation: `in \`texts\``. */
export interface RelatedLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly category: 'error' | 'warning';
  readonly message: string;
  readonly location?: SourceLocation;
  /** Path of the spec field, e.g. `repair[1].folders[0]`. */
  readonly field?: string;
  /** Where in helper functions the value was built (innermost first); absent when none. */
  readonly related?: readonly RelatedLocation[];
}

/**
 * The one way to build a diagnostic, compiler or signing. `args` has exactly as many elements as
 * the code's text has placeholders (`makeDiagnostic('FF1001', [file])`); see DiagnosticArgs.
 */
export function makeDiagnostic<C extends DiagnosticCode>(
  code: C,
  args: DiagnosticArgs<C>,
  location?: SourceLocation,
  field?: string,
): Diagnostic {
  const base = { code, category: diagnosticMessages[code].category, message: formatMessage(code, args), location, field };
  if (!location?.via) return base;
  const { via, ...at } = location;
  return { ...base, location: at, related: via };
}

/** ` (in \`texts\` at shared/texts.ts:4:10, called here)`, or nothing. */
export function formatRelated(d: Diagnostic): string {
  if (!d.related?.length) return '';
  return ` (${d.related.map((r) => `${r.message} at ${r.file}:${r.line}:${r.column}`).join(', ')}, called here)`;
}

/** `file:line:col - error FF1234: message`, the form editors and CI logs understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column} - ` : '';
  const field = d.field && !d.location ? ` (field ${d.field})` : '';
  return `${where}${d.category} ${d.code}: ${d.message}${field}${formatRelated(d)}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.category === 'error');
}
