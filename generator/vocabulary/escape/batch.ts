/**
 * Escaping for cmd batch files. A batch file is parsed more than once (percent expansion, then
 * special characters; `for /f` commands by a second cmd), so anything we cannot prove safe is
 * refused with a reason instead of guessed (the lesson of CVE-2024-24576).
 * Every script runs under `setlocal EnableExtensions DisableDelayedExpansion`.
 */
import { CannotCarryError, firstNonPrintableAscii } from './refusal';
import { transliterate } from './transliterate';

const SPECIAL_OUTSIDE_QUOTES = /[\^&|<>()"]/g;
const SAFE_BARE_ARGUMENT = /^[A-Za-z0-9_\-.*:\\/+,=@#$~[\]{}]+$/;
const INVALID_IN_PATH = /[<>|*?":]/;

/** Why a path fragment under a quoted `"%windir%\..."` cannot be carried, or undefined. */
export function batchPathRefusal(fragment: string): string | undefined {
  const nonAscii = firstNonPrintableAscii(fragment);
  if (nonAscii) return `${nonAscii}; batch files are ASCII`;
  if (INVALID_IN_PATH.test(fragment)) return 'contains a character Windows forbids in paths';
  // `for /f` runs its command in a second cmd, which would expand %...% and possibly !...!.
  if (fragment.includes('%')) return "'%' would be expanded again by the cmd that 'for /f' starts";
  if (fragment.includes('!')) return "'!' would be expanded where delayed expansion is enabled by default";
  // Folders reach their routine through `call :label "...\\a^b"`, and CALL doubles every caret, quoted or not.
  if (fragment.includes('^')) return "'^' would be doubled by CALL, so the routine would get another folder";
  return undefined;
}

/** Why a program argument cannot be carried, or undefined. */
export function batchArgumentRefusal(arg: string): string | undefined {
  const nonAscii = firstNonPrintableAscii(arg);
  if (nonAscii) return `${nonAscii}; batch files are ASCII`;
  if (arg.includes('"')) return 'a double quote cannot be passed through cmd reliably';
  if (arg === '') return 'an empty argument cannot be passed';
  if (/\\$/.test(arg) && !SAFE_BARE_ARGUMENT.test(arg)) return 'a quoted argument cannot end with a backslash';
  if (arg.includes('!')) return "'!' would be expanded where delayed expansion is enabled";
  return undefined;
}

/**
 * Why text for `echo` or `rem` cannot be carried, or undefined. Non-ASCII text is not refused: it
 * is written transliterated (`ö` -> `o`, see transliterate.ts), and the spec gets one FF3120
 * warning; line breaks and control characters are still refused.
 */
export function batchTextRefusal(text: string): string | undefined {
  const problem = firstNonPrintableAscii(transliterate(text));
  return problem ? `${problem}; batch files are ASCII` : undefined;
}

function refuse(kind: string, value: string, reason: string | undefined): void {
  if (reason) throw new CannotCarryError(`batch ${kind}`, value, reason);
}

/** A path fragment to splice inside double quotes (and inside `for /f ('...')` commands). */
export function batchPathFragment(fragment: string): string {
  refuse('path', fragment, batchPathRefusal(fragment));
  return fragment;
}

/** One argument of a command line: bare when it is a plain token, else double-quoted. */
export function batchArgument(arg: string): string {
  refuse('argument', arg, batchArgumentRefusal(arg));
  if (SAFE_BARE_ARGUMENT.test(arg)) return arg.replace(/%/g, '%%');
  return `"${arg.replace(/%/g, '%%')}"`;
}

/** Text after `echo ` (never `echo.` ambiguity: callers write `echo(`); non-ASCII is transliterated first. */
export function batchEchoText(text: string): string {
  refuse('text', text, batchTextRefusal(text));
  return transliterate(text).replace(/%/g, '%%').replace(SPECIAL_OUTSIDE_QUOTES, '^$&');
}

/** Text after `rem `: percent signs are still expanded there, and a trailing caret joins lines; non-ASCII is transliterated first. */
export function batchRemarkText(text: string): string {
  refuse('text', text, batchTextRefusal(text));
  return transliterate(text).replace(/%/g, '%%').replace(/\^+$/, '');
}
