/** The PowerShell version rules the PowerShell-based targets share. */
import type { FieldReader, Obj } from '../vocabulary/fieldReader';
import { inboxPowerShell, powerShellVersions } from '../vocabulary/closedSets';
import { isObj } from '../vocabulary/fieldReader';
import type { PowerShellVersion, TargetsIR, WindowsVersion } from '../ir/types';

export function lowerPowerShellOption(r: FieldReader, options: Obj, field: string): { powershell: PowerShellVersion } | undefined {
  const powershell = r.oneOf(options, 'powershell', `${field}.powershell`, powerShellVersions);
  return powershell ? { powershell } : undefined;
}

/** The oldest in-box PowerShell among the versions the fix applies to bounds what a target may use (FF2008). */
export function checkPowerShellFloor(key: 'module' | 'gpo', r: FieldReader, spec: Obj, targets: TargetsIR, appliesTo: readonly WindowsVersion[]): void {
  const wanted = targets[key]?.powershell;
  const t = isObj(spec.targets) ? spec.targets : undefined;
  if (!wanted || !t) return;
  const floor = appliesTo
    .map((v) => inboxPowerShell[v])
    .filter((v): v is PowerShellVersion => v !== undefined)
    .sort()[0];
  if (floor && wanted > floor) {
    const oldest = appliesTo.filter((v) => inboxPowerShell[v] === floor).join(', ');
    const target = isObj(t[key]) ? (t[key] as Obj) : t;
    r.report('FF2008', [key, floor, oldest, wanted], target, 'powershell', `targets.${key}.powershell`);
  }
}
