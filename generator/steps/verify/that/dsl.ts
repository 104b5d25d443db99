import type { Localized } from '../../../vocabulary/dsl/common';
import type { DetectionStep } from '../../detection/dsl';

export type ThatStep = {
  readonly kind: 'that';
  readonly id: string;
  readonly description: Localized;
  /**
   * A detection step used as an assertion: the check passes when it finds what it describes. Over
   * several targets it must hold for every one: `registryValue` with `context: 'everyUser'` in every
   * user's hive, `pathExists` and `fileContent` in every folder (where as a problem, any one is
   * enough). A target that cannot be read never holds. See docs/security.md, "Every user".
   */
  readonly condition: DetectionStep;
};

/**
 * Passes when a condition holds now, written as a detection step: `verify.that('spoolerRuns',
 * text, detect.serviceState({ ... state: 'running' }))` passes when the service runs. A condition
 * over every user holds for every user: `detect.registryValue({ context: 'everyUser', state:
 * 'missing', ... })` passes only when no user has the value.
 */
export function that(id: string, description: Localized, condition: DetectionStep): ThatStep {
  return { kind: 'that', id, description, condition };
}
