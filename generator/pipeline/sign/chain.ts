/**
 * Certificate chains for verification: from a signer to one of the caller's trusted roots,
 * through the certificates the signature carries, validated as RFC 5280 section 6 asks for every
 * certificate but the trust anchor (see pathRules.ts). Revocation is not checked (no network).
 *
 * The search is breadth-first with one visited set for the whole search: each certificate is
 * expanded at most once, so the work grows with the number of certificates, whatever their names
 * and keys (a signature carrying many certificates that all issue each other stays cheap). A cap
 * on the signatures checked bounds what is left; reaching it gives no chain and says so.
 */
import { isIssuedBy, isSelfSigned, parseCertificate, readCertificates, type CertificateInfo } from './certificate';
import { OID } from './oids';
import { certificateProblem, issuerProblem, keyWarning, pathLengthProblem } from './pathRules';

/** Longest chain considered, anchor included (Windows and OpenSSL allow more; no real code-signing chain is longer). */
export const MAX_CHAIN_LENGTH = 8;
/** Most signature checks one chain search may do. */
export const MAX_CHAIN_SIGNATURE_CHECKS = 256;

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

export interface ChainResult {
  /** `[leaf, ..., anchor]` when one validates. */
  readonly chain?: CertificateInfo[];
  /** Why there is none: the first rule a candidate issuer broke, or that the search limit was hit. */
  readonly problem?: string;
  readonly limitReached: boolean;
  /** Signature checks done by this search (each pair at most once). */
  readonly signatureChecks: number;
  /** Certificates expanded (looked for issuers of). */
  readonly expanded: number;
  /** Weak but accepted keys in the chain (RSA under 2,048 bits). */
  readonly warnings: readonly string[];
}

interface Node {
  readonly cert: CertificateInfo;
  readonly below?: Node;
}

/**
 * The chain from `leaf` to an anchor: a self-signed certificate in `roots`. A self-signed signer in
 * `roots` is its own chain. As on Windows and in OpenSSL, a certificate that is not self-signed
 * is no anchor, even when given as a root: it can only serve as an intermediate.
 */
export function buildChain(leaf: CertificateInfo, pool: readonly CertificateInfo[], roots: readonly CertificateInfo[]): ChainResult {
  let signatureChecks = 0;
  let expanded = 0;
  let limitReached = false;
  let firstProblem: string | undefined;
  const note = (why: string): void => {
    firstProblem ??= why;
  };
  const anchors = new Set(roots.filter(isSelfSigned).map((r) => r.thumbprint));
  const bySubject = new Map<string, CertificateInfo[]>();
  const seenCandidates = new Set<string>();
  for (const c of [...roots, ...pool]) {
    if (seenCandidates.has(c.thumbprint)) continue;
    seenCandidates.add(c.thumbprint);
    const key = c.subjectName.toString('latin1');
    bySubject.set(key, [...(bySubject.get(key) ?? []), c]);
  }
  const done = (node: Node): ChainResult => {
    const chain: CertificateInfo[] = [];
    for (let n: Node | undefined = node; n; n = n.below) chain.unshift(n.cert);
    const warnings = chain.map(keyWarning).filter((w): w is string => w !== undefined);
    return { chain, limitReached, signatureChecks, expanded, warnings };
  };
  const fail = (problem: string): ChainResult => ({ problem, limitReached, signatureChecks, expanded, warnings: [] });

  const leafProblem = certificateProblem(leaf);
  if (leafProblem) return fail(`the signer certificate '${leaf.subject}' ${leafProblem}`);
  const start: Node = { cert: leaf };
  if (anchors.has(leaf.thumbprint)) return done(start);

  const visited = new Set<string>([leaf.thumbprint]);
  const memo = new Map<string, boolean>();
  let layer: Node[] = [start];
  for (let length = 1; layer.length > 0 && length < MAX_CHAIN_LENGTH; length++) {
    const next: Node[] = [];
    for (const node of layer) {
      expanded++;
      const current = node.cert;
      for (const issuer of bySubject.get(current.issuerName.toString('latin1')) ?? []) {
        if (visited.has(issuer.thumbprint)) continue;
        // A key identifier that names another key spares a signature check (as CryptoAPI and OpenSSL do).
        if (current.authorityKeyId && issuer.subjectKeyId && !current.authorityKeyId.equals(issuer.subjectKeyId)) continue;
        const pair = `${current.thumbprint}/${issuer.thumbprint}`;
        let signed = memo.get(pair);
        if (signed === undefined) {
          if (signatureChecks >= MAX_CHAIN_SIGNATURE_CHECKS) {
            limitReached = true;
            return fail(`chain search limit reached (${MAX_CHAIN_SIGNATURE_CHECKS} signature checks)`);
          }
          signatureChecks++;
          signed = isIssuedBy(current, issuer);
          memo.set(pair, signed);
        }
        if (!signed) continue;
        const isAnchor = anchors.has(issuer.thumbprint);
        const why = isAnchor ? undefined : (issuerProblem(issuer) ?? pathLengthProblem(issuer, intermediatesBelow(node)));
        if (why) {
          note(`'${issuer.subject}' cannot issue '${current.subject}': it ${why}`);
          continue;
        }
        const extended: Node = { cert: issuer, below: node };
        if (isAnchor) return done(extended);
        visited.add(issuer.thumbprint);
        next.push(extended);
      }
    }
    layer = next;
  }
  return fail(firstProblem ?? (roots.length === 0 ? 'no trusted root certificate was given' : 'it does not chain to any of the trusted roots'));
}

/** The non-self-issued intermediates between `node` (included, unless it is the leaf) and the leaf (RFC 5280 6.1.4 (l)). */
function intermediatesBelow(node: Node): number {
  let count = 0;
  for (let n: Node | undefined = node; n?.below; n = n.below) {
    if (!n.cert.subjectName.equals(n.cert.issuerName)) count++;
  }
  return count;
}

/** The chain alone, for callers that only need it (undefined when none validates). */
export function buildTrustedChain(leaf: CertificateInfo, pool: readonly CertificateInfo[], roots: readonly CertificateInfo[]): CertificateInfo[] | undefined {
  return buildChain(leaf, pool, roots).chain;
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
