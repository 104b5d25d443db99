/**
 * Every signing error, with a stable code (FF5xxx, see generator/diagnostics/messages.ts).
 * Codes never change meaning; retired codes are not reused. `{0}`, `{1}` ... are filled from the
 * arguments. Verification problems are not errors: they are statuses in a VerifyResult.
 */
export const signErrorMessages = {
  FF5001: "Cannot sign '{0}': only .ps1, .psm1, .psd1 and .ps1xml files carry an Authenticode signature block.",
  FF5002: "Cannot read {0} '{1}': {2}",
  FF5003: 'No usable signing key: {0}',
  FF5004: "The PFX password environment variable '{0}' is not set.",
  FF5005: "Wrong password for '{0}' (the {1} check failed).",
  FF5006: "Cannot parse {0} '{1}': {2}",
  FF5007: "'{0}' holds no {1}.",
  FF5008: "The private key does not belong to the signing certificate '{0}' (or to any certificate given).",
  FF5009: "Certificate '{0}' cannot sign code: it lacks the extended key usage codeSigning (1.3.6.1.5.5.7.3.3).",
  FF5010: "Certificate '{0}' cannot sign: its key usage does not include digitalSignature.",
  FF5011: "Certificate '{0}' expired on {1}.",
  FF5012: "Certificate '{0}' is not valid before {1}.",
  FF5013: "Unsupported signing key type '{0}': use an RSA or ECDSA key.",
  FF5014: "Timestamp server {0} failed: {1}",
  FF5015: 'Timestamp server {0} sent an unusable answer: {1}',
  FF5016: "Cannot sign '{0}': {1}",
  FF5017: "Cannot create or read the development signing certificate in '{0}': {1}",
} as const;

export type SignErrorCode = keyof typeof signErrorMessages;

/** A refusal to sign; `message` is the text without the code, print it as `error FF5xxx: message`. */
export class SignError extends Error {
  constructor(
    readonly code: SignErrorCode,
    readonly args: readonly (string | number)[] = [],
  ) {
    super(formatSignError(code, args));
    this.name = 'SignError';
  }
}

export function formatSignError(code: SignErrorCode, args: readonly (string | number)[]): string {
  return signErrorMessages[code].replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}
