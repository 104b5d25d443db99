import type { Localized, OutcomeMessages } from '../../../vocabulary/dsl/common';

export interface AlwaysDetection {
  readonly id: string;
  readonly description: Localized;
  readonly messages: OutcomeMessages;
}

export type AlwaysStep = { readonly kind: 'always' } & AlwaysDetection;

/** For on-demand fixes (a network reset): the fix is needed whenever it is run. */
export function always(step: AlwaysDetection): AlwaysStep {
  return { kind: 'always', ...step };
}
