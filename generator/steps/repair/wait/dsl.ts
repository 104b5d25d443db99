import type { ExecutionContext, Localized } from '../../../vocabulary/dsl/common';

/** What to wait for: a detection step of this fix, by id, reading detected or clean. */
export interface WaitCondition {
  readonly detection: string;
  readonly is: 'detected' | 'clean';
}

export interface WaitRepair {
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  /** A pause of this many seconds (1 to 3600). Give this or `until`. */
  readonly seconds?: number;
  /** Wait until a detection step reads as asked, running it again every `intervalSeconds`. */
  readonly until?: WaitCondition;
  /** With `until`: give up after this many seconds of waiting (1 to 3600); the step then fails. */
  readonly timeoutSeconds?: number;
  /** With `until`: seconds between two runs of the detection (1 to 300, default 5). */
  readonly intervalSeconds?: number;
}

export type WaitStep = { readonly kind: 'wait' } & WaitRepair;

/** Pauses, or waits until a detection step reads detected or clean, with a timeout. */
export function wait(step: WaitRepair): WaitStep {
  return { kind: 'wait', ...step };
}
