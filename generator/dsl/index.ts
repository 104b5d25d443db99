/**
 * The fixforge DSL: what a fix author writes in `spec/*.fix.ts`, imported as `fixforge/dsl`.
 *
 * Every function here is an identity function with a precise type: the editor gives completion
 * and type errors, and the compiler never runs spec code. The loader recognises calls to these
 * functions by their declaration and evaluates their arguments statically. The step builders
 * (`detect.*`, `repair.*`, `verify.*`) live with their step kinds under `generator/steps`.
 */
import type { Culture, Localized, PowerShellVersion, WindowsVersion } from '../vocabulary/dsl/common';
import type { DetectionStep, RepairStep, VerifyStep } from '../steps/dsl';

export type * from '../vocabulary/dsl/common';
export type { DetectionStep, RepairStep, VerifyStep } from '../steps/dsl';
export type { EventLevel, EventLogDetection } from '../steps/detection/eventLog/dsl';
export type { FileContentDetection } from '../steps/detection/fileContent/dsl';
export type { RunProgramRepair, SystemProgram } from '../steps/repair/runProgram/dsl';
export type { ClearFolderContentsRepair } from '../steps/repair/clearFolderContents/dsl';
export { detect, repair, verify } from '../steps/dsl';

export interface Hint {
  readonly id: string;
  /** Shown when this detection step finds the problem ... */
  readonly detection: string;
  /** ... and the localized event message contains one of these (best effort, never used to detect). */
  readonly messageContains: Readonly<{ [culture: Culture]: readonly string[] }>;
  readonly text: Localized;
}

export interface Targets {
  readonly module?: Readonly<{ powershell: PowerShellVersion }>;
  readonly cmd?: Readonly<Record<string, never>>;
  readonly intune?: Readonly<{ powershell: PowerShellVersion }>;
  readonly gpo?: Readonly<{ powershell: PowerShellVersion }>;
  /** A GPMC backup of the gpo target's scripts, for `Import-GPO` (needs `gpo`). */
  readonly gpoBackup?: Readonly<Record<string, never>>;
  /** The module as a `.nupkg` for PSResourceGet feeds (needs `module`); metadata goes into the manifest too. */
  readonly nupkg?: Readonly<NupkgOptions>;
  /** A portable "Fix it" folder a person runs on one computer (FixIt.cmd, FixIt.ps1, README.txt). */
  readonly fixit?: Readonly<Record<string, never>>;
}

/** Package metadata of the nupkg target. URIs are https. */
export interface NupkgOptions {
  /** Defaults to the fix's KB article (or its link). */
  readonly projectUri?: string;
  readonly licenseUri?: string;
  readonly releaseNotes?: string;
  /** Added after the tags fixforge writes (`KB<n>`, `FixForge`); no spaces. */
  readonly tags?: readonly string[];
}

export interface FixSpec {
  /** Lower-case identifier; names the output folder and the log folder. */
  readonly id: string;
  /** The Microsoft KB article the fix carries out, when there is one. */
  readonly kb?: number;
  /** Where the documented procedure is (https), for fixes without a KB article; one of kb and link is required. */
  readonly link?: string;
  readonly module: Readonly<{
    /** PowerShell module name, e.g. `FixForge.KB2328240`. */
    name: string;
    version: string;
    /** Singular PascalCase noun for the exported functions: `Test-<Noun>`, `Repair-<Noun>`. */
    noun: string;
    author: string;
    companyName: string;
  }>;
  /**
   * The cultures every text of the fix is written in. en-US is required and first (it is the
   * fallback); leave the field out for en-US only.
   */
  readonly cultures?: readonly Culture[];
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

export function hint(h: Hint): Hint {
  return h;
}
