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
      // Other certificate choices (attribute certificates) are of no use here but allowed.
      if (cert.tag === 0x30) certificates.push(parseCertificate(cert.raw));
    }
    index++;
  }
  if (fields[index].tag === 0xa1) index++; // CRLs
  if (index !== fields.length - 1) throw new DerError('unexpected elements in SignedData');
  const signerInfos = fields[index].expectTag(0x31, 'signerInfos').children.map(parseSignerInfo);
  for (const signer of signerInfos) {
    if (!digestAlgorithms.includes(signer.digestAlgorithm)) throw new DerError("a signer's digest algorithm is not listed in digestAlgorithms");
  }
  return { version, contentType, signedContent, content, certificates, signerInfos };
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
