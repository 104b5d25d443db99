// Chain building stays linear for any input: the 16-certificate "Loop CA" file (every CA issues
// every other with one key) and its TSA twin, counted in signature checks, not timed (timing is
// bench/sign.bench.ts's business).
import { buildChain, MAX_CHAIN_SIGNATURE_CHECKS } from '../../generator/pipeline/sign/chain';
import { parseCertificate, type CertificateInfo } from '../../generator/pipeline/sign/certificate';
import { Der } from '../../generator/pipeline/sign/der';
import { OID } from '../../generator/pipeline/sign/oids';
import { parseSignedData } from '../../generator/pipeline/sign/signedData';
import { verifyPowerShellFile } from '../../generator/pipeline/sign';
import { caExtensions, certificate, contentInfoOf, ecKey, ext, forgeSignedFile, identityOf, leafExtensions, timestampAttribute, timestampToken, type Forged } from './support/forge';

const SCRIPT = Buffer.from('Write-Output "loop"\r\n');
const NOW = new Date('2026-06-01T00:00:00Z');

/** `n` CAs all named "CN=Loop CA" with one key: each verifies as the issuer of every other. */
function loop(n: number): { cas: Forged[]; key: ReturnType<typeof ecKey> } {
  const key = ecKey();
  const seed = certificate({ subject: 'Loop CA', key, extensions: caExtensions(key) });
  const cas = Array.from({ length: n }, () => certificate({ subject: 'Loop CA', key, issuer: seed, extensions: caExtensions(key, seed) }));
  return { cas, key };
}

const unrelatedKey = ecKey();
const unrelatedRoot = certificate({ subject: 'Unrelated Root', key: unrelatedKey, extensions: caExtensions(unrelatedKey) });

const parsed = (list: readonly Forged[]): CertificateInfo[] => list.map((c) => parseCertificate(c.der));

it('the 16-certificate loop file is NotTrusted after at most one signature check per certificate', async () => {
  const { cas } = loop(16);
  const signer = certificate({ subject: 'Loop Signer', issuer: cas[0], extensions: leafExtensions(ecKey(), cas[0]) });
  const file = await forgeSignedFile(SCRIPT, 'loop.ps1', identityOf(signer, cas));
  expect(file.length).toBeLessThan(16_000);
  const r = await verifyPowerShellFile(file, 'loop.ps1', { trustedRoots: [unrelatedRoot.der], now: NOW });
  expect(r.status).toBe('NotTrusted');

  const signed = parseSignedData(Der.parse(contentInfoOf(file)));
  const result = buildChain(parseCertificate(signer.der), signed.certificates, parsed([unrelatedRoot]));
  expect(result.chain).toBeUndefined();
  expect(result.limitReached).toBe(false);
  expect(result.signatureChecks).toBeLessThanOrEqual(cas.length);
  expect(result.expanded).toBeLessThanOrEqual(cas.length + 1);
});

it('grows linearly: 64 loop CAs cost at most 64 signature checks', () => {
  const { cas } = loop(64);
  const signer = certificate({ subject: 'Loop Signer', issuer: cas[0], extensions: leafExtensions(ecKey(), cas[0]) });
  const result = buildChain(parseCertificate(signer.der), parsed(cas), parsed([unrelatedRoot]));
  expect(result.signatureChecks).toBeLessThanOrEqual(64);
  expect(result.expanded).toBeLessThanOrEqual(65);
});

it('still finds the real chain through a loop', () => {
  const { cas, key } = loop(16);
  const anchor = certificate({ subject: 'Loop CA', key, extensions: caExtensions(key) });
  const signer = certificate({ subject: 'Loop Signer', issuer: cas[3], extensions: leafExtensions(ecKey(), cas[3]) });
  const result = buildChain(parseCertificate(signer.der), parsed(cas), parsed([anchor]));
  expect(result.chain?.map((c) => c.subject)).toEqual(['CN=Loop Signer', 'CN=Loop CA']);
  expect(result.chain?.[1].der.equals(anchor.der)).toBe(true);
});

it('stops at the work cap with "chain search limit reached"', async () => {
  // Many same-named candidates whose key never verifies: each costs a check, none is visited.
  const wrongKey = ecKey();
  const decoys = Array.from({ length: MAX_CHAIN_SIGNATURE_CHECKS + 20 }, () => certificate({ subject: 'Decoy CA', key: wrongKey, extensions: caExtensions(wrongKey) }));
  const realKey = ecKey();
  const real = certificate({ subject: 'Decoy CA', key: realKey, extensions: caExtensions(realKey) });
  // No key identifiers on the leaf, so no check can be skipped.
  const signer = certificate({ subject: 'Decoy Signer', issuer: real, extensions: [ext.basicConstraints(false, undefined, false), ext.keyUsage(['digitalSignature']), ext.eku([OID.codeSigning])] });
  const result = buildChain(parseCertificate(signer.der), parsed(decoys), parsed([unrelatedRoot]));
  expect(result.limitReached).toBe(true);
  expect(result.problem).toMatch(/chain search limit reached/);
  expect(result.signatureChecks).toBe(MAX_CHAIN_SIGNATURE_CHECKS);
  const file = await forgeSignedFile(SCRIPT, 'decoy.ps1', identityOf(signer, decoys));
  const r = await verifyPowerShellFile(file, 'decoy.ps1', { trustedRoots: [unrelatedRoot.der], now: NOW });
  expect(r.status).toBe('NotTrusted');
  expect(r.message).toMatch(/chain search limit reached/);
});

it('bounds TSA chains the same way: a looped TSA is ignored after linear work', async () => {
  const { cas } = loop(16);
  const tsa = certificate({
    subject: 'Loop TSA',
    issuer: cas[0],
    extensions: [ext.basicConstraints(false, undefined, false), ext.keyUsage(['digitalSignature']), ext.eku([OID.timeStamping], true)],
  });
  const rootKey = ecKey();
  const root = certificate({ subject: 'Signer Root', key: rootKey, extensions: caExtensions(rootKey) });
  const signer = certificate({ subject: 'Stamped Signer', issuer: root, extensions: leafExtensions(ecKey(), root) });
  let token: Buffer | undefined;
  const file = await forgeSignedFile(SCRIPT, 'tsa.ps1', identityOf(signer, []), async (signature) => {
    token = timestampToken(signature, tsa, cas);
    return [timestampAttribute(token)];
  });
  const r = await verifyPowerShellFile(file, 'tsa.ps1', { trustedRoots: [root.der], now: NOW });
  expect(r.status).toBe('Valid');
  expect(r.timestamp).toBeUndefined();
  expect(r.message).toMatch(/timestamp was ignored: the TSA certificate 'CN=Loop TSA' is not trusted/);
  const tokenCerts = parseSignedData(Der.parse(token!)).certificates;
  const result = buildChain(parseCertificate(tsa.der), tokenCerts, parsed([root]));
  expect(result.signatureChecks).toBeLessThanOrEqual(cas.length);
});
