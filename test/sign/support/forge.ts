/**
 * A test generator for adversarial signatures: certificates with any version, name, key and
 * extension (critical or not, repeated or not), signed with any algorithm, written with our DER
 * writer; and Authenticode SignedData with any field changed afterwards. Everything is built in
 * memory from node:crypto keys (EC P-256 unless a case needs RSA of some size), so a whole suite
 * of cases costs milliseconds. openssl (support/pki.ts) stays the independent source for the
 * ordinary chains; osslsigncode checks the results side by side.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { createAuthenticodeSignature } from '../../../generator/pipeline/sign/cms';
import { bitString, boolean, Der, explicit, integer, objectIdentifier, octetString, sequence, setOf, time, tlv, utf8String } from '../../../generator/pipeline/sign/der';
import type { SigningIdentity } from '../../../generator/pipeline/sign/identity';
import { OID } from '../../../generator/pipeline/sign/oids';
import { formatSignatureBlock } from '../../../generator/pipeline/sign/signatureBlock';
import { scriptDigest } from '../../../generator/pipeline/sign/digest';
import { commentStyleFor, detectScriptEncoding } from '../../../generator/pipeline/sign/fileTypes';

export interface KeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

const rsaKeys = new Map<number, KeyPair>();

export function ecKey(): KeyPair {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** One RSA key per size for the whole run (generation is the slow part). */
export function rsaKey(bits: number): KeyPair {
  let k = rsaKeys.get(bits);
  if (!k) {
    k = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
    rsaKeys.set(bits, k);
  }
  return k;
}

export interface Extension {
  readonly oid: string;
  readonly critical?: boolean;
  /** The DER of the extension value (what goes inside extnValue). */
  readonly value: Buffer;
}

export const ext = {
  basicConstraints: (ca: boolean, pathLen?: number, critical = true): Extension => ({
    oid: OID.basicConstraints,
    critical,
    value: sequence(...(ca ? [boolean(true)] : []), ...(pathLen !== undefined ? [integer(pathLen)] : [])),
  }),
  /** Bits by name; RFC 5280 4.2.1.3 order. */
  keyUsage: (usages: readonly ('digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign')[], critical = true): Extension => {
    const bit = { digitalSignature: 0x80, keyEncipherment: 0x20, keyCertSign: 0x04, cRLSign: 0x02 };
    const byte = usages.reduce((a, u) => a | bit[u], 0);
    return { oid: OID.keyUsage, critical, value: bitString(Buffer.from([byte]), 1) };
  },
  eku: (purposes: readonly string[], critical = false): Extension => ({
    oid: OID.extKeyUsage,
    critical,
    value: sequence(...purposes.map((p) => objectIdentifier(p))),
  }),
  subjectKeyId: (key: KeyObject): Extension => ({ oid: OID.subjectKeyIdentifier, value: octetString(keyId(key)) }),
  authorityKeyId: (key: KeyObject): Extension => ({ oid: OID.authorityKeyIdentifier, value: sequence(tlv(0x80, keyId(key))) }),
  /** nameConstraints permitting one DNS subtree. */
  nameConstraints: (critical = true): Extension => ({
    oid: '2.5.29.30',
    critical,
    value: sequence(tlv(0xa0, [sequence(tlv(0x82, Buffer.from('example.invalid')))])),
  }),
  raw: (oid: string, value: Buffer, critical = false): Extension => ({ oid, critical, value }),
};

function keyId(key: KeyObject): Buffer {
  const spki = key.export({ format: 'der', type: 'spki' });
  return crypto.createHash('sha1').update(spki).digest();
}

export const ALGORITHMS = {
  ecdsaSha256: { oid: OID.ecdsaWithSha256, hash: 'sha256', params: false },
  rsaSha256: { oid: OID.sha256WithRsa, hash: 'sha256', params: true },
  rsaMd5: { oid: '1.2.840.113549.1.1.4', hash: 'md5', params: true },
} as const;

export type Algorithm = (typeof ALGORITHMS)[keyof typeof ALGORITHMS];

export interface Forged {
  readonly der: Buffer;
  readonly name: Buffer;
  readonly key: KeyPair;
  readonly subject: string;
}

export interface CertificateSpec {
  readonly subject: string;
  /** Absent: self-signed with `key`. */
  readonly issuer?: Forged;
  readonly key?: KeyPair;
  /** 1 writes no version field and no extensions. */
  readonly version?: 1 | 3;
  readonly extensions?: readonly Extension[];
  readonly serial?: number;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Defaults to ECDSA-SHA256 for EC issuers, SHA256-RSA for RSA issuers. */
  readonly algorithm?: Algorithm;
}

let nextSerial = 1000;

export function name(cn: string): Buffer {
  return sequence(setOf([sequence(objectIdentifier(OID.commonName), utf8String(cn))]));
}

/** Signs `tbs` with `key` the way `algorithm` says; returns the AlgorithmIdentifier and the signature. */
function signWith(algorithm: Algorithm, key: KeyObject, data: Buffer): { algorithmId: Buffer; signature: Buffer } {
  const algorithmId = sequence(objectIdentifier(algorithm.oid), ...(algorithm.params ? [Buffer.from([0x05, 0x00])] : []));
  const signature = crypto.sign(algorithm.hash, data, key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key);
  return { algorithmId, signature };
}

export function certificate(spec: CertificateSpec): Forged {
  const key = spec.key ?? ecKey();
  const subjectName = name(spec.subject);
  const issuerName = spec.issuer ? spec.issuer.name : subjectName;
  const signingKey = spec.issuer ? spec.issuer.key.privateKey : key.privateKey;
  const algorithm = spec.algorithm ?? (signingKey.asymmetricKeyType === 'ec' ? ALGORITHMS.ecdsaSha256 : ALGORITHMS.rsaSha256);
  const algorithmId = sequence(objectIdentifier(algorithm.oid), ...(algorithm.params ? [Buffer.from([0x05, 0x00])] : []));
  const version = spec.version ?? 3;
  const extensions = version === 3 && spec.extensions?.length
    ? [explicit(3, sequence(...spec.extensions.map((e) => sequence(objectIdentifier(e.oid), ...(e.critical ? [boolean(true)] : []), octetString(e.value)))))]
    : [];
  const tbs = sequence(
    ...(version === 3 ? [explicit(0, integer(2))] : []),
    integer(spec.serial ?? nextSerial++),
    algorithmId,
    issuerName,
    sequence(time(spec.notBefore ?? new Date('2025-01-01T00:00:00Z')), time(spec.notAfter ?? new Date('2035-01-01T00:00:00Z'))),
    subjectName,
    key.publicKey.export({ format: 'der', type: 'spki' }),
    ...extensions,
  );
  const { signature } = signWith(algorithm, signingKey, tbs);
  return { der: sequence(tbs, algorithmId, bitString(signature)), name: subjectName, key, subject: spec.subject };
}

/** The usual extensions of a CA, and of a code-signing leaf, issued by `issuer`. */
export function caExtensions(key: KeyPair, issuer?: Forged, pathLen?: number): Extension[] {
  return [ext.basicConstraints(true, pathLen), ext.keyUsage(['keyCertSign', 'cRLSign']), ext.subjectKeyId(key.publicKey), ...(issuer ? [ext.authorityKeyId(issuer.key.publicKey)] : [])];
}

export function leafExtensions(key: KeyPair, issuer: Forged): Extension[] {
  return [
    ext.basicConstraints(false, undefined, false),
    ext.keyUsage(['digitalSignature']),
    ext.eku([OID.codeSigning]),
    ext.subjectKeyId(key.publicKey),
    ext.authorityKeyId(issuer.key.publicKey),
  ];
}

/** An identity for the signer without loadSigningIdentity's refusals: the verifier is what is under test. */
export function identityOf(leaf: Forged, chain: readonly Forged[]): SigningIdentity {
  const keyType = leaf.key.privateKey.asymmetricKeyType as 'rsa' | 'ec';
  return {
    privateKey: leaf.key.privateKey,
    keyType,
    certificate: leaf.der,
    chain: chain.map((c) => c.der),
    subject: leaf.subject,
    thumbprint: crypto.createHash('sha1').update(leaf.der).digest('hex').toUpperCase(),
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
  };
}

export const SIGNING_TIME = new Date('2026-03-03T03:03:03Z');

/**
 * Signs `script` (its bytes as they are: no encoding check, so that files the signer would refuse
 * can be made too) and returns the signed file. `unsigned` adds unsigned attributes (a timestamp).
 */
export async function forgeSignedFile(
  script: Buffer,
  fileName: string,
  identity: SigningIdentity,
  unsigned?: (signature: Buffer) => Promise<Buffer[]>,
  digestOverride?: Buffer,
): Promise<Buffer> {
  const encoding = detectScriptEncoding(script);
  const digest = digestOverride ?? scriptDigest(script, script.length, encoding, 'sha256');
  const contentInfo = await createAuthenticodeSignature(identity, digest, { signingTime: SIGNING_TIME, unsignedAttributes: unsigned });
  return Buffer.concat([script, formatSignatureBlock(contentInfo, encoding, commentStyleFor(fileName)!)]);
}

/** The DER ContentInfo of a signed file (hash-comment files). */
export function contentInfoOf(signedFile: Buffer): Buffer {
  const text = signedFile.toString('latin1');
  const start = text.lastIndexOf('# SIG # Begin signature block');
  const lines = text.slice(start).split('\r\n').slice(1).filter((l) => l.startsWith('# ') && !l.includes('SIG # End'));
  return Buffer.from(lines.map((l) => l.slice(2)).join(''), 'base64');
}

/** The file with its signature block replaced by one holding `contentInfo`. */
export function withContentInfo(signedFile: Buffer, contentInfo: Buffer, fileName: string): Buffer {
  const at = signedFile.lastIndexOf(Buffer.from('\r\n# SIG # Begin signature block'));
  return Buffer.concat([signedFile.subarray(0, at), formatSignatureBlock(contentInfo, 'utf8', commentStyleFor(fileName)!)]);
}

/**
 * A changed SignedData: `edit` receives the raw elements of SignedData (version, digestAlgorithms,
 * encapContentInfo, [0] certificates, [1] crls?, signerInfos) and returns the new list.
 */
export function editSignedData(contentInfo: Buffer, edit: (fields: Buffer[]) => Buffer[]): Buffer {
  const root = Der.parse(contentInfo);
  const signedData = root.child(1).child(0);
  const fields = signedData.children.map((c) => Buffer.from(c.raw));
  return sequence(objectIdentifier(OID.signedData), explicit(0, sequence(...edit(fields))));
}

/** A CRL (RFC 5280 5.1) issued by `issuer`, listing nothing revoked; `tamper` flips a signed byte. */
export function crl(issuer: Forged, tamper = false): Buffer {
  const algorithm = issuer.key.privateKey.asymmetricKeyType === 'ec' ? ALGORITHMS.ecdsaSha256 : ALGORITHMS.rsaSha256;
  const algorithmId = sequence(objectIdentifier(algorithm.oid), ...(algorithm.params ? [Buffer.from([0x05, 0x00])] : []));
  const tbs = sequence(integer(1), algorithmId, issuer.name, time(new Date('2026-01-01T00:00:00Z')), time(new Date('2027-01-01T00:00:00Z')));
  const { signature } = signWith(algorithm, issuer.key.privateKey, tbs);
  const signed = Buffer.from(tbs);
  if (tamper) signed[signed.length - 3] ^= 0x01;
  return sequence(signed, algorithmId, bitString(signature));
}

/**
 * An RFC 3161 token over `signature`, signed by `tsa`, carrying `certificates`; `genTime` is
 * written as given (UTCTime when `utcTime`), `signers` SignerInfos (copies of the real one).
 */
export function timestampToken(
  signature: Buffer,
  tsa: Forged,
  certificates: readonly Forged[],
  options: { genTime?: Date; utcTime?: boolean; signers?: number } = {},
): Buffer {
  const genTime = options.genTime ?? new Date('2026-03-03T03:03:04Z');
  const timeField = options.utcTime
    ? tlv(0x17, Buffer.from(genTime.toISOString().slice(2, 19).replace(/[-T:]/g, '') + 'Z', 'ascii'))
    : tlv(0x18, Buffer.from(genTime.toISOString().slice(0, 19).replace(/[-T:]/g, '') + 'Z', 'ascii'));
  const sha256 = sequence(objectIdentifier(OID.sha256), Buffer.from([0x05, 0x00]));
  const tstInfo = sequence(
    integer(1),
    objectIdentifier('1.3.6.1.4.1.99999.1'),
    sequence(sha256, octetString(crypto.createHash('sha256').update(signature).digest())),
    integer(42),
    timeField,
  );
  const attributes = setOf([
    sequence(objectIdentifier(OID.contentType), setOf([objectIdentifier(OID.tstInfo)])),
    sequence(objectIdentifier(OID.messageDigest), setOf([octetString(crypto.createHash('sha256').update(tstInfo).digest())])),
  ]);
  const algorithm = tsa.key.privateKey.asymmetricKeyType === 'ec' ? ALGORITHMS.ecdsaSha256 : ALGORITHMS.rsaSha256;
  const { signature: tokenSignature } = signWith(algorithm, tsa.key.privateKey, attributes);
  const tsaInfo = Der.parse(tsa.der).child(0);
  const versioned = tsaInfo.children[0].tag === 0xa0 ? 1 : 0;
  const signerInfo = sequence(
    integer(1),
    sequence(Buffer.from(tsaInfo.child(versioned + 2).raw), Buffer.from(tsaInfo.child(versioned).raw)),
    sha256,
    tlv(0xa0, new Der(attributes).content),
    sequence(objectIdentifier(algorithm.oid), ...(algorithm.params ? [Buffer.from([0x05, 0x00])] : [])),
    octetString(tokenSignature),
  );
  const signedData = sequence(
    integer(3),
    setOf([sha256]),
    sequence(objectIdentifier(OID.tstInfo), explicit(0, octetString(tstInfo))),
    tlv(0xa0, [tsa.der, ...certificates.map((c) => c.der)]),
    tlv(0x31, Array.from({ length: options.signers ?? 1 }, () => signerInfo)),
  );
  return sequence(objectIdentifier(OID.signedData), explicit(0, signedData));
}

export function timestampAttribute(token: Buffer): Buffer {
  return sequence(objectIdentifier(OID.rfc3161CounterSign), setOf([token]));
}
