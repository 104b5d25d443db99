/**
 * The fixforge DSL: what a fix author writes in `spec/*.fix.ts`.
 *
 * Every function here is an identity function with a precise type: the editor gives completion
 * and type errors, and the compiler never runs spec code. The loader recognises calls to these
 * functions by their declaration and evaluates their arguments statically.
 */

/** Cultures every user-facing text must be written in. The seed article is Dutch. */
export type Culture = 'en-US' | 'nl-NL';
export type Localized = Readonly<Record<Culture, string>>;

export type WindowsVersion =
  | 'vista'
  | 'server2008'
  | 'windows7'
  | 'server2008r2'
  | 'windows8'
  | 'server2012'
  | 'windows81'
  | 'server2012r2'
  | 'windows10'
  | 'windows11'
  | 'server2016'
  | 'server2019'
  | 'server2022'
  | 'server2025';

/** Windows PowerShell versions a generated PowerShell artifact can be held to. */
export type PowerShellVersion = '2.0' | '3.0' | '4.0' | '5.1';

/**
 * Who a repair step runs as.
 * - `system`: once per machine, as SYSTEM (startup script, Intune system context).
 * - `currentUser`: as the signed-in user (logon script, Intune user context).
 * - `everyUser`: as SYSTEM, over every user profile folder on disk.
 */
export type ExecutionContext = 'system' | 'currentUser' | 'everyUser';

/**
 * Folders the compiler knows how to find on a real machine.
 * - `localService`, `networkService`: `%windir%\ServiceProfiles\<name>`
 * - `systemProfile`: `%windir%\System32\config\systemprofile`
 * - `systemProfileWow64`: `%windir%\SysWOW64\config\systemprofile` (64-bit Windows only)
 * - `everyUserProfile`: each profile folder listed under the ProfileList registry key
 * - `currentUserProfile`: `%USERPROFILE%`
 */
export type WellKnownRoot =
  | 'localService'
  | 'networkService'
  | 'systemProfile'
  | 'systemProfileWow64'
  | 'everyUserProfile'
  | 'currentUserProfile';

/** Programs a repair may run, always by full path under `%SystemRoot%\System32`. */
export type SystemProgram = 'certutil.exe';

export type EventLevel = 'critical' | 'error' | 'warning' | 'information';

export type OutcomeMessages = Readonly<{ detected: Localized; clean: Localized }>;

export interface EventLogDetection {
  readonly id: string;
  readonly description: Localized;
  /** Classic log name, e.g. `Application`. */
  readonly log: string;
  readonly provider: string;
  readonly eventIds: readonly number[];
  readonly level: EventLevel;
  /** Language-neutral match: `EventData/Data[index]` contains `text`, case-insensitively. */
  readonly dataContains: Readonly<{ index: number; text: string }>;
  /** Only events newer than this many days (and newer than the last successful repair) count. */
  readonly withinDays: number;
  readonly messages: OutcomeMessages;
}

export interface FileContentDetection {
  readonly id: string;
  readonly description: Localized;
  readonly roots: readonly WellKnownRoot[];
  /** Folder under each root, backslash-separated, e.g. `AppData\LocalLow\Microsoft\CryptnetUrlCache\MetaData`. */
  readonly folder: string;
  /** Text a file must contain (ASCII or UTF-16LE, case-insensitive). */
  readonly contains: string;
  /**
   * `problem`: a match means the fix is needed. `evidence`: reported in the findings only,
   * for conditions that are also normal on a healthy machine.
   */
  readonly indicates: 'problem' | 'evidence';
  readonly messages: OutcomeMessages;
}

export type DetectionStep =
  | ({ readonly kind: 'eventLog' } & EventLogDetection)
  | ({ readonly kind: 'fileContent' } & FileContentDetection);

export interface RunProgramRepair {
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  readonly program: SystemProgram;
  readonly arguments: readonly string[];
  readonly successExitCodes: readonly number[];
}

export interface ClearFolderContentsRepair {
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  readonly roots: readonly WellKnownRoot[];
  /** Folders under each root whose contents are deleted; the folders themselves are kept. */
  readonly folders: readonly string[];
}

export type RepairStep =
  | ({ readonly kind: 'runProgram' } & RunProgramRepair)
  | ({ readonly kind: 'clearFolderContents' } & ClearFolderContentsRepair);

export type VerifyStep =
  | { readonly kind: 'rerunDetection'; readonly id: string; readonly description: Localized }
  | {
      readonly kind: 'foldersEmpty';
      readonly id: string;
      readonly description: Localized;
      /** Ids of `clearFolderContents` repair steps whose folders must now be empty. */
      readonly repairSteps: readonly string[];
    };

export interface Hint {
  readonly id: string;
  /** Shown when this detection step finds the problem ... */
  readonly detection: string;
  /** ... and the localized event message contains one of these (best effort, never used to detect). */
  readonly messageContains: Readonly<Partial<Record<Culture, readonly string[]>>>;
  readonly text: Localized;
}

export interface Targets {
  readonly module?: Readonly<{ powershell: PowerShellVersion }>;
  readonly cmd?: Readonly<Record<string, never>>;
  readonly intune?: Readonly<{ powershell: PowerShellVersion }>;
  readonly gpo?: Readonly<{ powershell: PowerShellVersion }>;
}

export interface FixSpec {
  /** Lower-case identifier; names the output folder and the log folder. */
  readonly id: string;
  readonly kb: number;
  readonly module: Readonly<{
    /** PowerShell module name, e.g. `FixForge.KB2328240`. */
    name: string;
    version: string;
    /** Singular PascalCase noun for the exported functions: `Test-<Noun>`, `Repair-<Noun>`. */
    noun: string;
    author: string;
    companyName: string;
  }>;
  readonly title: Localized;
  readonly description: Localized;
  readonly appliesTo: readonly WindowsVersion[];
  readonly targets: Targets;
  readonly detection: readonly DetectionStep[];
  readonly repair: readonly RepairStep[];
  readonly verify: readonly VerifyStep[];
  readonly hints: readonly Hint[];
}

/** The one export of a spec file. */
export function defineFix(spec: FixSpec): FixSpec {
  return spec;
}

export const detect = {
  eventLog(step: EventLogDetection): DetectionStep {
    return { kind: 'eventLog', ...step };
  },
  fileContent(step: FileContentDetection): DetectionStep {
    return { kind: 'fileContent', ...step };
  },
};

export const repair = {
  runProgram(step: RunProgramRepair): RepairStep {
    return { kind: 'runProgram', ...step };
  },
  clearFolderContents(step: ClearFolderContentsRepair): RepairStep {
    return { kind: 'clearFolderContents', ...step };
  },
};

export const verify = {
  rerunDetection(id: string, description: Localized): VerifyStep {
    return { kind: 'rerunDetection', id, description };
  },
  foldersEmpty(id: string, description: Localized, repairSteps: readonly string[]): VerifyStep {
    return { kind: 'foldersEmpty', id, description, repairSteps };
  },
};

export function hint(h: Hint): Hint {
  return h;
}
