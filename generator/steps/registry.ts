/**
 * The step-kind registry: every kind the compiler knows, by phase. Its type requires exactly the
 * kinds the DSL offers (`dsl.ts`), so neither list can drift from the other; the IR unions, the
 * evaluator's table of DSL calls and the kind lists in diagnostics are all derived from here.
 * Nothing else dispatches on a kind: code asks the registry for the kind's object.
 */
import type { IRBaseOf, StepKind } from './stepKind';
import { builders, type KindName, type Phase } from './dsl';
import { eventLogKind } from './detection/eventLog';
import { fileContentKind } from './detection/fileContent';
import { runProgramKind } from './repair/runProgram';
import { clearFolderContentsKind } from './repair/clearFolderContents';
import { rerunDetectionKind } from './verify/rerunDetection';
import { foldersEmptyKind } from './verify/foldersEmpty';

export const registry = {
  detection: { eventLog: eventLogKind, fileContent: fileContentKind },
  repair: { runProgram: runProgramKind, clearFolderContents: clearFolderContentsKind },
  verify: { rerunDetection: rerunDetectionKind, foldersEmpty: foldersEmptyKind },
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
