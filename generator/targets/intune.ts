/**
 * Intune Remediations: detection + remediation pairs, pure ASCII, and their Graph bodies. ASCII
 * because Intune delivers the bytes unchanged and its signature check wants them without a BOM,
 * while Windows PowerShell 5.1 reads a BOM-less file in the ANSI code page: only ASCII reads the
 * same both ways. Every string the script uses (every culture's texts, hint needles) is written as
 * `[char]` code expressions and reads back exactly; only comments and help are transliterated.
 */
import { asciiPowerShellRefusal, powerShellArgumentRefusal, powerShellRefusal, sourcePathRefusal } from '../vocabulary/escape/powershell';
import { emitIntune, intuneAfterSign } from '../emit/intune/emitIntune';
import { intuneReachable } from '../vocabulary/closedSets';
import { isObj } from '../vocabulary/fieldReader';
import type { Target } from './target';
import { lowerPowerShellOption } from './powershellFloor';

export const intuneTarget: Target<'intune'> = {
  name: 'intune',
  lowerOptions: lowerPowerShellOption,
  // Every string is written ASCII-safe ([char] codes, emit/powershell/data.ts), every culture's
  // string table included; texts that also land in help and comments are transliterated there.
  carry: { text: asciiPowerShellRefusal, localizedText: asciiPowerShellRefusal, path: powerShellRefusal, argument: powerShellArgumentRefusal, data: powerShellRefusal },
  sourcePath: (file) => sourcePathRefusal(file, true),
  checkReach: (r, spec, targets, appliesTo) => {
    const t = isObj(spec.targets) ? spec.targets : undefined;
    if (targets.intune && t && !appliesTo.some((v) => intuneReachable.includes(v))) {
      r.report('FF2009', [appliesTo.join(', ')], t, 'intune', 'targets.intune');
    }
  },
  emit: emitIntune,
  afterSign: intuneAfterSign,
};
