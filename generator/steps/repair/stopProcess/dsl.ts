import type { ExecutionContext, Localized } from '../../../vocabulary/dsl/common';

export interface StopProcessRepair {
  readonly id: string;
  readonly description: Localized;
  /**
   * `system`: the processes of every session; `currentUser`: only those of the signed-in user's
   * own session. `everyUser` does not apply: processes do not live in profiles.
   */
  readonly context: ExecutionContext;
  /** The image name as Task Manager shows it, with its extension (`OneDrive.exe`): no path, no wildcard. */
  readonly image: string;
  /** How long to wait for the processes to end, 1 to 600 seconds. Default 10. */
  readonly timeoutSeconds?: number;
}

export type StopProcessStep = { readonly kind: 'stopProcess' } & StopProcessRepair;

/** Ends every process with an image name (in the step's context) and waits for them to go. */
export function stopProcess(step: StopProcessRepair): StopProcessStep {
  return { kind: 'stopProcess', ...step };
}
