/**
 * A signing identity: a private key and the certificate chain it signs with, checked once when it
 * is loaded so that every later refusal happens before any file is touched.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { isIssuedBy, isSelfSigned, parseCertificate, type CertificateInfo } from './certificate';
import { SignError } from './errors';
import { OID } from './oids';
import type { RemoteKey } from './remoteKey';

export interface SigningIdentity {
  /** The key in this process (PFX, PEM, development certificate)... */
  readonly privateKey?: KeyObject;
  /** ...or one that stays outside it (PKCS#11 token, sign command): exactly one of the two. */
  readonly remoteKey?: RemoteKey;
  readonly keyType: 'rsa' | 'ec';
  /** The signer certificate, DER. */
  readonly certificate: Buffer;
  /** Its issuers up to, not including, a self-signed root, DER, nearest first. */
  readonly chain: readonly Buffer[];
  readonly subject: string;
  /** SHA-1 of the signer certificate, upper-case hex, as Windows shows it. */
  readonly thumbprint: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * Picks the certificate that belongs to the key among `certificates`, orders its chain and
 * refuses what cannot produce a valid code signature.
 */
export function createSigningIdentity(key: KeyObject | RemoteKey, certificates: readonly Buffer[], source: string, now: Date): SigningIdentity {
  const remoteKey = 'signDigest' in key ? key : undefined;
  const privateKey = remoteKey ? undefined : (key as KeyObject);
  const keyType = remoteKey ? remoteKey.keyType : privateKey!.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') throw new SignError('FF5013', [keyType ?? 'unknown']);
  const parsed: CertificateInfo[] = [];
  for (const der of certificates) {
    try {
      parsed.push(parseCertificate(der));
    } catch (e) {
      throw new SignError('FF5006', ['certificate in', source, (e as Error).message]);
    }
  }
  if (parsed.length === 0) throw new SignError('FF5007', [source, 'certificate']);

  // A remote key's loader has established its public half (read from the token or proven by a probe signature).
  const publicKey = remoteKey ? remoteKey.publicKey : crypto.createPublicKey(privateKey!);
  if (!publicKey) throw new Error(`internal: the public key of ${remoteKey!.description} is not known`);
  const matching = parsed.filter((c) => samePublicKey(c.publicKey, publicKey));
  if (matching.length === 0) throw new SignError('FF5008', [parsed[0].subject]);
  const usable = (c: CertificateInfo): boolean =>
    hasCodeSigningUsage(c) && c.notBefore <= now && now <= c.notAfter;
  const signer = [...matching].sort((a, b) => Number(usable(b)) - Number(usable(a)) || b.notBefore.getTime() - a.notBefore.getTime())[0];

  if (!hasCodeSigningUsage(signer)) throw new SignError('FF5009', [signer.subject]);
  if (signer.keyUsage && !signer.keyUsage.digitalSignature) throw new SignError('FF5010', [signer.subject]);
  if (now > signer.notAfter) throw new SignError('FF5011', [signer.subject, signer.notAfter.toISOString()]);
  if (now < signer.notBefore) throw new SignError('FF5012', [signer.subject, signer.notBefore.toISOString()]);

  return {
    ...(remoteKey ? { remoteKey } : { privateKey }),
    keyType,
    certificate: signer.der,
    chain: orderChain(signer, parsed).map((c) => c.der),
    subject: signer.subject,
    thumbprint: signer.thumbprint,
    notBefore: signer.notBefore,
    notAfter: signer.notAfter,
  };
}

/**
 * Key comparison that never compares keys of different types: OpenSSL then leaves an error in
 * its queue that a later, unrelated crypto call in Node reports as its own failure.
 */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return a.asymmetricKeyType === b.asymmetricKeyType && a.equals(b);
}

function hasCodeSigningUsage(c: CertificateInfo): boolean {
  return c.extKeyUsage?.includes(OID.codeSigning) ?? false;
}

/** Issuers of `signer` found in `pool`, nearest first, stopping before a self-signed root. */
function orderChain(signer: CertificateInfo, pool: readonly CertificateInfo[]): CertificateInfo[] {
  const chain: CertificateInfo[] = [];
  let current = signer;
  while (chain.length < 10 && !isSelfSigned(current)) {
    const issuer = pool.find((c) => c !== current && !chain.includes(c) && isIssuedBy(current, c));
    if (!issuer || isSelfSigned(issuer)) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}
