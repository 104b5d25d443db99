/** repair.service: stop (dependents first, a hung process last), start, restart, or set the start type of a service. */
import { assertNever } from '../../../vocabulary/assertNever';
import { batchArgument } from '../../../vocabulary/escape/batch';
import type { Obj } from '../../../vocabulary/fieldReader';
import type { LowerContext } from '../../lowerContext';
import type { RepairIRBase, StepKind } from '../../stepKind';
import { engineName, serviceNameProblem } from '../../detection/serviceState/serviceName';
import type { ServiceStartTypeSetting } from './dsl';

export interface ServiceRepairIR extends RepairIRBase<'service'> {
  readonly service: string;
  readonly action: 'stop' | 'start' | 'restart' | 'setStartType';
  readonly withDependents: boolean;
  readonly timeoutSeconds: number;
  readonly stopProcessIfHung: boolean;
  /** Only for `setStartType`. */
  readonly startType?: ServiceStartTypeSetting;
}

const actions = ['stop', 'start', 'restart', 'setStartType'] as const;
const startTypes: readonly ServiceStartTypeSetting[] = ['automatic', 'automaticDelayed', 'manual', 'disabled'];
/** The optional fields, and the actions each applies to. */
const appliesTo: Readonly<Record<string, readonly ServiceRepairIR['action'][]>> = {
  withDependents: ['stop', 'restart'],
  stopProcessIfHung: ['stop', 'restart'],
  timeoutSeconds: ['stop', 'restart', 'start'],
  startType: ['setStartType'],
};
const DEFAULT_TIMEOUT_SECONDS = 30;
/** `sc config <name> start= <value>`. */
const scStartType: Readonly<Record<ServiceStartTypeSetting, string>> = { automatic: 'auto', automaticDelayed: 'delayed-auto', manual: 'demand', disabled: 'disabled' };
/**
 * Names the batch routines can pass through `for /f` (a second cmd expands `%` and reads `&`,
 * `^`, `(`, `)` again): letters, digits and the punctuation real service names use.
 */
const BATCH_SAFE_NAME = /^[A-Za-z0-9 _.$#@{}+~[\]-]+$/;

export const serviceKind: StepKind<'repair', 'service', ServiceRepairIR> = {
  phase: 'repair',
  kind: 'service',
  call: 'object',
  lower(o, ctx, common) {
    if (common.context !== 'system') ctx.report('FF2104', [common.context], o, 'context', `${ctx.f}.context`);
    const service = ctx.string(o, 'service', `${ctx.f}.service`, 'argument');
    const problem = service === undefined ? undefined : serviceNameProblem(service);
    if (service !== undefined && problem) ctx.report('FF2101', [service, problem], o, 'service', `${ctx.f}.service`);
    const action = ctx.r.oneOf(o, 'action', `${ctx.f}.action`, actions);
    let ok = service !== undefined && !problem && action !== undefined && common.context === 'system';
    if (action) {
      for (const [field, allowed] of Object.entries(appliesTo)) {
        if (o[field] !== undefined && !allowed.includes(action)) {
          ctx.report('FF2106', [field, action, allowed.join("', '")], o, field, `${ctx.f}.${field}`);
          ok = false;
        }
      }
      if (action === 'setStartType' && o.startType === undefined) {
        ctx.report('FF2105', [action, 'startType'], o, 'action', `${ctx.f}.startType`);
        ok = false;
      }
    }
    const withDependents = flag(o, 'withDependents', ctx);
    const stopProcessIfHung = flag(o, 'stopProcessIfHung', ctx);
    const timeoutSeconds = o.timeoutSeconds === undefined ? DEFAULT_TIMEOUT_SECONDS : ctx.r.integer(o, 'timeoutSeconds', `${ctx.f}.timeoutSeconds`);
    if (timeoutSeconds !== undefined && (timeoutSeconds < 1 || timeoutSeconds > 3600)) {
      ctx.report('FF2107', [timeoutSeconds], o, 'timeoutSeconds', `${ctx.f}.timeoutSeconds`);
      ok = false;
    }
    const startType = o.startType === undefined ? undefined : ctx.r.oneOf(o, 'startType', `${ctx.f}.startType`, startTypes);
    if (!ok || withDependents === undefined || stopProcessIfHung === undefined || timeoutSeconds === undefined) return undefined;
    if (o.startType !== undefined && startType === undefined) return undefined;
    return { service: service as string, action: action as ServiceRepairIR['action'], withDependents, timeoutSeconds, stopProcessIfHung, ...(startType ? { startType } : {}) };
  },
  engine: { file: 'service.ps1', handler: 'Invoke-FfServiceRepair', uses: ['../../detection/serviceState/serviceState.ps1'] },
  data: (s) => ({
    ServiceName: s.service,
    Action: engineName(s.action),
    WithDependents: s.withDependents,
    TimeoutSeconds: s.timeoutSeconds,
    StopProcessIfHung: s.stopProcessIfHung,
    StartType: s.startType ? engineName(s.startType) : null,
  }),
  cmd: {
    emit: (s) => {
      if (!BATCH_SAFE_NAME.test(s.service)) return { refused: `the service name '${s.service}' has characters batch cannot pass through 'for /f'` };
      const name = batchArgument(s.service);
      const stop = `call :ff_service_stop ${name} ${s.timeoutSeconds} ${s.withDependents ? 1 : 0} ${s.stopProcessIfHung ? 1 : 0}`;
      const start = `call :ff_service_start ${name} ${s.timeoutSeconds}`;
      const routines = ['service.cmd'];
      switch (s.action) {
        case 'stop':
          return { lines: [stop], routines };
        case 'start':
          return { lines: [start], routines };
        case 'restart':
          // net stop /y stops the dependents, but batch cannot tell which of them were running.
          if (s.withDependents) return { refused: 'batch cannot tell which dependent services to start again after a restart' };
          return { lines: [stop, `if not errorlevel 1 ${start}`], routines };
        case 'setStartType':
          return { lines: [`call :ff_service_start_type ${name} ${batchArgument(scStartType[s.startType as ServiceStartTypeSetting])}`], routines };
        default:
          return assertNever(s.action);
      }
    },
  },
  pester: {
    file: 'service.Cases.ps1',
    cases: (s, ctx) => ({
      StepId: s.id,
      ContextValue: ctx.contextValue(s.context),
      ServiceName: s.service,
      Action: engineName(s.action),
      WithDependents: s.withDependents,
      StopProcessIfHung: s.stopProcessIfHung,
      TimeoutSeconds: s.timeoutSeconds,
      StartType: s.startType ? engineName(s.startType) : null,
      // A start type the step does not set, to start from.
      OtherStartType: engineName(startTypes.find((t) => t !== s.startType && t !== 'disabled') ?? 'manual'),
    }),
  },
};

/** An optional true/false field; false when left out. */
function flag(o: Obj, key: string, ctx: LowerContext): boolean | undefined {
  const v = o[key];
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  ctx.report('FF1007', [`${ctx.f}.${key}`, 'true or false'], o, key, `${ctx.f}.${key}`);
  return undefined;
}
