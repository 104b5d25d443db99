import type { Localized } from '../../../dsl/common';
import type { DetectionStep } from '../../detection/dsl';

export type ThatStep = {
  readonly kind: 'that';
  readonly id: string;
  readonly description: Localized;
  /** A detection step used as an assertion: the check passes when it finds what it describes. */
  readonly condition: DetectionStep;
};

/**
 * Passes when a condition holds now, written as a detection step: `verify.that('spoolerRuns',
 * text, detect.serviceState({ ... state: 'running' }))` passes when the service runs.
 */
export function that(id: string, description: Localized, condition: DetectionStep): ThatStep {
  return { kind: 'that', id, description, condition };
}
