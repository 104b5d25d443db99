/**
 * X.509 certificates as the signer and verifier need them: names and serial as exact DER (for
 * issuerAndSerialNumber), validity, key usages, and the public key. Parsed once per distinct
 * certificate and cached, since a build signs hundreds of files with the same few certificates.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { Der, DerError } from './der';
import { OID } from './oids';

export interface CertificateInfo {
  readonly der: Buffer;
  /** SHA-1 of the DER, upper-case hex, as Windows shows it. */
  readonly thumbprint: string;
  /** `CN=..., O=...`, most specific first, as Windows shows it. */
  readonly subject: string;
  readonly issuer: string;
  readonly subjectName: Buffer;
  readonly issuerName: Buffer;
  /** The serialNumber INTEGER, tag and length included. */
  readonly serialNumber: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Absent when the certificate has no key usage extension (no restriction). */
  readonly keyUsage?: { readonly digitalSignature: boolean; readonly keyCertSign: boolean };
  /** Absent when the certificate has no extended key usage extension. */
  readonly extKeyUsage?: readonly string[];
  /** basicConstraints cA; undefined when the certificate has no basicConstraints extension. */
  readonly isCA?: boolean;
  /** basicConstraints pathLenConstraint, when present. */
  readonly pathLenConstraint?: number;
  readonly subjectKeyId?: Buffer;
  /** authorityKeyIdentifier keyIdentifier, when present: lets chain building skip other keys unchecked. */
  readonly authorityKeyId?: Buffer;
  /** X.509 version: 1, 2 or 3. */
  readonly version: number;
  /** OIDs of the extensions marked critical. */
  readonly criticalExtensions: readonly string[];
  /** What makes the certificate unusable in any chain, found while parsing (e.g. an extension twice). */
  readonly problems: readonly string[];
  /** RSA modulus length in bits; undefined for other keys. */
  readonly rsaBits?: number;
  readonly spki: Buffer;
  readonly publicKey: KeyObject;
  readonly tbs: Buffer;
  readonly signatureAlgorithm: string;
  readonly signature: Buffer;
}

const cache = new Map<string, CertificateInfo>();
const CACHE_LIMIT = 2000;

export function parseCertificate(der: Buffer): CertificateInfo {
  const thumbprint = crypto.createHash('sha1').update(der).digest('hex').toUpperCase();
  const cached = cache.get(thumbprint);
  if (cached && cached.der.equals(der)) return cached;
  const info = parseUncached(Buffer.from(der), thumbprint);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(thumbprint, info);
  return info;
}

function parseUncached(der: Buffer, thumbprint: string): CertificateInfo {
  const cert = Der.parse(der).expectTag(0x30, 'Certificate');
  if (cert.children.length !== 3) throw new DerError('a certificate has three parts');
  const tbs = cert.child(0).expectTag(0x30, 'TBSCertificate');
  // Parts outside the signed TBS must agree with it or be empty, so that no byte goes unchecked.
  if (!cert.child(1).raw.equals(tbs.children[tbs.children[0]?.tag === 0xa0 ? 2 : 1]?.raw ?? Buffer.alloc(0))) {
    throw new DerError('the certificate signature algorithm differs from the one in its TBS');
  }
  const signatureBits = cert.child(2).expectTag(0x03, 'signatureValue').content;
  if (signatureBits[0] !== 0) throw new DerError('the certificate signature has unused bits');
  const fields = tbs.children;
  const version = fields[0]?.tag === 0xa0 ? fields[0].child(0).smallInteger() + 1 : 1;
  let i = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[i++].expectTag(0x02, 'serialNumber');
  i++; // signature algorithm, repeated outside the TBS
  const issuer = fields[i++].expectTag(0x30, 'issuer');
  const validity = fields[i++].expectTag(0x30, 'validity');
  const subject = fields[i++].expectTag(0x30, 'subject');
  const spki = fields[i++].expectTag(0x30, 'subjectPublicKeyInfo');

  let keyUsage: CertificateInfo['keyUsage'];
  let extKeyUsage: string[] | undefined;
  let isCA: boolean | undefined;
  let pathLenConstraint: number | undefined;
  let subjectKeyId: Buffer | undefined;
  let authorityKeyId: Buffer | undefined;
  const criticalExtensions: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const extensions = fields.find((f) => f.tag === 0xa3);
  if (extensions && version !== 3) problems.push(`it is an X.509 v${version} certificate with extensions`);
  for (const ext of extensions ? extensions.child(0).children : []) {
    const id = ext.child(0).oid();
    // RFC 5280 4.2: an extension appears at most once; otherwise which one counts is undefined.
    if (seen.has(id)) problems.push(`it has the extension ${id} twice`);
    seen.add(id);
    if (ext.children.length === 3 && ext.child(1).expectTag(0x01, 'critical').content[0] !== 0) criticalExtensions.push(id);
    const value = new Der(ext.children[ext.children.length - 1].expectTag(0x04, 'extnValue').bytes());
    switch (id) {
      case OID.keyUsage: {
        const bits = value.expectTag(0x03, 'BIT STRING').content;
        const first = bits.length > 1 ? bits[1] : 0;
        keyUsage = { digitalSignature: (first & 0x80) !== 0, keyCertSign: (first & 0x04) !== 0 };
        break;
      }
      case OID.extKeyUsage:
        extKeyUsage = value.children.map((c) => c.oid());
        break;
      case OID.basicConstraints: {
        const parts = value.expectTag(0x30, 'BasicConstraints').children;
        isCA = parts[0]?.tag === 0x01 && parts[0].content[0] !== 0;
        const pathLen = parts.find((p) => p.tag === 0x02);
        if (pathLen) pathLenConstraint = pathLen.smallInteger();
        break;
      }
      case OID.subjectKeyIdentifier:
        subjectKeyId = Buffer.from(value.content);
        break;
      case OID.authorityKeyIdentifier: {
        const keyId = value.expectTag(0x30, 'AuthorityKeyIdentifier').children.find((c) => c.tag === 0x80);
        if (keyId) authorityKeyId = Buffer.from(keyId.content);
        break;
      }
    }
  }
  const publicKey = crypto.createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });

  return {
    der,
    thumbprint,
    subject: formatName(subject),
    issuer: formatName(issuer),
    subjectName: subject.raw,
    issuerName: issuer.raw,
    serialNumber: serial.raw,
    notBefore: validity.child(0).time(),
    notAfter: validity.child(1).time(),
    keyUsage,
    extKeyUsage,
    isCA,
    pathLenConstraint,
    subjectKeyId,
    authorityKeyId,
    version,
    criticalExtensions,
    problems,
    rsaBits: publicKey.asymmetricKeyType === 'rsa' ? publicKey.asymmetricKeyDetails?.modulusLength : undefined,
    spki: spki.raw,
    publicKey,
    tbs: tbs.raw,
    signatureAlgorithm: cert.child(1).child(0).oid(),
    signature: signatureBits.subarray(1),
  };
}

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.42': 'G',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
};

/** Distinguished name in the Windows display form: most specific RDN first, `, ` between. */
export function formatName(name: Der): string {
  return name.children
    .map((rdn) =>
      rdn.children
        .map((ava) => {
          const type = ava.child(0).oid();
          let value: string;
          try {
            value = ava.child(1).text();
          } catch {
            value = '#' + ava.child(1).raw.toString('hex');
          }
          if (/[,+="\n<>#;]/.test(value) || /^\s|\s$/.test(value)) value = `"${value.replace(/"/g, '""')}"`;
          return `${ATTRIBUTE_NAMES[type] ?? `OID.${type}`}=${value}`;
        })
        .join(' + '),
    )
    .reverse()
    .join(', ');
}

const SIGNATURE_ALGORITHMS: Readonly<Record<string, { hash: string; keyType: string }>> = {
  [OID.sha1WithRsa]: { hash: 'sha1', keyType: 'rsa' },
  [OID.sha256WithRsa]: { hash: 'sha256', keyType: 'rsa' },
  [OID.sha384WithRsa]: { hash: 'sha384', keyType: 'rsa' },
  [OID.sha512WithRsa]: { hash: 'sha512', keyType: 'rsa' },
  [OID.ecdsaWithSha1]: { hash: 'sha1', keyType: 'ec' },
  [OID.ecdsaWithSha256]: { hash: 'sha256', keyType: 'ec' },
  [OID.ecdsaWithSha384]: { hash: 'sha384', keyType: 'ec' },
  [OID.ecdsaWithSha512]: { hash: 'sha512', keyType: 'ec' },
};

const issuedByCache = new Map<string, boolean>();

/** Whether the certificate's signature algorithm is one this verifier (and Windows) accepts. */
export function signatureAlgorithmAccepted(cert: CertificateInfo): boolean {
  return SIGNATURE_ALGORITHMS[cert.signatureAlgorithm] !== undefined;
}

/**
 * Whether `issuer` signed `cert` (names chain and the signature verifies). Results are cached
 * across calls; the oldest entries make room, so a chain search in progress (which keeps its own
 * memo too) never loses what it computed.
 */
export function isIssuedBy(cert: CertificateInfo, issuer: CertificateInfo): boolean {
  if (!cert.issuerName.equals(issuer.subjectName)) return false;
  const key = `${cert.thumbprint}/${issuer.thumbprint}`;
  let ok = issuedByCache.get(key);
  if (ok === undefined) {
    const algorithm = SIGNATURE_ALGORITHMS[cert.signatureAlgorithm];
    // Never hand OpenSSL a key of the wrong type: the error it queues surfaces in later calls.
    if (algorithm === undefined || algorithm.keyType !== issuer.publicKey.asymmetricKeyType) {
      ok = false;
    } else {
      try {
        ok = crypto.verify(algorithm.hash, cert.tbs, issuer.publicKey, cert.signature);
      } catch {
        ok = false;
      }
    }
    if (issuedByCache.size >= CACHE_LIMIT) issuedByCache.delete(issuedByCache.keys().next().value!);
    issuedByCache.set(key, ok);
  }
  return ok;
}

export function isSelfSigned(cert: CertificateInfo): boolean {
  return cert.subjectName.equals(cert.issuerName) && isIssuedBy(cert, cert);
}

/** Certificates from PEM text (any number of CERTIFICATE blocks) or one DER certificate. */
export function readCertificates(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN')) {
    const out: Buffer[] = [];
    const re = /-----BEGIN (?:X509 )?CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END (?:X509 )?CERTIFICATE-----/g;
    for (let m; (m = re.exec(text)); ) out.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
    return out;
  }
  if (bytes.length > 0 && bytes[0] === 0x30) return [bytes];
  throw new DerError('neither PEM certificates nor a DER certificate');
}
