/** A Group Policy scripts folder: the `.cmd` scripts, a 2.0-safe PowerShell startup script, the ini files. */
import { powerShellArgumentRefusal, powerShellRefusal, sourcePathRefusal } from '../vocabulary/escape/powershell';
import { batchArgumentRefusal, batchPathRefusal, batchTextRefusal } from '../vocabulary/escape/batch';
import { emitGpo } from '../emit/gpo/emitGpo';
import { needsTransliteration } from '../vocabulary/escape/transliterate';
import type { CarryRule, Target } from './target';
import { checkPowerShellFloor, lowerPowerShellOption } from './powershellFloor';

/** The first refusal among several rules: the GPO folder embeds a string in two languages. */
const both = (...rules: CarryRule[]): CarryRule => (v) => rules.map((rule) => rule(v)).find((reason) => reason !== undefined);

export const gpoTarget: Target<'gpo'> = {
  name: 'gpo',
  lowerOptions: lowerPowerShellOption,
  carry: {
    text: both(powerShellRefusal, batchTextRefusal),
    path: both(powerShellRefusal, batchPathRefusal),
    argument: both(powerShellArgumentRefusal, batchArgumentRefusal),
    data: powerShellRefusal,
    // The startup script carries every culture's string table (UTF-8 with BOM).
    localizedText: powerShellRefusal,
  },
  // The startup script (UTF-8 with BOM) carries texts exactly; its .cmd scripts transliterate them (FF3120).
  transliterates: { text: needsTransliteration },
  // The folder holds the .cmd scripts too, which are ASCII.
  sourcePath: (file) => sourcePathRefusal(file, true),
  checkReach: (r, spec, targets, appliesTo) => checkPowerShellFloor('gpo', r, spec, targets, appliesTo),
  emit: emitGpo,
};
