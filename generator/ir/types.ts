/**
 * The intermediate representation: plain, serialisable data (JSON round-trips it unchanged).
 * Emitters receive only this; they never see the spec's source. Each step kind defines its own
 * IR type in its folder; the unions here are derived from the registry.
 */
import type { Culture, ExecutionContext, Localized, PowerShellVersion, RootIR, TargetsIR, WindowsVersion } from '../vocabulary/ir/common';
import type { DetectionIR, RepairIR, VerifyIR } from '../steps/registry';

export type * from '../vocabulary/ir/common';
export type { DetectionIR, RepairIR, VerifyIR, StepIR } from '../steps/registry';
export type { EventLogDetectionIR } from '../steps/detection/eventLog';
export type { FileContentDetectionIR } from '../steps/detection/fileContent';
export type { RunProgramRepairIR } from '../steps/repair/runProgram';
export type { ClearFolderContentsRepairIR } from '../steps/repair/clearFolderContents';
export type { EventLevel } from '../steps/detection/eventLog/dsl';
export type { SystemProgram } from '../steps/repair/runProgram/dsl';

export const IR_VERSION = 2;

export interface HintIR {
  readonly id: string;
  readonly detection: string;
  readonly messageContains: Readonly<{ [culture: Culture]: readonly string[] }>;
  readonly text: Localized;
}

export interface FixIR {
  readonly irVersion: typeof IR_VERSION;
  readonly id: string;
  /** The KB article, or null for a fix documented elsewhere (`link`). */
  readonly kb: number | null;
  /** The documented procedure: the KB article's address, or the spec's `link`. */
  readonly link: string;
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
  /** The cultures of every Localized text, en-US (the fallback) first. */
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

export type { PowerShellVersion };
