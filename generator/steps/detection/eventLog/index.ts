/** detect.eventLog: events in a classic log, matched on provider, ids, level and one data field. */
import type { DetectionIRBase, StepKind } from '../../stepKind';
import type { EventLevel } from './dsl';

export interface EventLogDetectionIR extends DetectionIRBase<'eventLog'> {
  readonly log: string;
  readonly provider: string;
  readonly eventIds: readonly number[];
  readonly level: EventLevel;
  /** Windows event level number (1 critical, 2 error, 3 warning, 4 information). */
  readonly levelValue: number;
  /** The data field to match, or null to count every event of the provider, ids and level. */
  readonly dataIndex: number | null;
  readonly dataContains: string | null;
  readonly withinDays: number;
}

const levels: Readonly<Record<EventLevel, number>> = { critical: 1, error: 2, warning: 3, information: 4 };

export const eventLogKind: StepKind<'detection', 'eventLog', EventLogDetectionIR> = {
  phase: 'detection',
  kind: 'eventLog',
  call: 'object',
  lower(o, ctx) {
    const { r } = ctx;
    const log = ctx.string(o, 'log', `${ctx.f}.log`, 'data');
    const provider = ctx.string(o, 'provider', `${ctx.f}.provider`, 'data');
    const eventIds = r.integers(o, 'eventIds', `${ctx.f}.eventIds`);
    if (eventIds && (eventIds.length === 0 || eventIds.some((e) => e < 0 || e > 65535))) {
      ctx.report('FF2015', [eventIds.join(', ')], o, 'eventIds', `${ctx.f}.eventIds`);
    }
    const level = r.oneOf(o, 'level', `${ctx.f}.level`, Object.keys(levels) as EventLevel[]);
    const dc = o.dataContains === undefined ? null : r.object(o, 'dataContains', `${ctx.f}.dataContains`);
    const dataIndex = dc && r.integer(dc, 'index', `${ctx.f}.dataContains.index`);
    const dataText = dc && ctx.string(dc, 'text', `${ctx.f}.dataContains.text`, 'data');
    if (dc && dataIndex != null && (dataIndex < 0 || dataIndex > 31)) {
      ctx.report('FF2016', [dataIndex], dc, 'index', `${ctx.f}.dataContains.index`);
    }
    if (dc && dataText === '') ctx.report('FF2017', [], dc, 'text', `${ctx.f}.dataContains.text`);
    const withinDays = r.integer(o, 'withinDays', `${ctx.f}.withinDays`);
    if (withinDays !== undefined && (withinDays < 1 || withinDays > 3650)) {
      ctx.report('FF2018', [withinDays], o, 'withinDays', `${ctx.f}.withinDays`);
    }
    if (!log || !provider || !eventIds || !level || withinDays === undefined) return undefined;
    if (dc === undefined || (dc && (dataIndex == null || !dataText))) return undefined;
    return {
      log, provider, eventIds, level, levelValue: levels[level],
      dataIndex: dc ? (dataIndex as number) : null, dataContains: dc ? (dataText as string) : null, withinDays, indicates: 'problem',
    };
  },
  engine: { file: 'eventLog.ps1', handler: 'Invoke-FfEventLogDetection' },
  data: (s) => ({
    LogName: s.log,
    ProviderName: s.provider,
    EventId: s.eventIds,
    Level: s.levelValue,
    DataIndex: s.dataIndex,
    DataContains: s.dataContains,
    WithinDays: s.withinDays,
  }),
  cmd: { notCarried: 'the .cmd fallback runs the repair steps only; it does not read the event log' },
  pester: {
    file: 'eventLog.Cases.ps1',
    cases: (s, ctx) => ({
      StepId: s.id,
      LogName: s.log,
      ProviderName: s.provider,
      EventIds: s.eventIds,
      Level: s.levelValue,
      // Test data comes from the step: its own text, in mixed case and inside longer data.
      MatchesData: s.dataContains !== null,
      DataIndex: s.dataIndex ?? 0,
      MatchingData: s.dataContains === null ? ['any data'] : [mixedCase(s.dataContains), `prefix/${mixedCase(s.dataContains)}`, `${s.dataContains.toUpperCase()} (suffix)`],
      OtherData: s.dataContains === null ? '' : otherData(s.dataContains),
      OtherLog: `${s.provider}/Operational` === s.log ? `${s.log}/Other` : `${s.provider}/Operational`,
      CleanKey: ctx.keys(s).clean,
      Hints: ctx.hintCases(s.id),
    }),
  },
};

/** `authrootstl.cab` → `AuThRoOtStL.CaB`: detection must match case-insensitively. */
function mixedCase(text: string): string {
  let upper = true;
  return [...text]
    .map((c) => {
      if (c.toLowerCase() === c.toUpperCase()) return c;
      const out = upper ? c.toUpperCase() : c.toLowerCase();
      upper = !upper;
      return out;
    })
    .join('');
}

/** Data that does not contain the step's text: a near miss (its first character changed), or empty. */
function otherData(text: string): string {
  const changed = `${text.charAt(0) === 'z' ? 'y' : 'z'}${text.slice(1)}`;
  return changed.toLowerCase().includes(text.toLowerCase()) ? '' : `other/${changed}`;
}
