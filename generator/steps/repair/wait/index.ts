/** repair.wait: a pause, or waiting until a detection step reads detected or clean, with a timeout. */
import type { Obj } from '../../../vocabulary/fieldReader';
import { batchArgument } from '../../../vocabulary/escape/batch';
import type { LowerContext } from '../../lowerContext';
import type { RepairIRBase, StepKind } from '../../stepKind';

export interface WaitRepairIR extends RepairIRBase<'wait'> {
  /** A pause, or the detection to wait for. */
  readonly wait:
    | { readonly seconds: number }
    | { readonly detection: string; readonly is: 'detected' | 'clean'; readonly timeoutSeconds: number; readonly intervalSeconds: number };
}

const DEFAULT_INTERVAL = 5;

export const waitKind: StepKind<'repair', 'wait', WaitRepairIR> = {
  phase: 'repair',
  kind: 'wait',
  call: 'object',
  lower(o, ctx) {
    const hasSeconds = o.seconds !== undefined;
    const hasUntil = o.until !== undefined;
    if (hasSeconds === hasUntil) {
      ctx.report('FF2207', [], o, hasSeconds ? 'until' : 'kind', ctx.f);
      return undefined;
    }
    if (hasSeconds) {
      for (const key of ['timeoutSeconds', 'intervalSeconds']) if (o[key] !== undefined) ctx.report('FF2209', [key], o, key, `${ctx.f}.${key}`);
      const seconds = seconds_(o, 'seconds', ctx, 1, 3600);
      if (seconds === undefined || o.timeoutSeconds !== undefined || o.intervalSeconds !== undefined) return undefined;
      return { wait: { seconds } };
    }
    const until = ctx.r.object(o, 'until', `${ctx.f}.until`);
    const detection = until && ctx.r.string(until, 'detection', `${ctx.f}.until.detection`);
    const is = until && ctx.r.oneOf(until, 'is', `${ctx.f}.until.is`, ['detected', 'clean'] as const);
    const known = detection !== undefined && ctx.declaredDetection.has(detection);
    if (until && detection !== undefined && !known) ctx.report('FF2005', [`${ctx.f}.until.detection`, 'detection', detection], until, 'detection', `${ctx.f}.until.detection`);
    const timeoutSeconds = seconds_(o, 'timeoutSeconds', ctx, 1, 3600);
    const intervalSeconds = o.intervalSeconds === undefined ? DEFAULT_INTERVAL : seconds_(o, 'intervalSeconds', ctx, 1, 300);
    if (timeoutSeconds === undefined || intervalSeconds === undefined || !detection || !is || !known) return undefined;
    if (intervalSeconds > timeoutSeconds) {
      ctx.report('FF2210', [intervalSeconds, timeoutSeconds], o, o.intervalSeconds === undefined ? 'timeoutSeconds' : 'intervalSeconds', `${ctx.f}.intervalSeconds`);
      return undefined;
    }
    return { wait: { detection, is, timeoutSeconds, intervalSeconds } };
  },
  engine: { file: 'wait.ps1', handler: 'Invoke-FfWaitRepair' },
  data: (s) =>
    'seconds' in s.wait
      ? { Seconds: s.wait.seconds, DetectionId: null, Until: null, TimeoutSeconds: 0, IntervalSeconds: 0 }
      : { Seconds: 0, DetectionId: s.wait.detection, Until: s.wait.is, TimeoutSeconds: s.wait.timeoutSeconds, IntervalSeconds: s.wait.intervalSeconds },
  cmd: {
    // ping waits about a second between echoes, so N + 1 echoes pause N seconds (timeout /t needs a console);
    // by its full path: a ping.bat in the current folder would be found first.
    emit: (s) =>
      'seconds' in s.wait
        ? { lines: [`"%SystemRoot%\\System32\\PING.EXE" -n ${batchArgument(String(s.wait.seconds + 1))} 127.0.0.1 >nul`] }
        : { refused: 'batch cannot run a detection step, so it cannot wait until one reads detected or clean' },
  },
  pester: {
    file: 'wait.Cases.ps1',
    cases: (s, ctx) => ({
      StepId: s.id,
      ContextValue: ctx.contextValue(s.context),
      ...('seconds' in s.wait
        ? { Seconds: s.wait.seconds, DetectionId: null, Until: null, TimeoutSeconds: 0, IntervalSeconds: 0 }
        : { Seconds: 0, DetectionId: s.wait.detection, Until: s.wait.is, TimeoutSeconds: s.wait.timeoutSeconds, IntervalSeconds: s.wait.intervalSeconds }),
    }),
  },
};

/** A whole number of seconds in [min, max], or undefined after a diagnostic (FF1006 when missing). */
function seconds_(o: Obj, key: string, ctx: LowerContext, min: number, max: number): number | undefined {
  const value = ctx.r.integer(o, key, `${ctx.f}.${key}`);
  if (value === undefined) return undefined;
  if (value < min || value > max) {
    ctx.report('FF2208', [key, value, min, max], o, key, `${ctx.f}.${key}`);
    return undefined;
  }
  return value;
}
