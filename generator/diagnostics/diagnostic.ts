import { diagnosticMessages, formatMessage, type DiagnosticCode } from './messages';

/** Where a diagnostic points: a file position, and the spec field when there is one. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly category: 'error' | 'warning';
  readonly message: string;
  readonly location?: SourceLocation;
  /** Path of the spec field, e.g. `repair[1].folders[0]`. */
  readonly field?: string;
}

export function makeDiagnostic(
  code: DiagnosticCode,
  args: readonly (string | number)[],
  location?: SourceLocation,
  field?: string,
): Diagnostic {
  return { code, category: diagnosticMessages[code].category, message: formatMessage(code, args), location, field };
}

/** `file:line:col - error FF1234: message`, the form editors and CI logs understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column} - ` : '';
  const field = d.field && !d.location ? ` (field ${d.field})` : '';
  return `${where}${d.category} ${d.code}: ${d.message}${field}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.category === 'error');
}

/** Thrown by stages that cannot go on; carries the diagnostics collected so far. */
export class CompileError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'CompileError';
  }
}
