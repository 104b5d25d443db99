/**
 * Reading CMS / PKCS#7 SignedData and checking one SignerInfo against the bytes it signs. Shared
 * by the Authenticode verifier, the timestamp token check and the legacy countersignature.
 */
import crypto from 'node:crypto';
import { parseCertificate, type CertificateInfo } from './certificate';
import { Der, DerError } from './der';
import { DIGESTS, OID } from './oids';

export interface SignerInfo {
  readonly version: number;
  readonly issuerName?: Buffer;
  readonly serialNumber?: Buffer;
  readonly subjectKeyId?: Buffer;
  readonly digestAlgorithm: string;
  /** The signed attributes as they were signed: the `[0]` element re-tagged as a SET. */
  readonly signedAttributesDer?: Buffer;
  readonly signedAttributes: ReadonlyMap<string, Der[]>;
  readonly unsignedAttributes: ReadonlyMap<string, Der[]>;
  readonly signatureAlgorithm: string;
  readonly signature: Buffer;
}

export interface SignedData {
  readonly version: number;
  readonly contentType: string;
  /** The bytes the signer's messageDigest covers (content octets of the encapsulated content). */
  readonly signedContent: Buffer;
  /** The encapsulated content element itself. */
  readonly content: Der;
  readonly certificates: readonly CertificateInfo[];
  readonly signerInfos: readonly SignerInfo[];
}

function expectCount(node: Der, min: number, max: number, what: string): Der[] {
  const n = node.children.length;
  if (n < min || n > max) throw new DerError(`${what} at offset ${node.start} has ${n} element(s)`);
  return node.children;
}

/** An AlgorithmIdentifier whose parameters are absent or NULL (all the algorithms used here). */
function algorithmOid(node: Der, what: string): string {
  const [oid, params] = expectCount(node.expectTag(0x30, what), 1, 2, what);
  if (params && (params.tag !== 0x05 || params.content.length !== 0)) throw new DerError(`unexpected parameters in ${what} at offset ${params.start}`);
  return oid.oid();
}

/**
 * Parses a ContentInfo holding SignedData. Strict about structure, including the parts no
 * signature covers, so that a changed byte anywhere is noticed. Throws DerError.
 */
export function parseSignedData(contentInfo: Der): SignedData {
  const [type, wrapped] = expectCount(contentInfo.expectTag(0x30, 'ContentInfo'), 2, 2, 'ContentInfo');
  if (type.oid() !== OID.signedData) throw new DerError('the ContentInfo is not SignedData');
  const [signedData] = expectCount(wrapped.expectTag(0xa0, '[0] content'), 1, 1, '[0] content');
  const fields = expectCount(signedData.expectTag(0x30, 'SignedData'), 4, 6, 'SignedData');
  const version = fields[0].smallInteger();
  const digestAlgorithms = fields[1].expectTag(0x31, 'digestAlgorithms').children.map((a) => algorithmOid(a, 'digest algorithm'));
  const encapsulated = expectCount(fields[2].expectTag(0x30, 'EncapsulatedContentInfo'), 1, 2, 'EncapsulatedContentInfo');
  const contentType = encapsulated[0].oid();
  if (!encapsulated[1]) throw new DerError('the SignedData has no content (detached signatures are not supported)');
  const [content] = expectCount(encapsulated[1].expectTag(0xa0, '[0] eContent'), 1, 1, '[0] eContent');
  // CMS wraps content in an OCTET STRING; PKCS#7 (Authenticode) embeds the value: either way the
  // digest covers the content octets.
  const signedContent = content.tag === 0x04 || content.tag === 0x24 ? content.bytes() : content.content;

  const certificates: CertificateInfo[] = [];
  let index = 3;
  if (fields[index].tag === 0xa0) {
    for (const cert of fields[index].children) {
      // Other certificate choices (attribute certificates, other formats) are bytes nothing here
      // would check: refused, like any other unchecked part.
      if (cert.tag !== 0x30) throw new DerError(`a certificate of an unsupported kind (tag 0x${cert.tag.toString(16)}) at offset ${cert.start}`);
      certificates.push(parseCertificate(cert.raw));
    }
    index++;
  }
  if (fields[index].tag === 0xa1) {
    for (const crl of fields[index].children) checkCrl(crl, certificates);
    index++;
  }
  if (index !== fields.length - 1) throw new DerError('unexpected elements in SignedData');
  const signerInfos = fields[index].expectTag(0x31, 'signerInfos').children.map(parseSignerInfo);
  for (const signer of signerInfos) {
    if (!digestAlgorithms.includes(signer.digestAlgorithm)) throw new DerError("a signer's digest algorithm is not listed in digestAlgorithms");
  }
  return { version, contentType, signedContent, content, certificates, signerInfos };
}

/**
 * A CRL carried in SignedData: revocation is not checked (no network), but no byte goes
 * unchecked either: it must be a well-formed CertificateList (RFC 5280 5.1) signed by a
 * certificate the SignedData carries.
 */
function checkCrl(crl: Der, certificates: readonly CertificateInfo[]): void {
  const where = `the CRL at offset ${crl.start}`;
  try {
    const [tbs, algorithm, signatureValue] = expectCount(crl.expectTag(0x30, 'CertificateList'), 3, 3, 'CertificateList');
    const fields = tbs.expectTag(0x30, 'TBSCertList').children;
    let i = fields[0]?.tag === 0x02 ? 1 : 0;
    if (i === 1 && fields[0].smallInteger() !== 1) throw new DerError('unsupported CRL version');
    if (!fields[i].raw.equals(algorithm.raw)) throw new DerError('its signature algorithm differs from the one in its TBS');
    const issuer = fields[++i].expectTag(0x30, 'issuer');
    fields[++i].time(); // thisUpdate
    const bits = signatureValue.expectTag(0x03, 'signature').content;
    if (bits[0] !== 0) throw new DerError('its signature has unused bits');
    const hash = CRL_SIGNATURES[algorithm.child(0).oid()];
    if (!hash) throw new DerError(`unsupported CRL signature algorithm ${algorithm.child(0).oid()}`);
    const signer = certificates.find((c) => c.subjectName.equals(issuer.raw) && verifiesWith(hash, tbs.raw, c, bits.subarray(1)));
    if (!signer) throw new DerError('no certificate in the signature signed it');
  } catch (e) {
    throw new DerError(`${where} is not a valid CRL: ${(e as Error).message}`);
  }
}

const CRL_SIGNATURES: Readonly<Record<string, string>> = {
  [OID.sha1WithRsa]: 'sha1',
  [OID.sha256WithRsa]: 'sha256',
  [OID.sha384WithRsa]: 'sha384',
  [OID.sha512WithRsa]: 'sha512',
  [OID.ecdsaWithSha1]: 'sha1',
  [OID.ecdsaWithSha256]: 'sha256',
  [OID.ecdsaWithSha384]: 'sha384',
  [OID.ecdsaWithSha512]: 'sha512',
};

function verifiesWith(hash: string, data: Buffer, c: CertificateInfo, signature: Buffer): boolean {
  try {
    const key = c.publicKey.asymmetricKeyType === 'ec' ? { key: c.publicKey, dsaEncoding: 'der' as const } : c.publicKey;
    return crypto.verify(hash, data, key, signature);
  } catch {
    return false;
  }
}

export function parseSignerInfo(node: Der): SignerInfo {
  const f = expectCount(node.expectTag(0x30, 'SignerInfo'), 5, 7, 'SignerInfo');
  const version = f[0].smallInteger();
  const sid = f[1];
  let issuerName: Buffer | undefined;
  let serialNumber: Buffer | undefined;
  let subjectKeyId: Buffer | undefined;
  if (sid.tag === 0x30 && version === 1) {
    const [issuer, serial] = expectCount(sid, 2, 2, 'IssuerAndSerialNumber');
    issuerName = issuer.expectTag(0x30, 'issuer').raw;
    serialNumber = serial.expectTag(0x02, 'serialNumber').raw;
  } else if (sid.tag === 0x80 && version === 3) {
    subjectKeyId = sid.content;
  } else {
    throw new DerError(`unsupported signer identifier for SignerInfo version ${version}`);
  }
  const digestAlgorithm = algorithmOid(f[2], 'digest algorithm');
  let i = 3;
  let signedAttributesDer: Buffer | undefined;
  let signedAttributes = new Map<string, Der[]>();
  if (f[i].tag === 0xa0) {
    signedAttributesDer = Buffer.concat([Buffer.from([0x31]), f[i].raw.subarray(1)]);
    signedAttributes = readAttributes(f[i]);
    i++;
  }
  const signatureAlgorithm = algorithmOid(f[i++], 'signature algorithm');
  const signature = f[i++].expectTag(0x04, 'signature').bytes();
  let unsignedAttributes = new Map<string, Der[]>();
  if (f[i]?.tag === 0xa1) unsignedAttributes = readAttributes(f[i++]);
  if (i !== f.length) throw new DerError('unexpected elements in SignerInfo');
  return { version, issuerName, serialNumber, subjectKeyId, digestAlgorithm, signedAttributesDer, signedAttributes, unsignedAttributes, signatureAlgorithm, signature };
}

function readAttributes(set: Der): Map<string, Der[]> {
  const map = new Map<string, Der[]>();
  for (const attr of set.children) {
    const [type, values] = expectCount(attr.expectTag(0x30, 'Attribute'), 2, 2, 'Attribute');
    const id = type.oid();
    if (values.expectTag(0x31, 'attribute values').children.length === 0) throw new DerError(`attribute ${id} has no value`);
    map.set(id, [...(map.get(id) ?? []), ...values.children]);
  }
  return map;
}

export function findSignerCertificate(signer: SignerInfo, certificates: readonly CertificateInfo[]): CertificateInfo | undefined {
  return certificates.find((c) =>
    signer.subjectKeyId
      ? c.subjectKeyId?.equals(signer.subjectKeyId)
      : c.issuerName.equals(signer.issuerName!) && c.serialNumber.equals(signer.serialNumber!),
  );
}

export type SignerCheck =
  | { readonly ok: true; readonly hash: string }
  | { readonly ok: false; readonly unsupported: boolean; readonly reason: string };

const RSA_SIGNATURES = new Set<string>([OID.rsaEncryption, OID.sha1WithRsa, OID.sha256WithRsa, OID.sha384WithRsa, OID.sha512WithRsa]);
const EC_SIGNATURES = new Set<string>([OID.ecPublicKey, OID.ecdsaWithSha1, OID.ecdsaWithSha256, OID.ecdsaWithSha384, OID.ecdsaWithSha512]);

/**
 * Checks that `signer` signed `content`: the messageDigest (and contentType, when expected)
 * attributes, then the signature with the certificate's key.
 */
export function checkSignerInfo(signer: SignerInfo, content: Buffer, certificate: CertificateInfo, expectedContentType?: string): SignerCheck {
  const digest = DIGESTS[signer.digestAlgorithm];
  if (!digest) return { ok: false, unsupported: true, reason: `unsupported digest algorithm ${signer.digestAlgorithm}` };
  let signedBytes = content;
  if (signer.signedAttributesDer) {
    if (expectedContentType !== undefined) {
      const contentType = signer.signedAttributes.get(OID.contentType)?.[0];
      if (!contentType || contentType.oid() !== expectedContentType) return { ok: false, unsupported: false, reason: 'the contentType attribute does not match' };
    }
    const messageDigest = signer.signedAttributes.get(OID.messageDigest)?.[0];
    if (!messageDigest) return { ok: false, unsupported: false, reason: 'the messageDigest attribute is missing' };
    if (!crypto.createHash(digest.node).update(content).digest().equals(messageDigest.bytes())) {
      return { ok: false, unsupported: false, reason: 'the messageDigest attribute does not match the signed content' };
    }
    signedBytes = signer.signedAttributesDer;
  }
  let key: crypto.KeyObject | crypto.VerifyKeyObjectInput;
  const keyType = certificate.publicKey.asymmetricKeyType;
  if (RSA_SIGNATURES.has(signer.signatureAlgorithm) && keyType === 'rsa') key = certificate.publicKey;
  else if (EC_SIGNATURES.has(signer.signatureAlgorithm) && keyType === 'ec') key = { key: certificate.publicKey, dsaEncoding: 'der' };
  else return { ok: false, unsupported: true, reason: `unsupported signature algorithm ${signer.signatureAlgorithm} for a ${keyType} key` };
  let valid: boolean;
  try {
    valid = crypto.verify(digest.node, signedBytes, key, signer.signature);
  } catch {
    valid = false;
  }
  return valid ? { ok: true, hash: digest.node } : { ok: false, unsupported: false, reason: 'the signature does not verify with the signer certificate' };
}

/** The signingTime attribute, if any. */
export function signingTimeOf(signer: SignerInfo): Date | undefined {
  const value = signer.signedAttributes.get(OID.signingTime)?.[0];
  if (!value) return undefined;
  try {
    return value.time();
  } catch {
    return undefined;
  }
}
