/**
 * The RFC 5280 section 6 rules for the certificates of a chain, as Windows (CryptoAPI) and OpenSSL
 * apply them to code signing: what any certificate in a path must be (below: certificateProblem),
 * what an issuer other than the trust anchor must be in addition (issuerProblem), and the one
 * rule that depends on the path (pathLengthProblem). Each returns the reason as a phrase that
 * follows the certificate's name ("it ..."), or undefined.
 *
 * Kept in-house rather than taken from a PKI library: see docs/signing.md ("Path validation").
 */
import { signatureAlgorithmAccepted, type CertificateInfo } from './certificate';
import { OID } from './oids';

/** Windows blocks RSA keys under 1,024 bits in every chain (weak key protection); OpenSSL's level 1 too. */
export const MIN_RSA_BITS = 1024;
/** Below this, a key is accepted with a warning (NIST and CA/Browser Forum minimum since 2013). */
export const WARN_RSA_BITS = 2048;

/**
 * Extensions whose meaning this verifier applies, or which only inform (so that a critical one
 * may be accepted, RFC 5280 4.2). Name constraints and policy constraints/mappings are not
 * applied: a certificate marking one of them critical is refused (Windows would apply them).
 */
const UNDERSTOOD_EXTENSIONS = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.subjectAltName,
  OID.issuerAltName,
  // No particular policy is required (the initial policy set is anyPolicy), so the policies
  // a certificate lists restrict nothing here.
  OID.certificatePolicies,
  // Revocation information: revocation is not checked (no network), as documented.
  OID.cRLDistributionPoints,
  OID.freshestCRL,
  OID.authorityInfoAccess,
]);

/** What disqualifies a certificate anywhere in a chain (the anchor excepted). */
export function certificateProblem(c: CertificateInfo): string | undefined {
  if (c.problems.length > 0) return c.problems[0];
  const unknown = c.criticalExtensions.find((id) => !UNDERSTOOD_EXTENSIONS.has(id));
  if (unknown) return `has the critical extension ${unknown}, which is not understood`;
  if (!signatureAlgorithmAccepted(c)) return `is signed with the algorithm ${c.signatureAlgorithm}, which is not accepted (RSA PKCS#1 v1.5 or ECDSA with SHA-1/SHA-2 only)`;
  if (c.rsaBits !== undefined && c.rsaBits < MIN_RSA_BITS) return `has a ${c.rsaBits}-bit RSA key (Windows refuses keys under ${MIN_RSA_BITS} bits)`;
  return undefined;
}

/** What disqualifies a certificate as the issuer of another, unless it is the trust anchor (RFC 5280 6.1.4 (k), (n)). */
export function issuerProblem(c: CertificateInfo): string | undefined {
  const general = certificateProblem(c);
  if (general) return general;
  if (c.version !== 3) return `is an X.509 v${c.version} certificate, which cannot be a CA (no basicConstraints)`;
  if (c.isCA === undefined) return 'has no basicConstraints extension, so it is no CA';
  if (!c.isCA) return 'is no CA (basicConstraints CA:FALSE)';
  if (c.keyUsage && !c.keyUsage.keyCertSign) return 'has a key usage without keyCertSign';
  return undefined;
}

/** RFC 5280 6.1.4 (l), (m): `below` non-self-issued intermediates follow this CA in the path. */
export function pathLengthProblem(c: CertificateInfo, below: number): string | undefined {
  if (c.pathLenConstraint !== undefined && below > c.pathLenConstraint) {
    return `allows ${c.pathLenConstraint} intermediate CA(s) below it (pathLenConstraint), but the path has ${below}`;
  }
  return undefined;
}

/** A warning for a key that is accepted but weak. */
export function keyWarning(c: CertificateInfo): string | undefined {
  if (c.rsaBits !== undefined && c.rsaBits < WARN_RSA_BITS) {
    return `The certificate '${c.subject}' has a ${c.rsaBits}-bit RSA key: accepted, but keys under ${WARN_RSA_BITS} bits are weak.`;
  }
  return undefined;
}
