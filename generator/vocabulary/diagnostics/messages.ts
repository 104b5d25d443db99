/**
 * Every user-visible compiler diagnostic, with a stable code. Codes never change meaning;
 * retired codes are not reused. `{0}`, `{1}` ... are filled from the arguments.
 *
 * FF1xxx: loading and evaluating a spec. FF2xxx: meaning of the fix. FF3xxx: what a target can
 * carry. FF4xxx: emitted code checks. FF5xxx: signing (see generator/pipeline/sign/errors.ts).
 * FF6xxx: command-line usage (generator/cli).
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
  // --- FF1010-FF1019: the spec interpreter (generator/load/interpret) ---
  FF1010: { category: 'error', text: 'Evaluating {0} went deeper than {1} nested calls; a function that calls itself needs a case that stops.' },
  FF1011: { category: 'error', text: 'Evaluating {0} took more than {1} steps; a spec is evaluated at every build, so keep its helpers small.' },
  FF1012: { category: 'error', text: '{0} builds a value of more than {1} {2}.' },
  FF1013: { category: 'error', text: '{0} cannot be used in a spec: {1}. A spec is evaluated without running its code, so only pure functions of the spec and its local modules are followed; nothing was called.' },

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
  FF2026: { category: 'error', text: 'Invalid retry count {0}: use 1 to 10 more attempts.' },
  FF2027: { category: 'error', text: 'Invalid retry delay of {0} seconds: use 0 to 600 seconds.' },
  FF2028: { category: 'error', text: 'Invalid program timeout of {0} seconds: use 1 to 3600 seconds.' },
  FF2029: { category: 'error', text: 'A programOutput step needs at least one of exitCodeIn, exitCodeNotIn or outputContains.' },
  FF2030: { category: 'error', text: "Program '{0}' with arguments '{1}' may change the machine, and detection only reads: {2}." },
  FF2031: { category: 'error', text: "verify.rerunDetection can never pass: detection '{0}' is detect.always. Check the repair's effect with verify.that instead." },
  FF2060: { category: 'error', text: "Program under root '{0}' ('{1}') cannot be started by a '{2}' step: users may write there, so a program SYSTEM starts from it could be anyone's; use a machine root (programFiles, system32) or context 'currentUser'." },
  FF2061: { category: 'error', text: "Program path '{0}' must name a program file (.exe or .com)." },
  FF2062: { category: 'error', text: "signedBy '{0}' must be the signer's name as its certificate shows it (its CN or O, e.g. 'Microsoft Corporation'), without ',', '=' or quotes." },
  FF2063: { category: 'error', text: "Unknown field '{0}' in a program: a program is a known name, or an object with root, path and an optional signedBy." },
  FF2032: { category: 'error', text: 'A fix needs a reference: kb (a Microsoft KB article number) or link (the address of the documented procedure).' },
  FF2033: { category: 'error', text: "Invalid link '{0}': give an https:// address without spaces or quotes." },
  FF2025: { category: 'error', text: "Root '{0}' lies inside user profiles: only a step with context 'everyUser' or 'currentUser' can use it." },

  // --- issue 10: files ---
  FF2201: { category: 'error', text: "'notEmpty' applies to folders only, and this step looks for a file." },
  FF2202: { category: 'error', text: "'olderThan' must give exactly one of 'minutes' or 'days'." },
  FF2203: { category: 'error', text: 'Invalid age of {0} {1}: use 1 to {2} {1}.' },
  FF2204: { category: 'error', text: "Invalid file name pattern '{0}': {1}." },
  FF2205: { category: 'error', text: 'Invalid keep count {0}: keep 1 to {1} moved-aside copies, the new one included.' },
  FF2206: { category: 'error', text: "'{0}' already looks like a moved-aside copy ('.fixforge-'): its siblings would count as its earlier copies." },
  FF2207: { category: 'error', text: "A wait step gives exactly one of 'seconds' (a pause) or 'until' (a detection to wait for)." },
  FF2208: { category: 'error', text: "Invalid '{0}' of {1} seconds: use {2} to {3} seconds." },
  FF2209: { category: 'error', text: "'{0}' belongs to waiting 'until' a detection; a pause of 'seconds' has no use for it." },
  FF2210: { category: 'error', text: 'The interval between two detections ({0} seconds) must not exceed the timeout ({1} seconds).' },
  // --- end issue 10: files ---

  // --- issue 10: registry ---
  FF2151: { category: 'error', text: "Registry key '{0}' is not a key path relative to its hive: {1}." },
  FF2152: { category: 'error', text: "Registry key '{0}' names a hive: give the hive in 'hive' ('HKLM' or 'HKCU') and the key relative to it." },
  FF2153: { category: 'error', text: "Registry value name '{0}' {1}." },
  FF2154: { category: 'error', text: "Hive '{0}' cannot be used with context '{1}': {2}." },
  FF2155: { category: 'error', text: "A registryValue step with {0} needs a 'value' with its type and data." },
  FF2156: { category: 'error', text: "A registryValue step with {0} takes no 'value'." },
  FF2157: { category: 'error', text: 'The data of a {0} value {1}.' },
  // --- end issue 10: registry ---

  // --- issue 10: services and processes ---
  FF2101: { category: 'error', text: "Invalid service name '{0}': {1}. Use the service's short name (as in 'sc query'), not its display name." },
  FF2102: { category: 'error', text: "A serviceState step needs 'state', 'startType' or both: without them it would match any service." },
  FF2103: { category: 'error', text: "'{0}' must list at least one value (leave it out to allow any)." },
  FF2104: { category: 'error', text: "Context '{0}' cannot be honoured by a service step: only SYSTEM can control services; use context 'system'." },
  FF2105: { category: 'error', text: "Action '{0}' needs '{1}'." },
  FF2106: { category: 'error', text: "'{0}' does not apply to action '{1}': it is for '{2}' only." },
  FF2107: { category: 'error', text: 'Invalid timeout of {0} seconds: use 1 to 3600 seconds.' },
  FF2108: { category: 'error', text: "Invalid image name '{0}': {1}." },
  FF2109: { category: 'error', text: "Context '{0}' cannot be honoured by a stopProcess step: processes do not live in profiles; use 'system' for every session or 'currentUser' for the signed-in user's own." },
  FF2110: { category: 'error', text: 'Invalid timeout of {0} seconds: use 1 to 600 seconds.' },
  // --- end issue 10: services and processes ---

  // --- issue 13: packages ---
  FF2301: { category: 'error', text: "Target {0} packs the files of target {1}: enable targets.{1} too." },
  FF2302: { category: 'error', text: "Invalid {0} '{1}': give an absolute https:// URI without spaces or quotes." },
  FF2303: { category: 'error', text: "Invalid tag '{0}': use letters, digits, dots, dashes and underscores (at most 50)." },
  FF2304: { category: 'error', text: 'The release notes cannot be carried: {0}' },
  // --- end issue 13: packages ---

  // --- issue 17: the target selection of a build (--target, the config's targets) ---
  FF2310: { category: 'error', text: 'The build selects target {0} ({2}) but not target {1}, whose files {0} packs: select {1} too (--target {3}).' },
  FF2311: { category: 'warning', text: 'The build selects target {0} ({1}), which this spec does not enable under targets: nothing is built for it.' },
  FF2312: { category: 'warning', text: 'The build selects only targets this spec does not enable ({0}); it enables {1}: only its README is built.' },
  // --- end issue 17 ---

  FF3001: { category: 'error', text: 'Target {0} cannot carry this string: {1}' },
  FF3002: { category: 'warning', text: "Target cmd cannot carry step '{0}': {1}; the PowerShell targets cover it." },

  // --- issue 11: escaping ---
  FF3101: { category: 'error', text: 'Lone surrogate U+{0} at offset {1}: the string is not valid Unicode, and every output encoding would silently replace it.' },
  FF3102: { category: 'error', text: "A carriage return without a line feed (offset {0}) would silently become a line break in the output; write '\\n' for a line break." },
  FF3103: { category: 'error', text: "Target {0} cannot carry the spec's file name '{1}' in its file headers: {2}. Rename the spec file." },
  // --- end issue 11: escaping ---

  // --- issue 19: every language in every target ---
  FF3120: {
    category: 'warning',
    text: "The .cmd scripts of {0} carry {1} non-ASCII text(s) of this spec transliterated, as batch files are ASCII: letters lose their accents, typographic quotes and dashes become ASCII ones, other characters '?' (the first reads {2}). The PowerShell targets carry every text exactly.",
  },
  // --- end issue 19 ---

  // FF4001 (a 2.0 construct in emitted text) is retired: the engine is real PowerShell, checked once in CI.
  FF4002: { category: 'error', text: 'Artifact {0} must be ASCII but contains {1} at offset {2} (internal).' },

  // --- issue 12: CLI and config ---
  // FF11xx: the project (fixforge.config.ts, spec inputs); FF6xxx: command-line usage and inputs.
  FF1101: { category: 'error', text: "Fix id '{0}' is also defined by {1}: fix ids name the output folder and must be unique." },
  FF1102: { category: 'error', text: 'No specs to build: give spec files, folders or globs, or list them under specs in {0}.' },
  FF1103: { category: 'error', text: "'{0}' matches no *.fix.ts file." },
  FF1104: { category: 'error', text: 'The config must have one default export, a defineConfig() call with one object; found {0}.' },
  FF1105: { category: 'error', text: "Config field '{0}' must be {1}." },
  FF1106: { category: 'error', text: "The project requires culture '{0}' (cultures in {1}), but the spec does not declare it." },
  FF1107: { category: 'error', text: "module.{0} is '{1}', but the project's publisher in {2} is '{3}'." },
  FF6001: { category: 'error', text: '--{0} has no effect without --sign; add --sign or remove it.' },
  FF6002: { category: 'error', text: '--key and --cert go together: give both, or use --pfx.' },
  FF6003: { category: 'error', text: 'Give either --pfx or --key with --cert, not both.' },
  FF6004: { category: 'error', text: 'Path not found: {0}' },
  FF6005: { category: 'error', text: 'No PowerShell files (.ps1, .psm1, .psd1, .psrc, .pssc, .ps1xml, .cdxml) under {0}: nothing to verify.' },
  FF6006: { category: 'error', text: '{0} already exists: fixforge init never overwrites files. Move it away or init another folder.' },
  FF6007: { category: 'error', text: '{0}' },
  // --- end issue 12 ---

  // --- issue 24: fixforge publish intune (generator/cli/publish, generator/cli/publishCommand.ts) ---
  FF6010: { category: 'error', text: '{0} is not a build with the intune target: {1} is missing. Build the fix first (fixforge build).' },
  FF6011: { category: 'error', text: "Invalid --group '{0}': give the Entra ID group's object id (a GUID)." },
  FF6012: { category: 'error', text: "Invalid --{0} '{1}': {2}" },
  FF6013: { category: 'error', text: '{0}' },
  FF6014: { category: 'error', text: 'No way to sign in to Microsoft Graph: {0}' },
  FF6015: { category: 'error', text: "The environment variable '{0}' ({1}) is not set or is empty." },
  FF6016: { category: 'error', text: 'Signing in to Microsoft Graph ({0}) failed: {1}' },
  FF6017: { category: 'error', text: 'Graph {0} {1} failed: HTTP {2}, {3}: {4} (request id {5})' },
  FF6018: { category: 'error', text: 'Graph {0} {1} did not answer within {2} s (request id {3}).' },
  FF6019: { category: 'error', text: 'Graph {0} {1} was still throttled (HTTP {2}) after {3} attempts; run again later (request id {4}).' },
  FF6020: { category: 'warning', text: "{0} is signed with the fixforge development certificate, which devices do not trust: it is published with enforceSignatureCheck false. Sign with your organisation's certificate for production." },
  FF6021: { category: 'error', text: "{0} Remediations carry the marker of {1}: {2}. fixforge will not pick one; delete the extra ones in Intune and run again." },
  FF6022: { category: 'error', text: 'Invalid --graph-endpoint {0}: {1}' },
  FF6023: { category: 'error', text: "The build's {0} cannot be published: {1}" },
  FF6024: { category: 'error', text: "--tenant {0} does not match the tenant of the access token ({1})." },
  FF6025: { category: 'error', text: 'Graph {0} {1} answered something fixforge cannot use: {2}' },
  FF6026: { category: 'error', text: 'Graph {0} {1} failed: {2}' },
  FF6027: { category: 'warning', text: '{0} is not signed: it is published with enforceSignatureCheck false. Build with --sign so devices can check it.' },
  // --- end issue 24 ---

  // --- FF5xxx: signing (thrown as SignError, generator/pipeline/sign/errors.ts) ---------------------------
  FF5001: { category: 'error', text: "Cannot sign '{0}': only .ps1, .psm1, .psd1, .psrc, .pssc, .ps1xml and .cdxml files carry an Authenticode signature block." },
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
  FF5030: { category: 'error', text: "Cannot sign '{0}': {1} (at byte {2}); the signature would not cover its exact bytes. Save it as UTF-8 with BOM (or UTF-16LE with BOM)." },
  // Keys that stay outside fixforge: PKCS#11 tokens (FF5040-FF5049) and sign commands (FF5050-FF5059).
  FF5040: { category: 'error', text: "Cannot load the PKCS#11 module '{0}' (--pkcs11-module): {1}" },
  FF5041: { category: 'error', text: "No PKCS#11 token labelled '{0}' (--pkcs11-token) in '{1}'; tokens present: {2}." },
  FF5042: { category: 'error', text: "The PKCS#11 PIN environment variable '{0}' (--pkcs11-pin-env) is not set." },
  FF5043: { category: 'error', text: "Wrong PIN for PKCS#11 token '{0}' (the PIN named by {1}); tokens count failed attempts and most lock after a few." },
  FF5044: { category: 'error', text: "PKCS#11 token '{0}' is locked: its user PIN is blocked after too many wrong attempts. Unblock it with the SO PIN (or the PUK) first." },
  FF5045: { category: 'error', text: "PKCS#11 token '{0}' has no private key labelled or with id '{1}' (--pkcs11-key); private keys present: {2}." },
  FF5046: { category: 'error', text: "The {0} does not belong to the certificate '{1}' given by --cert: their public keys differ. Nothing was signed." },
  FF5047: { category: 'error', text: "The {0} is of a kind fixforge cannot sign with ({1}): use an RSA or an ECDSA P-256/P-384 key." },
  FF5048: { category: 'error', text: "PKCS#11 token '{0}' failed in {1}: {2}" },
  FF5049: { category: 'error', text: "{0} private keys on PKCS#11 token '{1}' match '{2}' (--pkcs11-key): give the key's id (hex) instead." },
  FF5050: { category: 'error', text: "The sign command '{0}' (--sign-command) cannot be started: {1}" },
  FF5051: { category: 'error', text: "The sign command '{0}' failed for '{1}': {2}" },
  FF5052: { category: 'error', text: "The sign command '{0}' gave no usable signature for '{1}': {2}" },
  FF5053: { category: 'error', text: "The sign command '{0}' did not answer within {1} s for '{2}' and was stopped." },
  FF5054: { category: 'error', text: "The signature made by the {0} for '{1}' does not verify with the certificate '{2}': wrong key, wrong padding or a damaged answer." },
  FF5055: { category: 'error', text: 'No usable signing route: {0}' },
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
