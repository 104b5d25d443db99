/** The batch fallback: machine startup and user logon `.cmd` scripts, ASCII. */
import { batchArgumentRefusal, batchPathRefusal, batchTextRefusal } from '../vocabulary/escape/batch';
import { firstNonPrintableAscii } from '../vocabulary/escape/refusal';
import { needsTransliteration } from '../vocabulary/escape/transliterate';
import { emitCmd, cmdSupport } from '../emit/cmd/emitCmd';
import type { Target } from './target';

export const cmdTarget: Target<'cmd'> = {
  name: 'cmd',
  lowerOptions: () => ({}),
  // Texts (rem and log lines) that are not ASCII are transliterated, with one warning (FF3120);
  // paths and arguments a batch routine uses are refused instead (docs/encodings.md: why chcp 65001
  // does not make them safe).
  carry: { text: batchTextRefusal, path: batchPathRefusal, argument: batchArgumentRefusal },
  transliterates: { text: needsTransliteration },
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
