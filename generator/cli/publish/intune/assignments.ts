/**
 * The assignments publish wants on each Remediation: one per group, remediation on, on the
 * schedule asked for (device local time, as the Intune portal defaults to), and how to tell
 * whether what Intune holds already is the same.
 */
import type { AssignmentBody, RunSchedule } from './graphShapes';

export type ScheduleKind = 'daily' | 'hourly' | 'once';

export interface ScheduleRequest {
  readonly kind: ScheduleKind;
  /** HH:MM, for daily and once (default 09:00, as the build's assign.json). */
  readonly time?: string;
  /** YYYY-MM-DD, for once. */
  readonly date?: string;
}

export const DEFAULT_TIME = '09:00';

export function desiredAssignments(groups: readonly string[], schedule: ScheduleRequest): AssignmentBody[] {
  return [...new Set(groups.map((g) => g.toLowerCase()))].sort().map((groupId) => ({
    '@odata.type': '#microsoft.graph.deviceHealthScriptAssignment',
    target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId },
    runRemediationScript: true,
    runSchedule: runSchedule(schedule),
  }));
}

function runSchedule(s: ScheduleRequest): RunSchedule {
  const time = `${s.time ?? DEFAULT_TIME}:00`;
  switch (s.kind) {
    case 'daily':
      return { '@odata.type': '#microsoft.graph.deviceHealthScriptDailySchedule', interval: 1, time, useUtc: false };
    case 'hourly':
      return { '@odata.type': '#microsoft.graph.deviceHealthScriptHourlySchedule', interval: 1 };
    case 'once':
      return { '@odata.type': '#microsoft.graph.deviceHealthScriptRunOnceSchedule', interval: 1, date: s.date!, time, useUtc: false };
  }
}

/** True when Intune's assignments are exactly the wanted ones (order and Graph's formatting aside). */
export function sameAssignments(existing: readonly Record<string, unknown>[], wanted: readonly AssignmentBody[]): boolean {
  const a = existing.map(normalize).sort();
  const b = wanted.map((w) => normalize(w as unknown as Record<string, unknown>)).sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function normalize(assignment: Record<string, unknown>): string {
  const target = (assignment.target ?? {}) as Record<string, unknown>;
  const schedule = (assignment.runSchedule ?? {}) as Record<string, unknown>;
  const filterType = target.deviceAndAppManagementAssignmentFilterType;
  return JSON.stringify([
    target['@odata.type'],
    typeof target.groupId === 'string' ? target.groupId.toLowerCase() : null,
    // A filter set in the portal makes it a different assignment; "none" and no filter are the same.
    filterType === undefined || filterType === null || filterType === 'none' ? null : [filterType, target.deviceAndAppManagementAssignmentFilterId ?? null],
    assignment.runRemediationScript === true,
    schedule['@odata.type'],
    schedule.interval ?? null,
    typeof schedule.time === 'string' ? timeOfDay(schedule.time) : null,
    schedule['@odata.type'] === '#microsoft.graph.deviceHealthScriptHourlySchedule' ? null : schedule.useUtc === true,
    typeof schedule.date === 'string' ? schedule.date.slice(0, 10) : null,
  ]);
}

/** Graph writes TimeOfDay as 09:00:00.0000000; compare to the second. */
function timeOfDay(value: string): string {
  const [h = '0', m = '0', s = '0'] = value.split('.')[0].split(':');
  return [h, m, s].map((p) => p.padStart(2, '0')).join(':');
}

export function describeSchedule(s: ScheduleRequest): string {
  if (s.kind === 'hourly') return 'every hour';
  if (s.kind === 'daily') return `daily at ${s.time ?? DEFAULT_TIME} device time`;
  return `once on ${s.date} at ${s.time ?? DEFAULT_TIME} device time`;
}
