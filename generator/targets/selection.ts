/**
 * The targets a build selects (`--target`, or the config's `targets`) checked against each spec,
 * before anything is emitted: a target that packs another's files (gpoBackup the gpo scripts,
 * nupkg the module) needs that one selected too (FF2310, at the spec's `targets.<name>`); a
 * selected target the spec does not enable builds nothing (FF2311, a warning: a multi-spec build
 * may select targets only some specs have); a selection that leaves a spec nothing but its README is FF2312 (a warning too).
 */
import { makeDiagnostic, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import type { SourceLocation } from '../vocabulary/diagnostics/diagnostic';
import type { FixIR } from '../ir/types';
import { targets as allTargets, type TargetName } from './index';

/** Where a field of the spec is: `targets.<name>`, else `targets`, else the file's first line. */
export type TargetsLocator = (name?: TargetName) => SourceLocation;

export function targetSelectionDiagnostics(ir: FixIR, selected: readonly TargetName[] | undefined, at: TargetsLocator, source = '--target'): Diagnostic[] {
  if (!selected) return [];
  const out: Diagnostic[] = [];
  const shown = `${source} ${selected.join(',')}`;
  const list = selected.join(',');
  const enabled = allTargets.filter((t) => ir.targets[t.name]);
  for (const name of selected) {
    if (!ir.targets[name]) out.push(makeDiagnostic('FF2311', [name, shown], at(), 'targets'));
  }
  const built = enabled.filter((t) => selected.includes(t.name));
  if (built.length === 0) {
    out.push(makeDiagnostic('FF2312', [list, enabled.map((t) => t.name).join(', ')], at(), 'targets'));
    return out;
  }
  for (const t of built) {
    if (!t.packs || selected.includes(t.packs)) continue;
    const fixed = allTargets.filter((o) => selected.includes(o.name) || o.name === t.packs).map((o) => o.name).join(',');
    out.push(makeDiagnostic('FF2310', [t.name, t.packs, shown, fixed], at(t.name), `targets.${t.name}`));
  }
  return out;
}
