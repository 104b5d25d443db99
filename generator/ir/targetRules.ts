/**
 * What lowering needs to know of a deployment target: the spec options it reads and what it can
 * carry. The targets themselves (generator/targets) sit above lowering and the emitters; the
 * pipeline hands their list to `lowerSpec`, so lowering never imports them.
 */
import type { FieldReader, Obj } from '../vocabulary/fieldReader';
import type { StringRole } from '../vocabulary/stringRole';
import type { TargetsIR, WindowsVersion } from '../vocabulary/ir/common';
import type { AnyStepKind } from '../steps/registry';

export type TargetName = keyof TargetsIR;

/** Why a target cannot carry a string, or undefined. */
export type CarryRule = (value: string) => string | undefined;

export interface TargetRules<N extends TargetName = TargetName> {
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
}
