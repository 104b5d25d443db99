import type { ExecutionContext, Localized } from '../../../dsl/common';

/**
 * Programs a step may run: a curated list of Windows programs, always by full path under
 * `%SystemRoot%\System32` (a subfolder where the program lives there, e.g. `wbem\winmgmt.exe`).
 * Nothing outside the list compiles.
 */
export type SystemProgram =
  | 'certutil.exe'
  | 'sc.exe'
  | 'net.exe'
  | 'netsh.exe'
  | 'ipconfig.exe'
  | 'w32tm.exe'
  | 'regsvr32.exe'
  | 'wbem\\winmgmt.exe'
  | 'wevtutil.exe'
  | 'schtasks.exe'
  | 'bitsadmin.exe'
  | 'dism.exe'
  | 'sfc.exe';

export interface RunProgramRepair {
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  readonly program: SystemProgram;
  readonly arguments: readonly string[];
  readonly successExitCodes: readonly number[];
  /** Stop the program and fail the step after this many seconds (default 300). */
  readonly timeoutSeconds?: number;
}

export type RunProgramStep = { readonly kind: 'runProgram' } & RunProgramRepair;

/** Runs a Windows program by its full path, with fixed arguments, and checks its exit code. */
export function runProgram(step: RunProgramRepair): RunProgramStep {
  return { kind: 'runProgram', ...step };
}
