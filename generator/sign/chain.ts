/**
 * Certificate chains for verification: from a signer to one of the caller's trusted roots,
 * through the certificates the signature carries. Revocation is not checked (no network).
 */
import { isIssuedBy, isSelfSigned, parseCertificate, readCertificates, type CertificateInfo } from './certificate';
import { OID } from './oids';

const MAX_DEPTH = 8;

const parsedRoots = new WeakMap<Buffer, CertificateInfo[]>();

/**
 * Trusted roots given as DER or PEM buffers (a PEM buffer may hold several certificates); parsed
 * once per buffer, since verifying a folder passes the same roots for every file.
 */
export function parseTrustedRoots(roots: readonly Buffer[] | undefined): CertificateInfo[] {
  return (roots ?? []).flatMap((buffer) => {
    let parsed = parsedRoots.get(buffer);
    if (!parsed) {
      parsed = readCertificates(buffer).map((der) => parseCertificate(der));
      parsedRoots.set(buffer, parsed);
    }
    return parsed;
  });
}

/**
 * The chain `[leaf, ..., anchor]` where the anchor is a self-signed certificate in `roots`, or
 * undefined. A self-signed signer in `roots` is its own chain. As on Windows and in OpenSSL, a
 * certificate that is not self-signed is no anchor, even when given as a root: it can only serve
 * as an intermediate.
 */
export function buildTrustedChain(leaf: CertificateInfo, pool: readonly CertificateInfo[], roots: readonly CertificateInfo[]): CertificateInfo[] | undefined {
  const anchors = roots.filter(isSelfSigned);
  const isRoot = (c: CertificateInfo): boolean => anchors.some((r) => r.der.equals(c.der));
  const candidates = [...roots, ...pool];
  const search = (chain: CertificateInfo[]): CertificateInfo[] | undefined => {
    const current = chain[chain.length - 1];
    if (isRoot(current)) return chain;
    if (chain.length >= MAX_DEPTH) return undefined;
    for (const issuer of candidates) {
      if (chain.some((c) => c.der.equals(issuer.der)) || !canIssue(issuer) || !isIssuedBy(current, issuer)) continue;
      const found = search([...chain, issuer]);
      if (found) return found;
    }
    return undefined;
  };
  return search([leaf]);
}

/** An issuer must not say it is an end entity (basicConstraints cA false, or no keyCertSign). */
function canIssue(c: CertificateInfo): boolean {
  return c.isCA !== false && (c.keyUsage === undefined || c.keyUsage.keyCertSign);
}

/** Whether every certificate in the chain allows `purpose` (an EKU list, when present, must name it). */
export function chainAllowsPurpose(chain: readonly CertificateInfo[], purpose: string): { ok: true } | { ok: false; subject: string } {
  for (const [i, c] of chain.entries()) {
    const eku = c.extKeyUsage;
    const ok = i === 0 ? eku?.includes(purpose) === true : eku === undefined || eku.includes(purpose) || eku.includes(OID.anyExtendedKeyUsage);
    if (!ok) return { ok: false, subject: c.subject };
  }
  return { ok: true };
}

export type ValidityProblem = { kind: 'Expired' | 'NotYetValid'; certificate: CertificateInfo };

/** The first certificate of the chain not valid at `at`. */
export function chainValidityProblem(chain: readonly CertificateInfo[], at: Date): ValidityProblem | undefined {
  for (const c of chain) {
    if (at > c.notAfter) return { kind: 'Expired', certificate: c };
    if (at < c.notBefore) return { kind: 'NotYetValid', certificate: c };
  }
  return undefined;
}
