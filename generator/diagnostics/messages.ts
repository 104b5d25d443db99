/**
 * Every user-visible compiler diagnostic, with a stable code. Codes never change meaning;
 * retired codes are not reused. `{0}`, `{1}` ... are filled from the arguments.
 *
 * FF1xxx: loading and evaluating a spec. FF2xxx: meaning of the fix. FF3xxx: what a target can
 * carry. FF4xxx: emitted code checks. FF5xxx: signing (see generator/sign/errors.ts).
 */
export const diagnosticMessages = {
  FF1001: { category: 'error', text: 'Spec file not found: {0}' },
  FF1002: { category: 'error', text: 'TS{0}: {1}' },
  FF1003: { category: 'error', text: 'A spec must export exactly one fix built with defineFix(); found {0}.' },
  FF1004: { category: 'error', text: 'Cannot evaluate {0} statically: {1}' },
  FF1005: { category: 'error', text: "Unknown {0} step kind '{1}'; expected one of: {2}." },
  FF1006: { category: 'error', text: "Field '{0}' is required." },
  FF1007: { category: 'error', text: "Field '{0}' must be {1}." },
  FF1008: { category: 'error', text: 'The value refers to itself through {0}.' },

  FF2001: { category: 'error', text: "Duplicate step id '{0}': ids must be unique across detection, repair, verify and hints." },
  FF2002: { category: 'error', text: "Invalid fix id '{0}': use lower-case letters, digits and dashes, starting with a letter (at most 40)." },
  FF2003: { category: 'error', text: "Root '{0}' cannot be used in context '{1}': it is reached from the '{2}' context." },
  FF2004: { category: 'error', text: "Context '{0}' cannot be honoured by a {1} step: a program acts only for the account that starts it, so it cannot reach users who are not logged on; use clearFolderContents with everyUserProfile." },
  FF2005: { category: 'error', text: "'{0}' refers to unknown {1} step '{2}'." },
  FF2006: { category: 'error', text: "Folder '{0}' is not a safe relative path: {1}" },
  FF2007: { category: 'error', text: 'A fix needs at least one {0} step.' },
  FF2008: { category: 'error', text: 'Target {0} must run on Windows PowerShell {1} because the fix applies to {2}, but the spec asks for {3}.' },
  FF2009: { category: 'error', text: 'Target intune reaches only Windows 10 1607 and later, but the fix applies only to {0}.' },
  FF2010: { category: 'error', text: 'At least one target must be enabled.' },
  FF2011: { category: 'error', text: "Invalid module name '{0}': use dot-separated words of letters and digits." },
  FF2012: { category: 'error', text: "Invalid module version '{0}': use two to four dot-separated numbers." },
  FF2013: { category: 'error', text: "Invalid noun '{0}': use a singular PascalCase word of letters and digits." },
  FF2014: { category: 'error', text: "Invalid step id '{0}': use camelCase letters and digits, starting with a lower-case letter." },
  FF2015: { category: 'error', text: "Invalid event ids '{0}': give one or more numbers from 0 to 65535." },
  FF2016: { category: 'error', text: 'Invalid event data index {0}: use 0 to 31.' },
  FF2017: { category: 'error', text: 'The event data text must not be empty.' },
  FF2018: { category: 'error', text: 'Invalid time window of {0} days: use 1 to 3650 days.' },
  FF2019: { category: 'error', text: 'Give at least one success exit code.' },
  FF2020: { category: 'error', text: 'Give at least one folder.' },
  FF2021: { category: 'error', text: "Invalid culture '{0}': use a culture name such as en-US or nl-NL." },
  FF2022: { category: 'error', text: "The cultures must start with en-US, the fallback for every other culture; found '{0}' first." },
  FF2023: { category: 'error', text: "Text in culture '{0}', which the fix does not declare in 'cultures'." },
  FF2024: { category: 'error', text: "Culture '{0}' is listed twice." },

  FF3001: { category: 'error', text: 'Target {0} cannot carry this string: {1}' },
  FF3002: { category: 'warning', text: "Target cmd cannot carry step '{0}': {1}; the PowerShell targets cover it." },

  // FF4001 (a 2.0 construct in emitted text) is retired: the engine is real PowerShell, checked once in CI.
  FF4002: { category: 'error', text: 'Artifact {0} must be ASCII but contains {1} at offset {2} (internal).' },

  // --- FF5xxx: signing (thrown as SignError, generator/sign/errors.ts) ---------------------------
  FF5001: { category: 'error', text: "Cannot sign '{0}': only .ps1, .psm1, .psd1 and .ps1xml files carry an Authenticode signature block." },
  FF5002: { category: 'error', text: "Cannot read {0} '{1}': {2}" },
  FF5003: { category: 'error', text: 'No usable signing key: {0}' },
  FF5004: { category: 'error', text: "The PFX password environment variable '{0}' is not set." },
  FF5005: { category: 'error', text: "Wrong password for '{0}' (the {1} check failed)." },
  FF5006: { category: 'error', text: "Cannot parse {0} '{1}': {2}" },
  FF5007: { category: 'error', text: "'{0}' holds no {1}." },
  FF5008: { category: 'error', text: "The private key does not belong to the signing certificate '{0}' (or to any certificate given)." },
  FF5009: { category: 'error', text: "Certificate '{0}' cannot sign code: it lacks the extended key usage codeSigning (1.3.6.1.5.5.7.3.3)." },
  FF5010: { category: 'error', text: "Certificate '{0}' cannot sign: its key usage does not include digitalSignature." },
  FF5011: { category: 'error', text: "Certificate '{0}' expired on {1}." },
  FF5012: { category: 'error', text: "Certificate '{0}' is not valid before {1}." },
  FF5013: { category: 'error', text: "Unsupported signing key type '{0}': use an RSA or ECDSA key." },
  FF5014: { category: 'error', text: 'Timestamp server {0} failed: {1}' },
  FF5015: { category: 'error', text: 'Timestamp server {0} sent an unusable answer: {1}' },
  FF5016: { category: 'error', text: "Cannot sign '{0}': {1}" },
  FF5017: { category: 'error', text: "Cannot create or read the development signing certificate in '{0}': {1}" },
  // --- end FF5xxx ---------------------------------------------------------------------------------
} as const;

export type DiagnosticCode = keyof typeof diagnosticMessages;

/** One value filled into a `{N}` placeholder. */
export type DiagnosticArg = string | number;

/**
 * The arguments a code's text takes, derived from the text itself: a readonly tuple with one
 * element per placeholder index up to the highest `{N}`. `DiagnosticArgs<'FF1001'>` (text
 * `'Spec file not found: {0}'`) is `readonly [DiagnosticArg]`; a text without placeholders takes
 * `readonly []`. Distributes over a union of codes. Generic callers forward it unchanged:
 * `report<C extends DiagnosticCode>(code: C, args: DiagnosticArgs<C>) { makeDiagnostic(code, args) }`.
 */
export type DiagnosticArgs<C extends DiagnosticCode> = C extends DiagnosticCode
  ? Readonly<ArgsTuple<PlaceholderIndex<(typeof diagnosticMessages)[C]['text']>>>
  : never;

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type IsDigits<S extends string> = S extends `${Digit}${infer Rest}` ? (Rest extends '' ? true : IsDigits<Rest>) : false;

/** The N of every `{N}` in a text (as string literals), as formatMessage's /\{(\d+)\}/ finds them. */
type PlaceholderIndex<Text extends string> = Text extends `${string}{${infer After}`
  ? After extends `${infer N}}${infer Rest}`
    ? IsDigits<N> extends true
      ? N | PlaceholderIndex<Rest>
      : PlaceholderIndex<After>
    : never
  : never;

/**
 * One element per index 0 .. highest placeholder. A placeholder that is not a plain decimal
 * (`{01}`) or beyond 20 arguments makes the tuple `never`, so no call to that code compiles.
 */
type ArgsTuple<Index extends string, Acc extends DiagnosticArg[] = []> = [Index] extends [never]
  ? Acc
  : Acc['length'] extends 20
    ? never
    : ArgsTuple<Exclude<Index, `${Acc['length']}`>, [...Acc, DiagnosticArg]>;

export function formatMessage<C extends DiagnosticCode>(code: C, args: DiagnosticArgs<C>): string {
  const values: readonly DiagnosticArg[] = args;
  return diagnosticMessages[code].text.replace(/\{(\d+)\}/g, (_, i: string) => String(values[Number(i)] ?? ''));
}
