/**
 * The DSL half of the step-kind registry: one builder per kind, grouped by phase. Only the kinds'
 * `dsl.ts` files are imported here, so a spec type-checks against the DSL without loading the
 * compiler. `registry.ts` must implement exactly these kinds (its type says so).
 */
import type { StepOptions } from '../vocabulary/dsl/common';
import { detect, type DetectionStep } from './detection/dsl';
import { runProgram } from './repair/runProgram/dsl';
import { clearFolderContents } from './repair/clearFolderContents/dsl';
import { registryValue as registryValueRepair } from './repair/registryValue/dsl';
import { service } from './repair/service/dsl';
import { stopProcess } from './repair/stopProcess/dsl';
import { deleteFiles } from './repair/deleteFiles/dsl';
import { moveAside } from './repair/moveAside/dsl';
import { wait } from './repair/wait/dsl';
import { rerunDetection } from './verify/rerunDetection/dsl';
import { foldersEmpty } from './verify/foldersEmpty/dsl';
import { that } from './verify/that/dsl';

export { detect, type DetectionStep };
/** Every repair builder also takes the options all repair steps share (`StepOptions`). */
type WithStepOptions<B> = {
  [K in keyof B]: B[K] extends (step: infer S) => infer R ? (step: S & StepOptions) => R & StepOptions : never;
};
function withStepOptions<B>(builders: B): WithStepOptions<B> {
  return builders as unknown as WithStepOptions<B>;
}

/** Repair steps: each changes the machine, and reports what it changed. */
export const repair = withStepOptions({ runProgram, clearFolderContents, deleteFiles, service, registryValue: registryValueRepair, moveAside, stopProcess, wait });
/** Verify steps: each tells whether the repair worked. */
export const verify = { rerunDetection, foldersEmpty, that };

type StepOf<Builders> = { [K in keyof Builders]: Builders[K] extends (...args: never[]) => infer S ? S : never }[keyof Builders];

export type RepairStep = StepOf<typeof repair>;
export type VerifyStep = StepOf<typeof verify>;

/** The DSL builders by phase: the evaluator and the registry read this shape. */
export const builders = { detection: { namespace: 'detect', kinds: detect }, repair: { namespace: 'repair', kinds: repair }, verify: { namespace: 'verify', kinds: verify } } as const;
export type Phase = keyof typeof builders;
export type KindName<P extends Phase = Phase> = keyof (typeof builders)[P]['kinds'] & string;
