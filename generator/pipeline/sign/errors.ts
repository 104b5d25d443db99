/**
 * Signing errors. Their messages are the FF5xxx entries of the one diagnostics table
 * (generator/vocabulary/diagnostics/messages.ts); a SignError carries the Diagnostic built from it, so the
 * CLI prints and reports it like any compiler diagnostic. Verification problems are not errors:
 * they are statuses in a VerifyResult.
 */
import { makeDiagnostic, type Diagnostic, type SourceLocation } from '../../vocabulary/diagnostics/diagnostic';
import type { DiagnosticArg, DiagnosticArgs, DiagnosticCode } from '../../vocabulary/diagnostics/messages';

/** The signing codes: the FF5xxx subset of DiagnosticCode. */
export type SignErrorCode = Extract<DiagnosticCode, `FF5${string}`>;

/**
 * A refusal to sign, thrown. `diagnostic` is what to print (formatDiagnostic gives
 * `error FF5xxx: message`); `message` is the text without the code.
 */
export class SignError<C extends SignErrorCode = SignErrorCode> extends Error {
  readonly code: SignErrorCode;
  readonly args: readonly DiagnosticArg[];
  readonly diagnostic: Diagnostic;

  /** `location`: the place in the file being signed, when the refusal is about its content. */
  constructor(code: C, args: DiagnosticArgs<C>, location?: SourceLocation) {
    const diagnostic = makeDiagnostic(code, args, location);
    super(diagnostic.message);
    this.name = 'SignError';
    this.code = code;
    this.args = args;
    this.diagnostic = diagnostic;
  }
}
