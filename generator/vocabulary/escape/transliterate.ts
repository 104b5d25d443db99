/**
 * ASCII stand-ins for text in files that can only be ASCII: `.cmd` remarks and log lines, and the
 * comments and help of the Intune scripts (whose strings are carried exactly as `[char]` codes).
 * Letters lose their marks (`ö` -> `o`, `é` -> `e`: canonical decomposition, marks dropped), the
 * typographic quotes and dashes become their ASCII forms (`’` -> `'`, `–` -> `-`), a few letters
 * that do not decompose get their usual spelling (`ß` -> `ss`), and anything else becomes `?`, one
 * per code point. The result is plain text: callers escape it for their language afterwards, so a
 * stand-in can never smuggle syntax past the escaper.
 */

const SPECIAL: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u00B4': "'", '\u02BC': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2039': "'", '\u203A': "'",
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\u00AD': '',
  '\u2026': '...', '\u2022': '*', '\u00B7': '.',
  '\u00A0': ' ', '\u2007': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\u2002': ' ', '\u2003': ' ',
  '\u00DF': 'ss', '\u1E9E': 'SS', '\u00E6': 'ae', '\u00C6': 'AE', '\u0153': 'oe', '\u0152': 'OE',
  '\u00F8': 'o', '\u00D8': 'O', '\u0142': 'l', '\u0141': 'L', '\u0111': 'd', '\u0110': 'D',
  '\u00F0': 'd', '\u00D0': 'D', '\u00FE': 'th', '\u00DE': 'Th', '\u0131': 'i',
  '\u20AC': 'EUR', '\u00A9': '(c)', '\u00AE': '(R)', '\u2122': '(TM)', '\u00D7': 'x',
};

/** ASCII passes unchanged (control characters too: each caller refuses those it cannot carry). */
const KEPT = /^[\x00-\x7f]$/;
const MARK = /^\p{M}$/u;

/** The ASCII stand-in of one code point. */
function standIn(ch: string): string {
  if (KEPT.test(ch)) return ch;
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  const decomposed = [...ch.normalize('NFD')];
  // Only a letter sheds its marks: `≠` decomposes to `=` and a slash overlay, and must not become `=`.
  if (decomposed.length > 1 && /^[A-Za-z]$/.test(decomposed[0]) && decomposed.slice(1).every((c) => MARK.test(c))) return decomposed[0];
  return '?';
}

/** `text` in ASCII (see above); ASCII text comes back unchanged. */
export function transliterate(text: string): string {
  if (!needsTransliteration(text)) return text;
  let out = '';
  for (const ch of text) out += standIn(ch);
  return out;
}

/** Whether `transliterate` would change `text`. */
export function needsTransliteration(text: string): boolean {
  return /[^\x00-\x7f]/.test(text);
}
