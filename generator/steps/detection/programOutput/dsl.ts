import type { Localized, OutcomeMessages } from '../../../vocabulary/dsl/common';
import type { SystemProgram } from '../../repair/runProgram/dsl';

export interface ProgramOutputDetection {
  readonly id: string;
  readonly description: Localized;
  /** From the same curated list as repair.runProgram, run only with read-only arguments (a query). */
  readonly program: SystemProgram;
  readonly arguments: readonly string[];
  /** When the program is not on the computer: an error (`fail`, the default) or clean, with the reason (`skip`). */
  readonly whenMissing?: 'skip' | 'fail';
  /** The problem is there when the exit code is one of these ... */
  readonly exitCodeIn?: readonly number[];
  /** ... or is none of these (e.g. `[0]`: anything but success) ... */
  readonly exitCodeNotIn?: readonly number[];
  /**
   * ... and the output contains this text, case-insensitively. Program output is often localized:
   * prefer exit codes, and match text only where it does not depend on the Windows language.
   */
  readonly outputContains?: string;
  /** Stop the program and report an error after this many seconds (default 60). */
  readonly timeoutSeconds?: number;
  readonly messages: OutcomeMessages;
}

export type ProgramOutputStep = { readonly kind: 'programOutput' } & ProgramOutputDetection;

/** Runs an allowed program read-only and matches its exit code and/or output, e.g. `winmgmt /verifyrepository`. */
export function programOutput(step: ProgramOutputDetection): ProgramOutputStep {
  return { kind: 'programOutput', ...step };
}
