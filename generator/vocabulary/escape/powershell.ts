/**
 * Escaping for PowerShell. Data only ever goes into single-quoted literals, where the five
 * single-quote characters are the only special ones; each is doubled. Comment text follows
 * PowerShell's own rules, which use .NET's notion of white space and word characters, not
 * JavaScript's: `\s` in .NET also matches U+0085, and `\w` every letter, digit and combining mark.
 */
import { CannotCarryError, firstNonPrintableAscii } from './refusal';
import { transliterate } from './transliterate';

/** U+0027 and the four typographic quotes PowerShell also accepts as single quotes. */
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/** .NET regex `\s`: [\f\n\r\t\v\x85\p{Z}]. */
const DOTNET_SPACE = '[\\t\\n\\v\\f\\r\\u0085\\p{Z}]';
/** .NET regex `\w`: [\p{L}\p{Mn}\p{Nd}\p{Pc}] (plus the other marks, to be safe). */
const DOTNET_WORD = '[\\p{L}\\p{M}\\p{Nd}\\p{Pc}]';
/** A help line PowerShell reads as a keyword (`^\s*\.(\w+)`, per line): the dot gets a space after it. */
const HELP_KEYWORD_LINE = new RegExp(`^(${DOTNET_SPACE}*)\\.(?=${DOTNET_WORD})`, 'u');
/** White space before a help section's first line sets the indentation PowerShell strips from all its lines. */
const LEADING_SPACE = new RegExp(`^${DOTNET_SPACE}+`, 'u');

/** What PowerShell's tokenizer skips as white space inside a line comment (CharExtensions.IsWhitespace). */
function isTokenizerSpace(ch: string): boolean {
  return /^[\t\v\f \u0085\u00A0\p{Zs}\p{Zl}\p{Zp}]$/u.test(ch);
}

const SIGNATURE_MARKER = 'sig#beginsignatureblock\n';

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] : Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + 1);
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Whether PowerShell (3.0 to 7.x) takes the line comment `comment` (starting at its `#`) for the
 * start of a signature block: the non-white-space characters after the `#` and the line end,
 * lower-cased, within a Levenshtein distance of 10 of `sig#beginsignatureblock` plus a line feed
 * (its Tokenizer's ScanToEndOfCommentLine; 7.x also skips lines shorter than 14). Any code after such a comment is refused ("Executable
 * script code found in signature block"), and the signer would take it for a damaged block.
 */
export function looksLikeSignatureMarker(comment: string): boolean {
  // The tokenizer compares what follows the comment's `#`.
  const text = comment.startsWith('#') ? comment.slice(1) : comment;
  // The line end is not white space to the tokenizer: it joins the compared text. A CR (these
  // files are CRLF) differs from the marker's LF, an LF does not; assume the closer one.
  const squeezed = `${[...text].filter((ch) => !isTokenizerSpace(ch)).join('')}\n`;
  // Both checks compare UTF-16 code units, as .NET does.
  if (squeezed.length > SIGNATURE_MARKER.length + 10 || squeezed.length < SIGNATURE_MARKER.length - 10) return false;
  return levenshtein(squeezed.toLowerCase(), SIGNATURE_MARKER) < 10;
}

/** Why `value` would read as a signature block marker somewhere in a script, or undefined. */
export function signatureMarkerRefusal(value: string): string | undefined {
  const lines = value.split(/\r\n|\r|\n/);
  // A line of a multi-line literal starts a line of the file; the text also lands in `# ...` comments.
  const risky = [...lines, ...lines.map((l) => `#${l}`), `#${lines.join(' ')}`];
  if (risky.some(looksLikeSignatureMarker)) {
    return "it reads like the start of an Authenticode signature block ('# SIG # Begin signature block'): PowerShell refuses to run any code after such a comment";
  }
  return undefined;
}

/** Why PowerShell cannot carry `value` at all, or undefined. */
export function powerShellRefusal(value: string): string | undefined {
  if (value.includes('\0')) return 'a NUL character cannot appear in a script';
  return signatureMarkerRefusal(value);
}

/**
 * Why an ASCII-only PowerShell file (Intune) cannot carry `value` as text for people, or
 * undefined: its strings are `[char]` code expressions, but its help and comments are written
 * transliterated, and that text must not read as a signature block marker either.
 */
export function asciiPowerShellRefusal(value: string): string | undefined {
  return powerShellRefusal(value) ?? signatureMarkerRefusal(transliterate(value));
}

/**
 * Why a native program argument would not reach the program byte-exact, or undefined. The
 * engine runs `& $program $arguments`: Windows PowerShell 2.0-5.1 (and 7.3+ for some programs,
 * `$PSNativeCommandArgumentPassing = 'Windows'`) build the command line the legacy way: an
 * argument with white space is wrapped in double quotes, nothing is escaped, and an empty one is
 * dropped. The program's CommandLineToArgvW then reads embedded quotes and a backslash before the
 * closing quote as syntax. Only arguments that survive both ways are carried.
 */
export function powerShellArgumentRefusal(arg: string): string | undefined {
  if (arg === '') return 'Windows PowerShell 5.1 and earlier drop an empty argument';
  if (/["\u201C\u201D\u201E]/.test(arg)) return 'Windows PowerShell 5.1 and earlier pass a double quote unescaped, so the program would split or lose it';
  if (/[\r\n\t\v\f]|[\u0000-\u001f]/.test(arg)) return 'a control character (line break, tab) in a program argument is not passed reliably';
  if (/\s/u.test(arg) && arg.endsWith('\\')) {
    return 'an argument with white space is quoted, and Windows PowerShell 5.1 and earlier do not double its trailing backslash, so the program would read the closing quote as part of it';
  }
  return powerShellRefusal(arg);
}

export function quotePowerShellLiteral(value: string): string {
  const refusal = value.includes('\0') ? 'a NUL character cannot appear in a script' : undefined;
  if (refusal) throw new CannotCarryError('PowerShell', value, refusal);
  return `'${value.replace(SINGLE_QUOTES, (q) => q + q)}'`;
}

/**
 * A PowerShell expression for `value` that is pure ASCII: the plain literal when it is printable
 * ASCII, else the string built from its UTF-16 code units, `('caf' + [char]0x00E9)` (2.0-safe;
 * the leading string keeps `+` a concatenation). Line breaks are carried as `[char]0x000A`, so
 * the value reads back exactly, whatever the file's line ends.
 */
export function quotePowerShellAsciiExpression(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return quotePowerShellLiteral(value);
  const parts: string[] = [];
  let run = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e) {
      run += value[i];
      continue;
    }
    if (run) parts.push(quotePowerShellLiteral(run));
    run = '';
    if (code === 0) throw new CannotCarryError('PowerShell', value, 'a NUL character cannot appear in a script');
    parts.push(`[char]0x${code.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  if (run) parts.push(quotePowerShellLiteral(run));
  if (!parts[0].startsWith("'")) parts.unshift("''");
  return `(${parts.join(' + ')})`;
}

/** `@('a', 'b')`: an array expression of single-quoted literals (2.0-safe). */
export function quotePowerShellArray(values: readonly string[]): string {
  return `@(${values.map(quotePowerShellLiteral).join(', ')})`;
}

/**
 * Text for comment-based help (inside `<# ... #>`), as PowerShell's help parser will show it:
 * - `<#` and `#>` are broken (`< #`, `# >`) so the block cannot end early;
 * - a line whose first non-space character (.NET white space, U+0085 included) is a dot followed
 *   by a word character (any letter, digit, mark or `_`) gets a space after the dot: PowerShell
 *   reads `^\s*\.\w+` as a help keyword, and an unknown one voids the whole block;
 * - U+2028 and U+2029 become spaces, as Get-Help would show them anyway;
 * - white space at the very start is dropped: PowerShell takes the first line's indentation as the
 *   section's and strips that much from every line, so it would eat the next lines' indentation.
 * A lone CR is refused (it would end a line for PowerShell but not for the escaper).
 */
export function escapeCommentHelp(text: string): string {
  const refusal = text.includes('\0') ? 'a NUL character cannot appear in a script' : /\r(?!\n)/.test(text) ? 'a lone CR' : undefined;
  if (refusal) throw new CannotCarryError('PowerShell help', text, refusal);
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[\u2028\u2029]/g, ' ')
    .replace(LEADING_SPACE, '')
    .replace(/<#/g, '< #')
    .replace(/#>/g, '# >')
    .split('\n')
    .map((line) => line.replace(HELP_KEYWORD_LINE, '$1. '))
    .join('\n');
}

/**
 * Text for a `#` line comment: one line, nothing that ends a block comment, nothing that reads as
 * a signature block marker (callers refuse such texts at the spec first; this is the backstop).
 */
export function escapeLineComment(text: string): string {
  const line = escapeCommentHelp(text).replace(/\n/g, ' ');
  if (looksLikeSignatureMarker(`#${line}`)) throw new CannotCarryError('PowerShell comment', text, signatureMarkerRefusal(`#${line}`) ?? 'signature block marker');
  return line;
}

/**
 * Why the spec's file name cannot go into the `#` comment headers of generated PowerShell, or
 * undefined: a line break would start a live line, a control character or lone surrogate cannot
 * be written, and ASCII-only files (Intune, and the GPO folder with its .cmd scripts) need ASCII.
 */
export function sourcePathRefusal(file: string, asciiOnly: boolean): string | undefined {
  if (/[\r\n\u2028\u2029\u0085]/.test(file)) return 'a line break would end the comment and start a line of code';
  if (/[\u0000-\u001f\u007f]/.test(file)) return 'it contains a control character';
  if (/[\uD800-\uDFFF]/.test(file.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) return 'it contains a lone surrogate';
  if (asciiOnly) {
    const nonAscii = firstNonPrintableAscii(file);
    if (nonAscii) return `${nonAscii}; these files are pure ASCII`;
  }
  return signatureMarkerRefusal(file);
}
