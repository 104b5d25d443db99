/** A GPMC backup of the gpo target's scripts, for Import-GPO, and its import helper (issue 13). */
import { sourcePathRefusal } from '../vocabulary/escape/powershell';
import { isObj } from '../vocabulary/fieldReader';
import { emitGpoBackup, gpoBackupAfterSign } from '../emit/gpoBackup/emitGpoBackup';
import type { Target } from './target';

export const gpoBackupTarget: Target<'gpoBackup'> = {
  name: 'gpoBackup',
  lowerOptions: () => ({}),
  // The XML and the helper embed only names fixforge makes from the fix id; the scripts are the
  // gpo target's, checked by its rules.
  carry: {},
  sourcePath: (file) => sourcePathRefusal(file, false),
  checkReach: (r, spec, targets) => {
    const t = isObj(spec.targets) ? spec.targets : undefined;
    if (targets.gpoBackup && !targets.gpo && t) r.report('FF2301', ['gpoBackup', 'gpo'], t, 'gpoBackup', 'targets.gpoBackup');
  },
  packs: 'gpo',
  emit: emitGpoBackup,
  afterSign: gpoBackupAfterSign,
};
