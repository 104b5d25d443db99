/** A portable "Fix it" folder a person runs on one computer: an elevating launcher, the wizard, a README (issue 13). */
import { powerShellArgumentRefusal, powerShellRefusal, sourcePathRefusal } from '../vocabulary/escape/powershell';
import { emitFixit } from '../emit/fixit/emitFixit';
import type { Target } from './target';

export const fixitTarget: Target<'fixit'> = {
  name: 'fixit',
  lowerOptions: () => ({}),
  // The wizard is UTF-8 with BOM when it carries non-ASCII texts, like the GPO startup script. The
  // .cmd fallback copied beside it is the cmd target's file, checked by that target's rules; the
  // launcher and README.txt carry only fixforge's own ASCII texts and the fix id.
  carry: { text: powerShellRefusal, localizedText: powerShellRefusal, path: powerShellRefusal, argument: powerShellArgumentRefusal, data: powerShellRefusal },
  // FixIt.cmd and README.txt are ASCII.
  sourcePath: (file) => sourcePathRefusal(file, true),
  emit: emitFixit,
};
