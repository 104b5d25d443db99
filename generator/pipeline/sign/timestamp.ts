/**
 * RFC 3161 timestamps: the HTTP client used while signing, and the token check shared with the
 * verifier. The token goes into the SignerInfo's unsigned attribute 1.3.6.1.4.1.311.3.3.1
 * (szOID_RFC3161_counterSign); its message imprint is the hash of the SignerInfo's signature.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { buildChain, chainAllowsPurpose, chainValidityProblem } from './chain';
import type { CertificateInfo } from './certificate';
import { algorithmIdentifier, boolean, Der, integer, objectIdentifier, octetString, sequence, setOf } from './der';
import { SignError } from './errors';
import { DIGESTS, OID } from './oids';
import { checkSignerInfo, findSignerCertificate, parseSignedData, parseSignerInfo, signingTimeOf } from './signedData';

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 1 << 20;
/** At most this many requests in flight per process: a build signs many files at once. */
const MAX_CONCURRENT_REQUESTS = 4;

export interface TimestampRequestOptions {
  readonly timeoutMs?: number;
}

/** Asks `url` for a timestamp over `signature`; returns the unsigned attribute to add. */
export async function timestampAttribute(url: string, signature: Buffer, options: TimestampRequestOptions = {}): Promise<Buffer> {
  const token = await requestTimestampToken(url, signature, options);
  return sequence(objectIdentifier(OID.rfc3161CounterSign), setOf([token]));
}

export async function requestTimestampToken(url: string, signature: Buffer, options: TimestampRequestOptions = {}): Promise<Buffer> {
  const imprint = crypto.createHash('sha256').update(signature).digest();
  const nonce = crypto.randomBytes(8);
  nonce[0] &= 0x7f;
  const request = sequence(
    integer(1),
    sequence(algorithmIdentifier(OID.sha256, null), octetString(imprint)),
    integer(nonce),
    boolean(true), // certReq: the token carries the TSA certificate
  );
  const response = await withRequestSlot(() => post(url, request, options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  return readTimestampResponse(url, response, signature, BigInt('0x' + nonce.toString('hex')));
}

function readTimestampResponse(url: string, response: Buffer, signature: Buffer, nonce: bigint): Buffer {
  const fail = (why: string): never => {
    throw new SignError('FF5015', [url, why]);
  };
  let token: Der | undefined;
  try {
    const root = Der.parse(response).expectTag(0x30, 'TimeStampResp');
    const statusInfo = root.child(0);
    const status = statusInfo.child(0).smallInteger();
    if (status !== 0 && status !== 1) {
      const text = statusInfo.children[1]?.tag === 0x30 ? statusInfo.children[1].children.map((t) => t.text()).join('; ') : '';
      fail(`request rejected (PKIStatus ${status}${text ? `: ${text}` : ''})`);
    }
    token = root.children[1];
  } catch (e) {
    if (e instanceof SignError) throw e;
    fail(`not a timestamp response (${(e as Error).message})`);
  }
  if (!token) return fail('the response holds no token');
  const tokenBytes = Buffer.from(token.raw);
  // Trust is the verifier's business; here the token must be intact and be for this signature.
  const checked = checkTimestampToken(new Der(tokenBytes), signature, []);
  if ('problem' in checked && checked.kind === 'broken') fail(checked.problem);
  if (checked.tstInfo?.nonce !== nonce) fail('the token does not echo our nonce');
  return tokenBytes;
}

interface TstInfo {
  readonly digestAlgorithm: string;
  readonly hashedMessage: Buffer;
  readonly genTime: Date;
  readonly nonce?: bigint;
}

/** `broken`: malformed, for another signature, or a bad signature; `untrusted`: intact but not trusted. */
export type TimestampProblemKind = 'broken' | 'untrusted';

export type TimestampCheck =
  | { readonly time: Date; readonly tsaSubject: string; readonly tstInfo: TstInfo }
  | { readonly problem: string; readonly kind: TimestampProblemKind; readonly tstInfo?: TstInfo };

/**
 * Checks an RFC 3161 token: its structure and own signature, that it timestamps `signature` (when
 * given), then that the TSA may timestamp, chains to one of `roots` and was valid at its time.
 */
export function checkTimestampToken(
  token: Der,
  signature: Buffer | undefined,
  roots: readonly CertificateInfo[],
  extraCertificates: readonly CertificateInfo[] = [],
): TimestampCheck {
  let signed;
  let tstInfo: TstInfo;
  try {
    signed = parseSignedData(token);
    if (signed.contentType !== OID.tstInfo) return { problem: 'the token does not hold TSTInfo', kind: 'broken' };
    if (signed.version !== 3 && signed.version !== 1) return { problem: `unsupported token version ${signed.version}`, kind: 'broken' };
    const tst = Der.parse(signed.signedContent).expectTag(0x30, 'TSTInfo');
    if (tst.child(0).smallInteger() !== 1) return { problem: 'unsupported TSTInfo version', kind: 'broken' };
    const imprint = tst.child(2);
    const nonceNode = tst.children.slice(5).find((c) => c.tag === 0x02);
    tstInfo = {
      digestAlgorithm: imprint.child(0).child(0).oid(),
      hashedMessage: imprint.child(1).bytes(),
      genTime: generalizedTime(tst.child(4)),
      nonce: nonceNode?.integer(),
    };
  } catch (e) {
    return { problem: `the timestamp token is malformed (${(e as Error).message})`, kind: 'broken' };
  }
  if (signature) {
    const digest = DIGESTS[tstInfo.digestAlgorithm];
    if (!digest) return { problem: `unsupported timestamp imprint algorithm ${tstInfo.digestAlgorithm}`, kind: 'broken', tstInfo };
    if (!crypto.createHash(digest.node).update(signature).digest().equals(tstInfo.hashedMessage)) {
      return { problem: 'the timestamp is for another signature', kind: 'broken', tstInfo };
    }
  }
  if (signed.signerInfos.length !== 1) return { problem: `the timestamp token has ${signed.signerInfos.length} signers (RFC 3161: exactly one)`, kind: 'broken', tstInfo };
  const signer = signed.signerInfos[0];
  const pool = [...signed.certificates, ...extraCertificates];
  const tsaCert = findSignerCertificate(signer, pool);
  if (!tsaCert) return { problem: 'the timestamp token does not carry the TSA certificate', kind: 'broken', tstInfo };
  const check = checkSignerInfo(signer, signed.signedContent, tsaCert, OID.tstInfo);
  if (!check.ok) return { problem: `the timestamp token's signature is invalid: ${check.reason}`, kind: 'broken', tstInfo };
  return judgeTimestampAuthority(tsaCert, pool, roots, tstInfo.genTime, tstInfo);
}

/** RFC 3161 2.4.2: genTime is a GeneralizedTime in UTC with seconds and no trailing zeros in its fraction. */
function generalizedTime(node: Der): Date {
  node.expectTag(0x18, 'genTime (GeneralizedTime)');
  const text = node.content.toString('ascii');
  if (/[.,]\d*0Z$/.test(text) || /[.,]Z$/.test(text)) throw new Error(`genTime '${text}' is not in DER form (trailing zeros in its fraction)`);
  return node.time();
}

/**
 * A legacy Authenticode countersignature (PKCS#9 1.2.840.113549.1.9.6): a SignerInfo over the
 * signature value, its time in signingTime, its certificate among the outer certificates.
 */
export function checkLegacyCountersignature(
  value: Der,
  signature: Buffer,
  roots: readonly CertificateInfo[],
  certificates: readonly CertificateInfo[],
): TimestampCheck {
  let signer;
  try {
    signer = parseSignerInfo(value);
  } catch (e) {
    return { problem: `the countersignature is malformed (${(e as Error).message})`, kind: 'broken' };
  }
  const cert = findSignerCertificate(signer, certificates);
  if (!cert) return { problem: 'the countersigner certificate is missing', kind: 'broken' };
  const check = checkSignerInfo(signer, signature, cert);
  if (!check.ok) return { problem: `the countersignature is invalid: ${check.reason}`, kind: 'broken' };
  const time = signingTimeOf(signer);
  if (!time) return { problem: 'the countersignature has no signing time', kind: 'broken' };
  const tstInfo: TstInfo = { digestAlgorithm: signer.digestAlgorithm, hashedMessage: Buffer.alloc(0), genTime: time };
  return judgeTimestampAuthority(cert, certificates, roots, time, tstInfo);
}

function judgeTimestampAuthority(
  tsaCert: CertificateInfo,
  pool: readonly CertificateInfo[],
  roots: readonly CertificateInfo[],
  time: Date,
  tstInfo: TstInfo,
): TimestampCheck {
  if (!tsaCert.extKeyUsage?.includes(OID.timeStamping)) {
    return { problem: `the TSA certificate '${tsaCert.subject}' lacks the timeStamping usage`, kind: 'untrusted', tstInfo };
  }
  const built = buildChain(tsaCert, pool, roots);
  const chain = built.chain;
  if (!chain) return { problem: `the TSA certificate '${tsaCert.subject}' is not trusted: ${built.problem}`, kind: 'untrusted', tstInfo };
  const purpose = chainAllowsPurpose(chain, OID.timeStamping);
  if (!purpose.ok) return { problem: `'${purpose.subject}' does not allow timestamping`, kind: 'untrusted', tstInfo };
  const validity = chainValidityProblem(chain, time);
  if (validity) return { problem: `the TSA certificate '${validity.certificate.subject}' was not valid at ${time.toISOString()}`, kind: 'untrusted', tstInfo };
  return { time, tsaSubject: tsaCert.subject, tstInfo };
}

// ---------------------------------------------------------------- HTTP

let inFlight = 0;
const waiting: (() => void)[] = [];

async function withRequestSlot<T>(run: () => Promise<T>): Promise<T> {
  if (inFlight >= MAX_CONCURRENT_REQUESTS) await new Promise<void>((resolve) => waiting.push(resolve));
  inFlight++;
  try {
    return await run();
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}

function post(url: string, body: Buffer, timeoutMs: number): Promise<Buffer> {
  const fail = (why: string): SignError => new SignError('FF5014', [url, why]);
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(fail('not a valid URL'));
      return;
    }
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!client) {
      reject(fail(`unsupported protocol ${target.protocol}`));
      return;
    }
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply', 'Content-Length': body.length },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('response too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          if (res.statusCode !== 200) reject(fail(`HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
          else resolve(Buffer.concat(chunks));
        });
        res.on('error', (e) => reject(fail(e.message)));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => reject(fail(e.code ? `${e.code} ${e.message}` : e.message)));
    req.end(body);
  });
}
