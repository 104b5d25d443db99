import type { Localized, OutcomeMessages } from '../../../vocabulary/dsl/common';

/** The states Windows reports for a service (SERVICE_STATUS.dwCurrentState). */
export type ServiceState = 'stopped' | 'startPending' | 'stopPending' | 'running' | 'continuePending' | 'pausePending' | 'paused';

/** How a service starts: `automaticDelayed` is "Automatic (Delayed Start)". */
export type ServiceStartType = 'automatic' | 'automaticDelayed' | 'manual' | 'disabled';

export interface ServiceStateDetection {
  readonly id: string;
  readonly description: Localized;
  /** The service's short name (`Spooler`), not its display name. */
  readonly service: string;
  /** Found when the service is in one of these states (any state when left out). */
  readonly state?: readonly ServiceState[];
  /** Found when the service has one of these start types (any start type when left out). */
  readonly startType?: readonly ServiceStartType[];
  /**
   * `problem`: a match means the fix is needed. `evidence`: reported in the findings only.
   * A service that is not installed never matches.
   */
  readonly indicates: 'problem' | 'evidence';
  readonly messages: OutcomeMessages;
}

export type ServiceStateStep = { readonly kind: 'serviceState' } & ServiceStateDetection;

/** Detects a Windows service in given states and/or with given start types (both must match when both are given). */
export function serviceState(step: ServiceStateDetection): ServiceStateStep {
  return { kind: 'serviceState', ...step };
}
