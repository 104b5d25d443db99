/**
 * The Authenticode CMS SignedData for PowerShell files (see /work/shared/docs/authenticode.md):
 * SpcIndirectDataContent carrying SpcSipInfo and the file digest, one SignerInfo with the signed
 * attributes Windows expects. Everything that depends only on the identity is encoded once.
 * Output is deterministic for RSA keys: DER with sorted SETs, and PKCS#1 v1.5 has no randomness.
 */
import crypto from 'node:crypto';
import {
  algorithmIdentifier,
  bmpString,
  Der,
  explicit,
  integer,
  objectIdentifier,
  octetString,
  sequence,
  setOf,
  time,
  tlv,
} from './der';
import { parseCertificate } from './certificate';
import { SignError } from './errors';
import type { SigningIdentity } from './identity';
import { OID } from './oids';
import { remoteSignature } from './remoteKey';

/** The PowerShell SIP's GUID {603BCC1F-4B59-4E08-B724-D2C6297EF351}, in its byte order. */
const POWERSHELL_SIP_GUID = Buffer.from('1fcc3b60594b084eb724d2c6297ef351', 'hex');

const SHA256_ALGORITHM = algorithmIdentifier(OID.sha256, null);

/** SpcAttributeTypeAndOptionalValue { SPC_SIPINFO, SpcSipInfo }: the same for every PowerShell file. */
const SIP_INFO = sequence(
  objectIdentifier(OID.spcSipInfo),
  sequence(integer(0x10000), octetString(POWERSHELL_SIP_GUID), integer(0), integer(0), integer(0), integer(0), integer(0)),
);

const CONTENT_TYPE_ATTRIBUTE = attribute(OID.contentType, objectIdentifier(OID.spcIndirectData));
const STATEMENT_TYPE_ATTRIBUTE = attribute(OID.spcStatementType, sequence(objectIdentifier(OID.spcIndividualCodeSigning)));

function attribute(type: string, value: Buffer): Buffer {
  return sequence(objectIdentifier(type), setOf([value]));
}

interface PreparedSigner {
  readonly certificates: Buffer;
  readonly signerIdentifier: Buffer;
  readonly signatureAlgorithm: Buffer;
  readonly signOptions?: crypto.KeyObject | crypto.SignKeyObjectInput;
  readonly certificateKey: crypto.KeyObject;
}

const prepared = new WeakMap<SigningIdentity, PreparedSigner>();

function prepare(identity: SigningIdentity): PreparedSigner {
  let p = prepared.get(identity);
  if (!p) {
    const signer = parseCertificate(identity.certificate);
    p = {
      certificates: setOf([identity.certificate, ...identity.chain], 0xa0),
      signerIdentifier: sequence(signer.issuerName, signer.serialNumber),
      signatureAlgorithm:
        identity.keyType === 'ec' ? algorithmIdentifier(OID.ecdsaWithSha256, undefined) : algorithmIdentifier(OID.rsaEncryption, null),
      signOptions: identity.privateKey && (identity.keyType === 'ec' ? { key: identity.privateKey, dsaEncoding: 'der' } : identity.privateKey),
      certificateKey: signer.publicKey,
    };
    prepared.set(identity, p);
  }
  return p;
}

export interface AuthenticodeSignatureOptions {
  readonly signingTime: Date;
  /** Program name shown by Windows (SpcSpOpusInfo). */
  readonly description?: string;
  /** "More information" link (SpcSpOpusInfo), ASCII. */
  readonly url?: string;
  /**
   * Called with the SignerInfo's signature value; returns unsigned attributes to add (a
   * timestamp), or none.
   */
  readonly unsignedAttributes?: (signature: Buffer) => Promise<Buffer[]>;
}

/** The DER ContentInfo (SignedData) that goes, base64, into the signature block. */
export async function createAuthenticodeSignature(identity: SigningIdentity, fileDigest: Buffer, options: AuthenticodeSignatureOptions, label = 'the file'): Promise<Buffer> {
  const p = prepare(identity);
  const indirectData = sequence(SIP_INFO, sequence(SHA256_ALGORITHM, octetString(fileDigest)));
  // messageDigest covers the content octets of SpcIndirectDataContent: no outer tag and length.
  const contentOctets = new Der(indirectData).content;
  const attributes = [
    CONTENT_TYPE_ATTRIBUTE,
    attribute(OID.signingTime, time(options.signingTime)),
    STATEMENT_TYPE_ATTRIBUTE,
    attribute(OID.messageDigest, octetString(crypto.createHash('sha256').update(contentOctets).digest())),
  ];
  if (options.description !== undefined || options.url !== undefined) attributes.push(opusInfoAttribute(options.description, options.url));
  const signedAttributes = setOf(attributes);
  const signature = p.signOptions ? await signAsync(signedAttributes, p.signOptions) : await signRemotely(identity, signedAttributes, p.certificateKey, label);

  const unsigned = options.unsignedAttributes ? await options.unsignedAttributes(signature) : [];
  const signerInfo = sequence(
    integer(1),
    p.signerIdentifier,
    SHA256_ALGORITHM,
    tlv(0xa0, new Der(signedAttributes).content), // the same SET, as [0] IMPLICIT
    p.signatureAlgorithm,
    octetString(signature),
    ...(unsigned.length > 0 ? [setOf(unsigned, 0xa1)] : []),
  );
  const signedData = sequence(
    integer(1),
    setOf([SHA256_ALGORITHM]),
    sequence(objectIdentifier(OID.spcIndirectData), explicit(0, indirectData)),
    p.certificates,
    setOf([signerInfo]),
  );
  return sequence(objectIdentifier(OID.signedData), explicit(0, signedData));
}

function opusInfoAttribute(description: string | undefined, url: string | undefined): Buffer {
  const fields: Buffer[] = [];
  // programName [0] EXPLICIT SpcString.unicode [0] IMPLICIT BMPString, as signtool writes it;
  // moreInfo [1] EXPLICIT SpcLink.url [0] IMPLICIT IA5String.
  if (description !== undefined) fields.push(explicit(0, bmpString(description, 0x80)));
  if (url !== undefined) fields.push(explicit(1, tlv(0x80, Buffer.from(url, 'ascii'))));
  return attribute(OID.spcSpOpusInfo, sequence(...fields));
}

async function signRemotely(identity: SigningIdentity, signedAttributes: Buffer, certificateKey: crypto.KeyObject, label: string): Promise<Buffer> {
  const remote = identity.remoteKey!;
  const signature = await remoteSignature(remote, signedAttributes, certificateKey, label);
  if (!signature) throw new SignError('FF5054', [remote.description, label, identity.subject]);
  return signature;
}

/** Signs on the libuv thread pool, so that a build signing many files uses every core. */
function signAsync(data: Buffer, key: crypto.KeyObject | crypto.SignKeyObjectInput): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.sign('sha256', data, key, (error, signature) => (error ? reject(error) : resolve(signature)));
  });
}
