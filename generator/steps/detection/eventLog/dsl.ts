import type { Localized, OutcomeMessages } from '../../../vocabulary/dsl/common';

export type EventLevel = 'critical' | 'error' | 'warning' | 'information';

export interface EventLogDetection {
  readonly id: string;
  readonly description: Localized;
  /** Classic log name, e.g. `Application`. */
  readonly log: string;
  readonly provider: string;
  readonly eventIds: readonly number[];
  readonly level: EventLevel;
  /**
   * Language-neutral match: `EventData/Data[index]` contains `text`, case-insensitively. Leave it
   * out to count every event of the provider with these ids and level. Never the message text:
   * it is localized.
   */
  readonly dataContains?: Readonly<{ index: number; text: string }>;
  /** Only events newer than this many days (and newer than the last successful repair) count. */
  readonly withinDays: number;
  readonly messages: OutcomeMessages;
}

export type EventLogStep = { readonly kind: 'eventLog' } & EventLogDetection;

/** Detects the problem from events in a classic event log, matched on their data, never their text. */
export function eventLog(step: EventLogDetection): EventLogStep {
  return { kind: 'eventLog', ...step };
}
