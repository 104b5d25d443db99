import type { Localized } from '../../../vocabulary/dsl/common';

export type RerunDetectionStep = { readonly kind: 'rerunDetection'; readonly id: string; readonly description: Localized };

/** Passes when the fix's detection no longer finds the problem. */
export function rerunDetection(id: string, description: Localized): RerunDetectionStep {
  return { kind: 'rerunDetection', id, description };
}
