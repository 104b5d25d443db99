import { makeDiagnostic, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import type { DiagnosticArgs, DiagnosticCode } from '../vocabulary/diagnostics/messages';

/** A command line that cannot be run as given: exit 2, reported like any diagnostic. */
export class UsageError extends Error {
  readonly diagnostic: Diagnostic;

  constructor(diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.diagnostic = diagnostic;
  }

  static of<C extends DiagnosticCode>(code: C, args: DiagnosticArgs<C>): UsageError {
    return new UsageError(makeDiagnostic(code, args));
  }
}
