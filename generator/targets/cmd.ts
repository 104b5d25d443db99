/** The batch fallback: machine startup and user logon `.cmd` scripts, ASCII. */
import { batchArgumentRefusal, batchPathRefusal, batchTextRefusal } from '../escape/batch';
import { firstNonPrintableAscii } from '../escape/refusal';
import { emitCmd, cmdSupport } from '../emit/cmd/emitCmd';
import type { Target } from './target';

export const cmdTarget: Target<'cmd'> = {
  name: 'cmd',
  lowerOptions: () => ({}),
  carry: { text: batchTextRefusal, path: batchPathRefusal, argument: batchArgumentRefusal },
  sourcePath: (file) => {
    const nonAscii = firstNonPrintableAscii(file);
    return nonAscii ? `${nonAscii}; batch files are ASCII` : undefined;
  },
  refusal: (kind, step) => {
    const support = cmdSupport(kind, step);
    return 'refused' in support ? support.refused : undefined;
  },
  emit: emitCmd,
};
