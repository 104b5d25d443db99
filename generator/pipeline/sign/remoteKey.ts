/**
 * A private key that never enters this process: a PKCS#11 token, or any external signer run as a
 * command. fixforge computes the SHA-256 digest of the signed attributes; the remote side signs
 * that digest (PKCS#1 v1.5 with the DigestInfo for RSA, the raw digest for ECDSA), exactly what
 * `openssl pkeyutl -sign -pkeyopt digest:sha256` does. Every signature that comes back is checked
 * against the certificate's public key before it is used, so a signer that answers with the wrong
 * key, the wrong padding or garbage is caught at the file it happened on, not on the client.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { bitString, Der, DerError, integer, objectIdentifier, sequence } from './der';
import { OID } from './oids';

export interface RemoteKey {
  readonly keyType: 'rsa' | 'ec';
  /** Where the key is, for messages: `token 'X', key 'Y'` or the command. Never holds a secret. */
  readonly description: string;
  /**
   * The key's public half when the remote side reveals it (compared with the certificate before
   * anything is signed); undefined when it does not, then a probe signature is checked instead.
   */
  readonly publicKey?: KeyObject;
  /**
   * Signs a SHA-256 digest. RSA: the PKCS#1 v1.5 signature. ECDSA: DER `ECDSA-Sig-Value` or raw
   * r||s (both are normalised to DER). `label` names the file, for error messages.
   */
  signDigest(digest: Buffer, label: string): Promise<Buffer>;
  /** Ends the session (logs out of the token). Idempotent. */
  close(): Promise<void>;
}

/** DigestInfo { sha256, NULL } prefix: what CKM_RSA_PKCS must be given in front of the digest. */
const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export function sha256DigestInfo(digest: Buffer): Buffer {
  return Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest]);
}

/** Raw r||s (PKCS#11 CKM_ECDSA, Azure Key Vault) to the DER ECDSA-Sig-Value CMS carries. */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new DerError(`a raw ECDSA signature of ${raw.length} bytes is not r||s`);
  const half = raw.length / 2;
  return sequence(integer(raw.subarray(0, half)), integer(raw.subarray(half)));
}

/** True when `sig` is a DER SEQUENCE of two INTEGERs and nothing else. */
function isDerEcdsaSignature(sig: Buffer): boolean {
  try {
    const node = new Der(sig);
    return node.tag === 0x30 && node.raw.length === sig.length && node.children.length === 2 && node.children.every((c) => c.tag === 0x02);
  } catch {
    return false;
  }
}

function verifies(data: Buffer, publicKey: KeyObject, signature: Buffer): boolean {
  try {
    const key = publicKey.asymmetricKeyType === 'ec' ? { key: publicKey, dsaEncoding: 'der' as const } : publicKey;
    return crypto.verify('sha256', data, key, signature);
  } catch {
    return false;
  }
}

/**
 * The CMS signature value over `data` (the DER signed attributes) made by `key`, checked with the
 * certificate's public key; undefined when what came back does not verify in any accepted form.
 */
export async function remoteSignature(key: RemoteKey, data: Buffer, certificateKey: KeyObject, label: string): Promise<Buffer | undefined> {
  const digest = crypto.createHash('sha256').update(data).digest();
  const answer = await key.signDigest(digest, label);
  if (key.keyType === 'rsa') {
    // Some HSMs and KMS APIs drop leading zero bytes; CMS and Windows want the modulus length.
    const size = Math.ceil((certificateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    const full = answer.length < size ? Buffer.concat([Buffer.alloc(size - answer.length), answer]) : answer;
    return verifies(data, certificateKey, full) ? full : undefined;
  }
  const candidates = isDerEcdsaSignature(answer) ? [answer] : [];
  if (answer.length % 2 === 0 && answer.length > 0) candidates.push(ecdsaRawToDer(answer));
  return candidates.find((c) => verifies(data, certificateKey, c));
}

/** An RSA public key from its modulus and public exponent (big-endian bytes). */
export function rsaPublicKey(modulus: Buffer, exponent: Buffer): KeyObject {
  const b64 = (b: Buffer) => b.toString('base64url');
  return crypto.createPublicKey({ key: { kty: 'RSA', n: b64(modulus), e: b64(exponent) }, format: 'jwk' });
}

/**
 * An EC public key from PKCS#11's CKA_EC_PARAMS (the DER curve OID) and CKA_EC_POINT (the
 * uncompressed point, DER OCTET STRING-wrapped as the standard says, or bare as some tokens give it).
 */
export function ecPublicKey(ecParams: Buffer, ecPoint: Buffer): KeyObject {
  let point = ecPoint;
  if (point[0] === 0x04 && point.length > 2) {
    // 04 len 04 X Y (wrapped) vs 04 X Y (bare): the wrapped form's length byte(s) match the rest.
    const long = point[1] === 0x81 ? 3 : 2;
    const length = long === 3 ? point[2] : point[1];
    if (point.length === long + length && point[long] === 0x04) point = point.subarray(long);
  }
  const spki = sequence(sequence(objectIdentifier(OID.ecPublicKey), ecParams), bitString(point));
  return crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

