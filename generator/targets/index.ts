/** The deployment targets, in output order. A spec enables each under `targets.<name>`. */
import type { FieldReader, Obj } from '../vocabulary/fieldReader';
import type { TargetsIR } from '../ir/types';
import { lowerTargetOptions } from '../ir/lowerTargets';
import { moduleTarget } from './module';
import { cmdTarget } from './cmd';
import { intuneTarget } from './intune';
import { gpoTarget } from './gpo';
import { gpoBackupTarget } from './gpoBackup';
import { nupkgTarget } from './nupkg';
import { fixitTarget } from './fixit';
import type { Target, TargetName } from './target';

export type { AfterSignEmitter, FinalFile, Target, TargetName } from './target';

export const targets: readonly Target[] = [moduleTarget, cmdTarget, intuneTarget, gpoTarget, gpoBackupTarget, nupkgTarget, fixitTarget];
export const targetNames: readonly TargetName[] = targets.map((t) => t.name);

export function targetByName(name: TargetName): Target {
  return targets.find((t) => t.name === name)!;
}

/** `targets` of the spec: each enabled target's options, read by the target itself. */
export function lowerTargets(r: FieldReader, spec: Obj): TargetsIR {
  return lowerTargetOptions(targets, r, spec);
}
