/**
 * The Graph (beta) shapes publish sends, as Microsoft documents them: deviceHealthScript,
 * deviceHealthScriptAssignment, groupAssignmentTarget and the run schedules. Only the
 * properties fixforge writes are typed; the read-only ones (id, createdDateTime,
 * lastModifiedDateTime, isGlobalScript, highestAvailableVersion) are never sent.
 */
export interface DeviceHealthScriptBody {
  readonly '@odata.type': '#microsoft.graph.deviceHealthScript';
  readonly displayName: string;
  readonly description: string;
  readonly publisher: string;
  readonly version: string;
  readonly detectionScriptContent: string;
  readonly remediationScriptContent: string;
  readonly runAsAccount: 'system' | 'user';
  readonly enforceSignatureCheck: boolean;
  readonly runAs32Bit: boolean;
}

/** The deviceHealthScript properties a build's body may hold (the writable ones fixforge uses). */
export const SCRIPT_WRITABLE: Record<keyof DeviceHealthScriptBody, true> = {
  '@odata.type': true,
  displayName: true,
  description: true,
  publisher: true,
  version: true,
  detectionScriptContent: true,
  remediationScriptContent: true,
  runAsAccount: true,
  enforceSignatureCheck: true,
  runAs32Bit: true,
};

export type RunSchedule =
  | { readonly '@odata.type': '#microsoft.graph.deviceHealthScriptDailySchedule'; readonly interval: number; readonly time: string; readonly useUtc: boolean }
  | { readonly '@odata.type': '#microsoft.graph.deviceHealthScriptHourlySchedule'; readonly interval: number }
  | { readonly '@odata.type': '#microsoft.graph.deviceHealthScriptRunOnceSchedule'; readonly interval: number; readonly date: string; readonly time: string; readonly useUtc: boolean };

export interface AssignmentBody {
  readonly '@odata.type': '#microsoft.graph.deviceHealthScriptAssignment';
  readonly target: { readonly '@odata.type': '#microsoft.graph.groupAssignmentTarget'; readonly groupId: string };
  readonly runRemediationScript: boolean;
  readonly runSchedule: RunSchedule;
}

export const SCRIPTS_PATH = '/deviceManagement/deviceHealthScripts';
