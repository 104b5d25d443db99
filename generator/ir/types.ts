/**
 * The intermediate representation: plain, serialisable data (JSON round-trips it unchanged).
 * Emitters receive only this; they never see the spec's source.
 */
import type {
  Culture,
  EventLevel,
  ExecutionContext,
  Localized,
  PowerShellVersion,
  SystemProgram,
  WellKnownRoot,
  WindowsVersion,
} from '../dsl';

export type { Culture, EventLevel, ExecutionContext, Localized, PowerShellVersion, SystemProgram, WellKnownRoot, WindowsVersion };

export const IR_VERSION = 1;

/** Where a well-known root lives on a real machine. */
export type RootLocation =
  /** `%windir%\<path>`; `only64Bit` roots exist only on 64-bit Windows. */
  | { readonly kind: 'windows'; readonly path: string; readonly only64Bit: boolean }
  /** Each profile folder from `HKLM\...\ProfileList` (SIDs `S-1-5-21-*`). */
  | { readonly kind: 'everyUserProfile' }
  /** `%USERPROFILE%` of the user running the script. */
  | { readonly kind: 'currentUserProfile' };

export interface RootIR {
  readonly id: WellKnownRoot;
  readonly location: RootLocation;
  /** Human label for logs and docs, e.g. `LocalService profile`. */
  readonly label: string;
}

/** One folder under one root. */
export interface FolderRef {
  readonly root: WellKnownRoot;
  /** Backslash-separated, relative, no `..`, no leading or trailing separator. */
  readonly folder: string;
}

export interface EventLogDetectionIR {
  readonly kind: 'eventLog';
  readonly id: string;
  readonly description: Localized;
  readonly log: string;
  readonly provider: string;
  readonly eventIds: readonly number[];
  readonly level: EventLevel;
  /** Windows event level number (1 critical, 2 error, 3 warning, 4 information). */
  readonly levelValue: number;
  readonly dataIndex: number;
  readonly dataContains: string;
  readonly withinDays: number;
  readonly indicates: 'problem';
  readonly messages: { readonly detected: Localized; readonly clean: Localized };
}

export interface FileContentDetectionIR {
  readonly kind: 'fileContent';
  readonly id: string;
  readonly description: Localized;
  readonly locations: readonly FolderRef[];
  readonly contains: string;
  readonly indicates: 'problem' | 'evidence';
  readonly messages: { readonly detected: Localized; readonly clean: Localized };
}

export type DetectionIR = EventLogDetectionIR | FileContentDetectionIR;

export interface RunProgramRepairIR {
  readonly kind: 'runProgram';
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  /** Always under `%SystemRoot%\System32`; never resolved through PATH or the current folder. */
  readonly program: SystemProgram;
  readonly arguments: readonly string[];
  readonly successExitCodes: readonly number[];
}

export interface ClearFolderContentsRepairIR {
  readonly kind: 'clearFolderContents';
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  /** Every root × folder pair, in spec order (roots outer, folders inner). */
  readonly locations: readonly FolderRef[];
}

export type RepairIR = RunProgramRepairIR | ClearFolderContentsRepairIR;

export type VerifyIR =
  | { readonly kind: 'rerunDetection'; readonly id: string; readonly description: Localized }
  | {
      readonly kind: 'foldersEmpty';
      readonly id: string;
      readonly description: Localized;
      readonly locations: readonly FolderRef[];
    };

export interface HintIR {
  readonly id: string;
  readonly detection: string;
  readonly messageContains: Readonly<Partial<Record<Culture, readonly string[]>>>;
  readonly text: Localized;
}

export interface TargetsIR {
  readonly module?: { readonly powershell: PowerShellVersion };
  readonly cmd?: Record<string, never>;
  readonly intune?: { readonly powershell: PowerShellVersion };
  readonly gpo?: { readonly powershell: PowerShellVersion };
}

export interface FixIR {
  readonly irVersion: typeof IR_VERSION;
  readonly id: string;
  readonly kb: number;
  /** Spec path relative to the working directory, forward slashes; for generated headers only. */
  readonly sourceFile: string;
  readonly module: {
    readonly name: string;
    readonly version: string;
    /** Derived from the fix id: stable across builds and machines. */
    readonly guid: string;
    readonly noun: string;
    readonly author: string;
    readonly companyName: string;
  };
  /** Cultures of every Localized text, default first. */
  readonly cultures: readonly Culture[];
  readonly title: Localized;
  readonly description: Localized;
  readonly appliesTo: readonly WindowsVersion[];
  readonly targets: TargetsIR;
  /** The roots the steps use, in a fixed canonical order. */
  readonly roots: readonly RootIR[];
  /** Contexts the repair steps use, in canonical order system, everyUser, currentUser. */
  readonly contexts: readonly ExecutionContext[];
  readonly detection: readonly DetectionIR[];
  readonly repair: readonly RepairIR[];
  readonly verify: readonly VerifyIR[];
  readonly hints: readonly HintIR[];
}
