import type { ExecutionContext, Localized } from '../../../dsl/common';

/** Programs a repair may run, always by full path under `%SystemRoot%\System32`. */
export type SystemProgram = 'certutil.exe';

export interface RunProgramRepair {
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  readonly program: SystemProgram;
  readonly arguments: readonly string[];
  readonly successExitCodes: readonly number[];
}

export type RunProgramStep = { readonly kind: 'runProgram' } & RunProgramRepair;

/** Runs a Windows program by its full path, with fixed arguments, and checks its exit code. */
export function runProgram(step: RunProgramRepair): RunProgramStep {
  return { kind: 'runProgram', ...step };
}
