/**
 * Verifying the Authenticode signature of a PowerShell file, with the statuses Windows'
 * Get-AuthenticodeSignature uses. Checks, in order: the block decodes, the file digest matches,
 * the CMS signature holds, the chain reaches a caller-trusted root, the signer may sign code, and
 * every certificate is valid at the timestamp's time (or at `now` without a valid timestamp).
 */
import { buildChain, chainAllowsPurpose, chainValidityProblem, parseTrustedRoots } from './chain';
import type { CertificateInfo } from './certificate';
import { isUtf8 } from 'node:buffer';
import { Der } from './der';
import { explainDigestMismatch, scriptDigest, ScriptEncodingError } from './digest';
import { commentStyleFor, detectScriptEncoding, isUtf16BigEndian, SIGNABLE_EXTENSION_LIST } from './fileTypes';
import { DIGESTS, OID } from './oids';
import { locateSignatureBlock } from './signatureBlock';
import { checkSignerInfo, findSignerCertificate, parseSignedData, signingTimeOf, type SignedData, type SignerInfo } from './signedData';
import { checkLegacyCountersignature, checkTimestampToken, type TimestampCheck } from './timestamp';

export type VerifyStatus =
  | 'Valid'
  | 'NotSigned'
  | 'HashMismatch'
  | 'NotTrusted'
  | 'Expired'
  | 'NotYetValid'
  | 'NotCodeSigning'
  | 'Incompatible'
  /** The bytes are not one exact text (invalid UTF-8, or read in the ANSI code page on Windows): no digest can cover them. */
  | 'UnsupportedEncoding'
  /** Not verified at all: a symbolic link or another non-regular file (verifyPath never follows one). */
  | 'NotVerified'
  | 'UnknownError';

export interface VerifyResult {
  readonly status: VerifyStatus;
  readonly message: string;
  readonly signerSubject?: string;
  /** SHA-1 of the signer certificate, upper-case hex, like Windows. */
  readonly thumbprint?: string;
  /** The signer's claimed signingTime attribute (not trusted), ISO 8601. */
  readonly signingTime?: string;
  /** Present when a valid RFC 3161 timestamp (or legacy countersignature) was found. */
  readonly timestamp?: { readonly time: string; readonly tsaSubject?: string };
  readonly digestAlgorithm?: string;
  /** Set when the digest would match after undoing a line-ending or BOM change. */
  readonly lineEndingHint?: string;
  /** Accepted but worth fixing: weak keys in the chain. */
  readonly warnings?: readonly string[];
}

export interface VerifyOptions {
  /** Trusted root certificates, DER or PEM (a PEM buffer may hold several). */
  readonly trustedRoots?: readonly Buffer[];
  /** The time to judge validity at when there is no valid timestamp; defaults to now. */
  readonly now?: Date;
}

export async function verifyPowerShellFile(content: Buffer, fileName: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
  try {
    return verifySync(content, fileName, opts);
  } catch (e) {
    return { status: 'UnknownError', message: `Verification failed: ${(e as Error).message}` };
  }
}

function verifySync(content: Buffer, fileName: string, opts: VerifyOptions): VerifyResult {
  const style = commentStyleFor(fileName);
  if (!style) return { status: 'Incompatible', message: `${fileName} is not a file type that carries a PowerShell signature (${SIGNABLE_EXTENSION_LIST.join(', ')}).` };
  if (isUtf16BigEndian(content)) {
    return { status: 'UnsupportedEncoding', message: 'The file is UTF-16BE, which fixforge does not verify: save it as UTF-8 with BOM or UTF-16LE and sign it again.' };
  }
  const encoding = detectScriptEncoding(content);
  const block = locateSignatureBlock(content, encoding, style);
  if (!block) return { status: 'NotSigned', message: 'The file is not signed.' };
  if (!block.der) return { status: 'UnknownError', message: `The signature block is damaged: ${block.problem}.` };

  let signed: SignedData;
  try {
    signed = parseSignedData(Der.parse(block.der));
  } catch (e) {
    return { status: 'UnknownError', message: `The signature block does not hold a valid signature: ${(e as Error).message}.` };
  }
  if (signed.contentType !== OID.spcIndirectData) return { status: 'Incompatible', message: 'The signature is not an Authenticode signature.' };
  if (signed.version !== 1) return { status: 'UnknownError', message: `Unexpected SignedData version ${signed.version} (Authenticode uses 1).` };

  let sipType: string;
  let digestAlgorithm: string;
  let signedDigest: Buffer;
  try {
    if (signed.content.expectTag(0x30, 'SpcIndirectDataContent').children.length !== 2) throw new Error('SpcIndirectDataContent has two parts');
    sipType = signed.content.child(0).child(0).oid();
    const digestInfo = signed.content.child(1);
    digestAlgorithm = digestInfo.child(0).child(0).oid();
    signedDigest = digestInfo.child(1).bytes();
  } catch (e) {
    return { status: 'UnknownError', message: `The signed content is malformed: ${(e as Error).message}.` };
  }
  if (sipType !== OID.spcSipInfo) return { status: 'Incompatible', message: 'The signature was made for another kind of file, not a PowerShell script.' };
  const digest = DIGESTS[digestAlgorithm];
  if (!digest) return { status: 'Incompatible', message: `Unsupported digest algorithm ${digestAlgorithm}.` };

  // Authenticode has exactly one SignerInfo (a second signature is nested in it): any other
  // would be bytes no check covers.
  if (signed.signerInfos.length !== 1) {
    return { status: 'UnknownError', message: `The signature has ${signed.signerInfos.length} signers; an Authenticode signature has exactly one.` };
  }
  const signer = signed.signerInfos[0];
  const signerCert = findSignerCertificate(signer, signed.certificates);
  const identification = {
    signerSubject: signerCert?.subject,
    thumbprint: signerCert?.thumbprint,
    signingTime: signingTimeOf(signer)?.toISOString(),
    digestAlgorithm: digest.display,
  };

  let fileDigest: Buffer;
  try {
    fileDigest = scriptDigest(content, block.textEnd, encoding, digest.node);
  } catch (e) {
    if (!(e instanceof ScriptEncodingError)) throw e;
    // Valid UTF-8 that lost its BOM after signing is a changed file, with the usual hint.
    const change = isUtf8(content.subarray(0, block.textEnd)) ? explainDigestMismatch(content, block.textEnd, encoding, digest.node, signedDigest) : undefined;
    if (change) return hashMismatch(change, identification);
    return {
      status: 'UnsupportedEncoding',
      message: `The signed text cannot be read as one exact text: ${e.message}. No signature can vouch for these bytes; save the file as UTF-8 with BOM and sign it again.`,
      ...identification,
    };
  }
  if (!fileDigest.equals(signedDigest)) return hashMismatch(explainDigestMismatch(content, block.textEnd, encoding, digest.node, signedDigest), identification);
  if (!signerCert) return { status: 'UnknownError', message: 'The signature does not carry its signer certificate.', ...identification };
  const check = checkSignerInfo(signer, signed.signedContent, signerCert, OID.spcIndirectData);
  if (!check.ok) {
    return check.unsupported
      ? { status: 'Incompatible', message: `The signature cannot be checked: ${check.reason}.`, ...identification }
      : { status: 'HashMismatch', message: `The signature is broken: ${check.reason}.`, ...identification };
  }

  const roots = parseTrustedRoots(opts.trustedRoots);
  // A broken timestamp means a changed signature block; an intact but untrusted one is ignored
  // (validity is then judged at `now`), as osslsigncode does.
  const timestamp = findTimestamp(signer, signed.certificates, roots);
  const ignored = timestamp && 'problem' in timestamp ? ` The timestamp was ignored: ${timestamp.problem}.` : '';
  const valid = timestamp && 'time' in timestamp ? timestamp : undefined;
  let result: Omit<VerifyResult, 'status' | 'message'> = { ...identification, ...(valid ? { timestamp: { time: valid.time.toISOString(), tsaSubject: valid.tsaSubject } } : {}) };
  if (timestamp && 'problem' in timestamp && timestamp.kind === 'broken') {
    return { status: 'HashMismatch', message: `The signature's timestamp is broken: ${timestamp.problem}.`, ...result };
  }

  const built = buildChain(signerCert, signed.certificates, roots);
  const chain = built.chain;
  if (!chain) {
    return { status: 'NotTrusted', message: `The signature is intact, but the signer '${signerCert.subject}' is not trusted: ${built.problem}.`, ...result };
  }
  if (built.warnings.length > 0) result = { ...result, warnings: built.warnings };
  const purpose = chainAllowsPurpose(chain, OID.codeSigning);
  if (!purpose.ok) return { status: 'NotCodeSigning', message: `The certificate '${purpose.subject}' is not valid for code signing.`, ...result };
  if (signerCert.keyUsage && !signerCert.keyUsage.digitalSignature) {
    return { status: 'NotCodeSigning', message: `The certificate '${signerCert.subject}' does not allow digital signatures.`, ...result };
  }

  const at = valid ? valid.time : (opts.now ?? new Date());
  const when = valid ? `at the timestamp time ${at.toISOString()}` : `at ${at.toISOString()} (the signature has no ${ignored ? 'usable ' : ''}timestamp)`;
  const validity = chainValidityProblem(chain, at);
  if (validity) {
    const c = validity.certificate;
    return validity.kind === 'Expired'
      ? { status: 'Expired', message: `The certificate '${c.subject}' expired on ${c.notAfter.toISOString()}: not valid ${when}.${ignored}`, ...result }
      : { status: 'NotYetValid', message: `The certificate '${c.subject}' is valid only from ${c.notBefore.toISOString()}: not valid ${when}.${ignored}`, ...result };
  }
  const stamped = valid ? `, timestamped ${valid.time.toISOString()} by '${valid.tsaSubject}'` : '';
  return { status: 'Valid', message: `Signature verified: signed by '${signerCert.subject}'${stamped}.${ignored}`, ...result };
}

function hashMismatch(change: string | undefined, identification: Omit<VerifyResult, 'status' | 'message'>): VerifyResult {
  const hint = change ? `The signed text is intact, but ${change}: restore it (mark PowerShell files as binary, e.g. '*.ps1 -text' in .gitattributes) or sign again.` : undefined;
  return {
    status: 'HashMismatch',
    message: `The file's contents changed after it was signed.${hint ? ' ' + hint : ''}`,
    ...identification,
    ...(hint ? { lineEndingHint: hint } : {}),
  };
}

/** A broken timestamp first (any broken one fails the file), else a valid one, else an untrusted one. */
function findTimestamp(signer: SignerInfo, certificates: readonly CertificateInfo[], roots: readonly CertificateInfo[]): TimestampCheck | undefined {
  const checks: TimestampCheck[] = [
    ...(signer.unsignedAttributes.get(OID.rfc3161CounterSign) ?? []).map((token) => checkTimestampToken(token, signer.signature, roots, certificates)),
    ...(signer.unsignedAttributes.get(OID.counterSignature) ?? []).map((value) => checkLegacyCountersignature(value, signer.signature, roots, certificates)),
  ];
  return checks.find((c) => 'kind' in c && c.kind === 'broken') ?? checks.find((c) => 'time' in c) ?? checks[0];
}
