import type { ExecutionContext, Localized } from '../../../vocabulary/dsl/common';

/** The start types a repair can set: `automaticDelayed` is "Automatic (Delayed Start)". */
export type ServiceStartTypeSetting = 'automatic' | 'automaticDelayed' | 'manual' | 'disabled';

interface ServiceRepairCommon {
  readonly id: string;
  readonly description: Localized;
  /** Always `system`: only SYSTEM (or an administrator) can control services. */
  readonly context: ExecutionContext;
  /** The service's short name (`Spooler`, as in `sc query`), not its display name. */
  readonly service: string;
}

interface StopOptions {
  /** Stop the services that depend on it first (a restart starts those that were running again). Default false. */
  readonly withDependents?: boolean;
  /** How long to wait for each service to stop or start, 1 to 3600 seconds. Default 30. */
  readonly timeoutSeconds?: number;
  /**
   * When the service does not stop in time, stop its process (found by the service's own
   * process id, never by name), unless that process also runs other services. Default false.
   */
  readonly stopProcessIfHung?: boolean;
}

export type ServiceAction =
  | ({ readonly action: 'stop' } & StopOptions)
  | ({ readonly action: 'restart' } & StopOptions)
  | { readonly action: 'start'; readonly timeoutSeconds?: number }
  | { readonly action: 'setStartType'; readonly startType: ServiceStartTypeSetting };

export type ServiceRepair = ServiceRepairCommon & ServiceAction;

export type ServiceStep = { readonly kind: 'service' } & ServiceRepair;

/** Stops, starts or restarts a Windows service and waits for it, or sets its start type. */
export function service(step: ServiceRepair): ServiceStep {
  return { kind: 'service', ...step };
}
