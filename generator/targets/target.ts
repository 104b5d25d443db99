/**
 * What a deployment target is, in one place: the spec options it reads, which strings it can
 * carry, the Windows versions and PowerShell floor it honours, its emitter and, when it has
 * files made from others' final bytes, its after-sign step. `index.ts` lists the targets.
 */
import type { FieldReader, Obj } from '../check/fieldReader';
import type { StringRole } from '../check/carry';
import type { Artifact } from '../emit/artifact';
import type { FixIR, TargetsIR, WindowsVersion } from '../ir/types';
import type { AnyStepKind } from '../steps/registry';

export type TargetName = keyof TargetsIR;

/** A file as it will be written: encoded and, when signing is on, signed. */
export interface FinalFile {
  readonly path: string;
  readonly bytes: Buffer;
  readonly signed: boolean;
}

/**
 * Files a target derives from the final bytes of its other files, e.g. the Intune Graph bodies
 * that carry base64 of the signed scripts. They are encoded after the sign stage and not signed.
 */
export interface AfterSignEmitter {
  /** The paths `emit` produces, known before signing (the per-fix README lists them). */
  paths(ir: FixIR): string[];
  emit(ir: FixIR, files: readonly FinalFile[]): Artifact[];
}

/** Why a target cannot carry a string, or undefined. */
export type CarryRule = (value: string) => string | undefined;

export interface Target<N extends TargetName = TargetName> {
  readonly name: N;
  /** Reads `targets.<name>` of the spec (already known to be an object). */
  lowerOptions(r: FieldReader, options: Obj, field: string): NonNullable<TargetsIR[N]> | undefined;
  /** The rule per string role; a role without a rule is not embedded by this target. */
  readonly carry: Partial<Record<StringRole, CarryRule>>;
  /** Whether the target writes a string of a role transliterated to ASCII (FF3120, one warning per spec). */
  readonly transliterates?: Partial<Record<StringRole, (value: string) => boolean>>;
  /** Why the target cannot write the spec's file name into its file headers, or undefined (FF3103). */
  readonly sourcePath?: CarryRule;
  /** Reports what the target cannot honour about the Windows versions the fix applies to. */
  checkReach?(r: FieldReader, spec: Obj, targets: TargetsIR, appliesTo: readonly WindowsVersion[]): void;
  /** Why the target cannot carry a repair step, or undefined (FF3002, a warning at the step). */
  refusal?(kind: AnyStepKind, step: { readonly kind: string; readonly id: string }): string | undefined;
  emit(ir: FixIR): Artifact[];
  readonly afterSign?: AfterSignEmitter;
  /** The target whose emitted files this one packs (gpoBackup the gpo scripts, nupkg the module). */
  readonly packs?: TargetName;
}
