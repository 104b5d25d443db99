/**
 * The step-kind registry: every kind the compiler knows, by phase. Its type requires exactly the
 * kinds the DSL offers (`dsl.ts`), so neither list can drift from the other; the IR unions, the
 * evaluator's table of DSL calls and the kind lists in diagnostics are all derived from here.
 * Nothing else dispatches on a kind: code asks the registry for the kind's object.
 */
import type { IRBaseOf, StepKind, StepsContext } from './stepKind';
import type { FolderRef } from '../vocabulary/ir/common';
import { builders, type KindName, type Phase } from './dsl';
import { eventLogKind } from './detection/eventLog';
import { fileContentKind } from './detection/fileContent';
import { registryValueDetectionKind } from './detection/registryValue';
import { pathExistsKind } from './detection/pathExists';
import { serviceStateKind } from './detection/serviceState';
import { programOutputKind } from './detection/programOutput';
import { alwaysKind } from './detection/always';
import { runProgramKind } from './repair/runProgram';
import { clearFolderContentsKind } from './repair/clearFolderContents';
import { registryValueRepairKind } from './repair/registryValue';
import { serviceKind } from './repair/service';
import { stopProcessKind } from './repair/stopProcess';
import { deleteFilesKind } from './repair/deleteFiles';
import { moveAsideKind } from './repair/moveAside';
import { waitKind } from './repair/wait';
import { rerunDetectionKind } from './verify/rerunDetection';
import { foldersEmptyKind } from './verify/foldersEmpty';
import { thatKind } from './verify/that';

export const registry = {
  detection: { eventLog: eventLogKind, fileContent: fileContentKind, pathExists: pathExistsKind, registryValue: registryValueDetectionKind, serviceState: serviceStateKind, programOutput: programOutputKind, always: alwaysKind },
  repair: { runProgram: runProgramKind, clearFolderContents: clearFolderContentsKind, deleteFiles: deleteFilesKind, service: serviceKind, registryValue: registryValueRepairKind, moveAside: moveAsideKind, stopProcess: stopProcessKind, wait: waitKind },
  verify: { rerunDetection: rerunDetectionKind, foldersEmpty: foldersEmptyKind, that: thatKind },
} as const satisfies { readonly [P in Phase]: { readonly [K in KindName<P>]: // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own IR type
  StepKind<P, K, any> } };

type KindsOf<P extends Phase> = (typeof registry)[P][keyof (typeof registry)[P]];
type IROf<T> = T extends StepKind<infer _P, infer _K, infer IR> ? IR : never;

export type DetectionIR = IROf<KindsOf<'detection'>>;
export type RepairIR = IROf<KindsOf<'repair'>>;
export type VerifyIR = IROf<KindsOf<'verify'>>;
export type StepIR = DetectionIR | RepairIR | VerifyIR;
export type IRByPhase = { detection: DetectionIR; repair: RepairIR; verify: VerifyIR };

/** Any kind, with its IR type erased: what generic code (emitters, lowering) works with. */
export type AnyStepKind = StepKind<Phase, string, IRBaseOf<string>[Phase]>;

export const phases = Object.keys(registry) as Phase[];

/** The kinds of a phase, in registry order. */
export function kindsOf(phase: Phase): AnyStepKind[] {
  return Object.values(registry[phase]) as unknown as AnyStepKind[];
}

/** Every kind of every phase. */
export function allKinds(): AnyStepKind[] {
  return phases.flatMap(kindsOf);
}

/** The kind object of a step, or of a kind name in a phase; undefined for a name the phase lacks. */
export function kindOf(phase: Phase, kind: string): AnyStepKind | undefined {
  return Object.prototype.hasOwnProperty.call(registry[phase], kind) ? (registry[phase] as unknown as Record<string, AnyStepKind>)[kind] : undefined;
}

/** The kind object of a lowered step (its kind is always registered). */
export function kindOfStep(phase: Phase, step: { readonly kind: string }): AnyStepKind {
  const k = kindOf(phase, step.kind);
  if (!k) throw new Error(`internal: no registered ${phase} kind '${step.kind}'`);
  return k;
}

/** `detect.eventLog` → the kind, for the evaluator; derived from the DSL's own builder names. */
export const dslCalls: ReadonlyMap<string, AnyStepKind> = new Map(
  phases.flatMap((phase) => kindsOf(phase).map((k) => [`${builders[phase].namespace}.${k.kind}`, k] as const)),
);

/** The folders a step reads or changes, asked of its own kind (and, through it, of nested steps). */
export function locationsOf(phase: Phase, step: { readonly kind: string }, ctx: StepsContext): readonly FolderRef[] {
  return kindOfStep(phase, step).locations?.(step as never, ctx) ?? [];
}
