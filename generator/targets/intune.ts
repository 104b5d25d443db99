/** Intune Remediations: detection + remediation pairs, pure ASCII, and their Graph bodies. */
import { asciiPowerShellRefusal, powerShellArgumentRefusal, powerShellRefusal, sourcePathRefusal } from '../escape/powershell';
import { emitIntune, intuneAfterSign } from '../emit/intune/emitIntune';
import { intuneReachable } from '../check/vocabulary';
import { isObj } from '../check/fieldReader';
import type { Target } from './target';
import { lowerPowerShellOption } from './powershellFloor';

export const intuneTarget: Target<'intune'> = {
  name: 'intune',
  lowerOptions: lowerPowerShellOption,
  // Texts for people also land in help and comments, which must be ASCII; everything else is data,
  // which the serializer writes ASCII-safe ([char] codes), so every culture's hint needles fit.
  carry: { text: asciiPowerShellRefusal, path: powerShellRefusal, argument: powerShellArgumentRefusal, data: powerShellRefusal },
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
