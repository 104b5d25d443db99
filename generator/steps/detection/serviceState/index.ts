/** detect.serviceState: a service's state and/or start type, read from the service manager. */
import type { DetectionIRBase, StepKind } from '../../stepKind';
import type { ServiceStartType, ServiceState } from './dsl';
import { engineName, serviceNameProblem } from './serviceName';

export interface ServiceStateDetectionIR extends DetectionIRBase<'serviceState'> {
  readonly service: string;
  /** Canonical order; empty means any state. */
  readonly states: readonly ServiceState[];
  /** Canonical order; empty means any start type. */
  readonly startTypes: readonly ServiceStartType[];
}

export const serviceStates: readonly ServiceState[] = ['stopped', 'startPending', 'stopPending', 'running', 'continuePending', 'pausePending', 'paused'];
export const serviceStartTypes: readonly ServiceStartType[] = ['automatic', 'automaticDelayed', 'manual', 'disabled'];

export const serviceStateKind: StepKind<'detection', 'serviceState', ServiceStateDetectionIR> = {
  phase: 'detection',
  kind: 'serviceState',
  call: 'object',
  lower(o, ctx) {
    const service = ctx.string(o, 'service', `${ctx.f}.service`, 'data');
    const problem = service === undefined ? undefined : serviceNameProblem(service);
    if (service !== undefined && problem) ctx.report('FF2101', [service, problem], o, 'service', `${ctx.f}.service`);
    const states = optionalList(o, 'state', serviceStates);
    const startTypes = optionalList(o, 'startType', serviceStartTypes);
    if (o.state === undefined && o.startType === undefined) ctx.report('FF2102', [], o, 'service', `${ctx.f}`);
    const indicates = ctx.r.oneOf(o, 'indicates', `${ctx.f}.indicates`, ['problem', 'evidence'] as const);
    if (service === undefined || problem || !states || !startTypes || (o.state === undefined && o.startType === undefined) || !indicates) return undefined;
    return { service, states, startTypes, indicates };

    function optionalList<T extends string>(obj: typeof o, key: string, order: readonly T[]): T[] | undefined {
      if (obj[key] === undefined) return [];
      const list = ctx.r.oneOfEach(obj, key, `${ctx.f}.${key}`, order);
      if (list && list.length === 0) {
        ctx.report('FF2103', [`${ctx.f}.${key}`], obj, key, `${ctx.f}.${key}`);
        return undefined;
      }
      return list && order.filter((v) => list.includes(v));
    }
  },
  engine: { file: 'serviceState.ps1', handler: 'Invoke-FfServiceStateDetection' },
  data: (s) => ({ ServiceName: s.service, States: s.states.map(engineName), StartTypes: s.startTypes.map(engineName) }),
  cmd: { notCarried: 'the .cmd fallback runs the repair steps only; it does not detect' },
  pester: {
    file: 'serviceState.Cases.ps1',
    cases: (s) => ({
      StepId: s.id,
      ServiceName: s.service,
      Indicates: s.indicates,
      // Test data comes from the step: a service that matches it, and services that miss it by one field.
      Matching: { State: engineName(s.states[0] ?? 'running'), StartType: engineName(s.startTypes[0] ?? 'manual') },
      NotMatching: notMatching(s).map((m) => ({ State: engineName(m.state), StartType: engineName(m.startType) })),
    }),
  },
};

/** Services that differ from a match in one field: a state the step does not list, or a start type. */
function notMatching(s: ServiceStateDetectionIR): { state: ServiceState; startType: ServiceStartType }[] {
  const state = s.states[0] ?? 'running';
  const startType = s.startTypes[0] ?? 'manual';
  const out: { state: ServiceState; startType: ServiceStartType }[] = [];
  const otherState = serviceStates.find((v) => !s.states.includes(v));
  if (s.states.length > 0 && otherState) out.push({ state: otherState, startType });
  const otherStartType = serviceStartTypes.find((v) => !s.startTypes.includes(v));
  if (s.startTypes.length > 0 && otherStartType) out.push({ state, startType: otherStartType });
  return out;
}
