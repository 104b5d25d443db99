/**
 * What a step kind is: everything the compiler knows about one kind of step, in one object that
 * lives in the kind's folder (`steps/<phase>/<kind>/index.ts`), next to its DSL builder
 * (`dsl.ts`), its PowerShell handler (`<kind>.ps1`), its Pester cases (`<kind>.Cases.ps1`) and a
 * fixture spec (`fixture.fix.ts`). `registry.ts` lists the kinds.
 */
import type { Obj } from '../vocabulary/fieldReader';
import type { Localized, ExecutionContext, FolderRef, TargetsIR } from '../vocabulary/ir/common';
import type { LowerContext } from './lowerContext';
import type { PsValue } from '../vocabulary/powershell/data';
import type { Phase } from './dsl';

/** Fields every step's IR has; the kind adds its own. */
export interface StepIRBase<K extends string = string> {
  readonly kind: K;
  readonly id: string;
  readonly description: Localized;
}

export interface DetectionIRBase<K extends string = string> extends StepIRBase<K> {
  /** `problem`: a finding means the fix is needed; `evidence`: reported only. */
  readonly indicates: 'problem' | 'evidence';
  readonly messages: { readonly detected: Localized; readonly clean: Localized };
}

export interface RepairIRBase<K extends string = string> extends StepIRBase<K> {
  readonly context: ExecutionContext;
  /** The options every repair step takes (see `StepOptions` in the DSL), with defaults filled in. */
  readonly options: RepairOptionsIR;
}

export interface RepairOptionsIR {
  readonly when?: string;
  readonly onFailure: 'stop' | 'continue';
  readonly retry?: { readonly count: number; readonly delaySeconds: number };
  readonly rebootRequired: boolean;
  readonly optional: boolean;
}

export type VerifyIRBase<K extends string = string> = StepIRBase<K>;

export interface IRBaseOf<K extends string> {
  detection: DetectionIRBase<K>;
  repair: RepairIRBase<K>;
  verify: VerifyIRBase<K>;
}

/** The fields a kind's `lower` adds to the common ones. */
export type OwnFields<P extends Phase, IR> = Omit<IR, keyof IRBaseOf<string>[P]>;

/** One batch step: lines for the script body, and the names of the routines it calls. */
export interface CmdStep {
  readonly lines: readonly string[];
  /** `.cmd` files in the kind's folder appended once after the script's exit (`:ff_...` routines). */
  readonly routines?: readonly string[];
}

/** How a kind meets the `.cmd` target: it emits batch, or it says why it cannot. */
export type CmdSupport<IR> =
  | { readonly emit: (step: IR, ctx: CmdContext) => CmdStep | CmdRefusal }
  /** Not carried by the `.cmd` target at all, with the reason shown in the script's header. */
  | { readonly notCarried: string };

/** A step the `.cmd` cannot honour: a warning at the step (FF3002), listed in the script header. */
export interface CmdRefusal {
  readonly refused: string;
}

export interface CmdContext {
  /** `%SystemRoot%\...` or `%USERPROFILE%` for a location, or undefined when batch cannot reach it. */
  folder(location: FolderRef): string | undefined;
  /** A label unique to this step within the script, for `goto`. */
  readonly label: string;
}

export interface PesterContext {
  /** The PowerShell spelling of a context, as `-Context` takes it. */
  contextValue(context: ExecutionContext): string;
  /** String-table keys of a step's texts. */
  keys(step: StepIRBase): { description: string; detected: string; clean: string };
  readonly targets: TargetsIR;
  /** The hints of a detection step, one entry per culture and needle, with the other hints' keys. */
  hintCases(stepId: string): Readonly<Record<string, PsValue>>[];
}

export interface StepKind<P extends Phase, K extends string, IR extends IRBaseOf<K>[P]> {
  readonly phase: P;
  readonly kind: K;
  /** How the DSL builder's arguments map to the step value: one object, or named positions. */
  readonly call: 'object' | readonly string[];
  /** A detection kind that always finds the problem (on-demand fixes): Test-after-Repair does not apply. */
  readonly onDemand?: boolean;
  /** Reads and checks the kind's own fields; every problem is reported through `ctx`. */
  lower(step: Obj, ctx: LowerContext, common: IRBaseOf<K>[P]): OwnFields<P, IR> | undefined;
  /** Folders under roots the step reads or changes (decides which roots the IR carries). */
  locations?(step: IR, ctx?: StepsContext): readonly FolderRef[];
  /** Steps inside this one (verify.that's condition): their kinds' handlers and texts come along. */
  nested?(step: IR): readonly { readonly phase: Phase; readonly step: StepIRBase }[];
  /** The PowerShell handler: a function in `<kind>.ps1` beside the kind's index.ts. */
  readonly engine: {
    readonly file: string;
    readonly handler: string;
    /**
     * Engine files of another kind whose functions the handler calls (paths relative to this
     * kind's folder, e.g. `../../detection/registryValue/registryValue.ps1`). A script carries each
     * file once, before the handler, whichever of the kinds the fix uses.
     */
    readonly uses?: readonly string[];
  };
  /** The step's own entries in the engine's data table, PascalCase keys. */
  data(step: IR, ctx?: StepsContext): Readonly<Record<string, PsValue>>;
  readonly cmd: CmdSupport<IR>;
  /** Generated Pester cases: the kind's `<kind>.Cases.ps1` block, run once per entry of `cases`. */
  readonly pester: { readonly file: string; cases(step: IR, ctx: PesterContext): Readonly<Record<string, PsValue>> };
}

/** What a kind with nested steps asks of the other kinds, without knowing them. */
export interface StepsContext {
  locationsOf(phase: Phase, step: StepIRBase): readonly FolderRef[];
  /** A nested step's complete data-table entry, as its own kind writes it. */
  stepData(phase: Phase, step: StepIRBase): Readonly<Record<string, PsValue>>;
}
