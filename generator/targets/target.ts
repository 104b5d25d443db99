/**
 * What a deployment target is, in one place: the spec options it reads, which strings it can
 * carry, the Windows versions and PowerShell floor it honours, its emitter and, when it has
 * files made from others' final bytes, its after-sign step. `index.ts` lists the targets.
 */
import type { AfterSignEmitter, Artifact } from '../emit/artifact';
import type { FixIR } from '../ir/types';
import type { TargetName, TargetRules } from '../ir/targetRules';

export type { CarryRule, TargetName, TargetRules } from '../ir/targetRules';
export type { AfterSignEmitter, FinalFile } from '../emit/artifact';

/** A target: the rules lowering reads (`TargetRules`), and the emitters that make its files. */
export interface Target<N extends TargetName = TargetName> extends TargetRules<N> {
  emit(ir: FixIR): Artifact[];
  readonly afterSign?: AfterSignEmitter;
  /** The target whose emitted files this one packs (gpoBackup the gpo scripts, nupkg the module). */
  readonly packs?: TargetName;
}
