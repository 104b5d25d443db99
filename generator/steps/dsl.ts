/**
 * The DSL half of the step-kind registry: one builder per kind, grouped by phase. Only the kinds'
 * `dsl.ts` files are imported here, so a spec type-checks against the DSL without loading the
 * compiler. `registry.ts` must implement exactly these kinds (its type says so).
 */
import { eventLog } from './detection/eventLog/dsl';
import { fileContent } from './detection/fileContent/dsl';
import { runProgram } from './repair/runProgram/dsl';
import { clearFolderContents } from './repair/clearFolderContents/dsl';
import { rerunDetection } from './verify/rerunDetection/dsl';
import { foldersEmpty } from './verify/foldersEmpty/dsl';

/** Detection steps: each tells whether the problem is present. */
export const detect = { eventLog, fileContent };
/** Repair steps: each changes the machine, and reports what it changed. */
export const repair = { runProgram, clearFolderContents };
/** Verify steps: each tells whether the repair worked. */
export const verify = { rerunDetection, foldersEmpty };

type StepOf<Builders> = { [K in keyof Builders]: Builders[K] extends (...args: never[]) => infer S ? S : never }[keyof Builders];

export type DetectionStep = StepOf<typeof detect>;
export type RepairStep = StepOf<typeof repair>;
export type VerifyStep = StepOf<typeof verify>;

/** The DSL builders by phase: the evaluator and the registry read this shape. */
export const builders = { detection: { namespace: 'detect', kinds: detect }, repair: { namespace: 'repair', kinds: repair }, verify: { namespace: 'verify', kinds: verify } } as const;
export type Phase = keyof typeof builders;
export type KindName<P extends Phase = Phase> = keyof (typeof builders)[P]['kinds'] & string;
