import { makeDiagnostic, type Diagnostic } from '../../../vocabulary/diagnostics/diagnostic';
import type { DiagnosticArgs, DiagnosticCode } from '../../../vocabulary/diagnostics/messages';

/** A Graph call or sign-in that failed: one diagnostic (exit 1), never a stack trace or a token. */
export class GraphError extends Error {
  readonly diagnostic: Diagnostic;
  readonly status?: number;
  readonly graphCode?: string;

  constructor(code: DiagnosticCode, args: readonly (string | number)[], status?: number, graphCode?: string) {
    const diagnostic = makeDiagnostic(code, args as DiagnosticArgs<typeof code>);
    super(diagnostic.message);
    this.diagnostic = diagnostic;
    this.status = status;
    this.graphCode = graphCode;
  }
}
