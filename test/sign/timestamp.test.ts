/**
 * RFC 3161 timestamps against a local TSA (`openssl ts -reply` behind a Node HTTP server): a
 * timestamped signature outlives its certificate; an untimestamped one does not.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { loadSigningIdentity, SignError, signPowerShellFile, verifyPowerShellFile, type SigningIdentity } from '../../generator/pipeline/sign';
import { parseCertificate } from '../../generator/pipeline/sign/certificate';
import { algorithmIdentifier, Der, explicit, integer, objectIdentifier, octetString, sequence, setOf, time, tlv } from '../../generator/pipeline/sign/der';
import { OID } from '../../generator/pipeline/sign/oids';
import { osslsigncode } from './support/osslsigncode';
import { createPki, makeTempDir, type Pki } from './support/pki';
import { sampleScript, utf16le } from './support/samples';
import { startTestTsa, type TestTsa } from './support/tsaServer';

let pki: Pki;
let work: string;
let tsa: TestTsa;
let identity: SigningIdentity;
let roots: Buffer[];
let stamped: Buffer;

/** After the signer certificate (365 days) expired, while the CAs and the TSA are still valid. */
const AFTER_EXPIRY = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);

beforeAll(async () => {
  pki = await createPki({ tsa: true });
  work = makeTempDir('timestamp');
  tsa = await startTestTsa(pki);
  identity = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
  roots = [pki.read('root.pem'), pki.read('tsaroot.pem')];
  stamped = await signPowerShellFile(Buffer.from(sampleScript('\r\n')), 'ts.ps1', identity, { timestampUrl: tsa.url });
}, 30_000);

afterAll(async () => {
  await tsa?.close();
  fs.rmSync(pki.dir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

it('signs with a timestamp that verifies', async () => {
  expect(tsa.requests()).toBeGreaterThan(0);
  const r = await verifyPowerShellFile(stamped, 'ts.ps1', { trustedRoots: roots });
  expect(r.status).toBe('Valid');
  expect(r.timestamp?.tsaSubject).toBe('CN=fixforge Test TSA');
  expect(Math.abs(Date.parse(r.timestamp!.time) - Date.now())).toBeLessThan(5 * 60 * 1000);
});

it('stays Valid after the signing certificate expired; an untimestamped signature is Expired', async () => {
  expect((await verifyPowerShellFile(stamped, 'ts.ps1', { trustedRoots: roots, now: AFTER_EXPIRY })).status).toBe('Valid');
  const plain = await signPowerShellFile(Buffer.from(sampleScript('\r\n')), 'ts.ps1', identity);
  const r = await verifyPowerShellFile(plain, 'ts.ps1', { trustedRoots: roots, now: AFTER_EXPIRY });
  expect(r.status).toBe('Expired');
  expect(r.message).toContain('no timestamp');
});

it('is accepted by osslsigncode with -TSA-CAfile, in UTF-8 and UTF-16LE', async () => {
  const utf16 = await signPowerShellFile(utf16le(sampleScript('\n', true)), 'ts16.psm1', identity, { timestampUrl: tsa.url });
  for (const [name, bytes] of [['ts.ps1', stamped], ['ts16.psm1', utf16]] as const) {
    fs.writeFileSync(path.join(work, name), bytes);
    const r = await osslsigncode(['verify', '-CAfile', pki.file('root.pem'), '-TSA-CAfile', pki.file('tsaroot.pem'), '-in', path.join(work, name)]);
    expect({ name, code: r.code }).toEqual({ name, code: 0 });
    expect(r.output).toContain('TSA\'s certificates file: ' + pki.file('tsaroot.pem'));
    expect(r.output).not.toContain('Timestamp is not available');
    // It judges validity at the timestamp: after expiry, only the right TSA root keeps it valid.
    const later = String(Math.floor(AFTER_EXPIRY.getTime() / 1000));
    const afterExpiry = await osslsigncode(['verify', '-CAfile', pki.file('root.pem'), '-TSA-CAfile', pki.file('tsaroot.pem'), '-time', later, '-in', path.join(work, name)]);
    expect(afterExpiry.code).toBe(0);
    const wrongTsaRoot = await osslsigncode(['verify', '-CAfile', pki.file('root.pem'), '-TSA-CAfile', pki.file('root.pem'), '-time', later, '-in', path.join(work, name)]);
    expect(wrongTsaRoot.code).not.toBe(0);
  }
});

it('verifies timestamps osslsigncode requested from the same TSA', async () => {
  const input = path.join(work, 'in.ps1');
  fs.writeFileSync(input, sampleScript('\n'));
  const out = path.join(work, 'o-ts.ps1');
  expect((await osslsigncode(['sign', '-certs', pki.file('chain.pem'), '-key', pki.file('leaf.key'), '-ts', tsa.url, '-in', input, '-out', out])).code).toBe(0);
  const r = await verifyPowerShellFile(fs.readFileSync(out), 'o-ts.ps1', { trustedRoots: roots, now: AFTER_EXPIRY });
  expect(r.status).toBe('Valid');
  expect(r.timestamp?.tsaSubject).toBe('CN=fixforge Test TSA');
});

it('ignores a timestamp from an untrusted TSA, and rejects a changed token', async () => {
  const untrusted = await verifyPowerShellFile(stamped, 'ts.ps1', { trustedRoots: [pki.read('root.pem')] });
  expect(untrusted.status).toBe('Valid');
  expect(untrusted.timestamp).toBeUndefined();
  expect(untrusted.message).toContain('The timestamp was ignored');
  const expired = await verifyPowerShellFile(stamped, 'ts.ps1', { trustedRoots: [pki.read('root.pem')], now: AFTER_EXPIRY });
  expect(expired.status).toBe('Expired');
  // Change one base64 character near the end of the block, inside the timestamp token: the middle
  // of the last full line of base64 (the last line may be short), which lies in the TSA's own
  // signature value at the end of the DER, never on a line's '# ' prefix or its line break.
  const text = stamped.toString('latin1');
  const lines = text.slice(0, text.lastIndexOf('# SIG # End')).split('\r\n');
  const full = lines.length - 3; // the line before the last one of base64 (the array ends with '')
  const at = lines.slice(0, full).join('\r\n').length + 2 + 2 + 32;
  expect(lines[full]).toMatch(/^# [A-Za-z0-9+/]{64}$/);
  const swapped = text[at] === 'A' ? 'B' : 'A';
  const changed = Buffer.from(text.slice(0, at) + swapped + text.slice(at + 1), 'latin1');
  const r = await verifyPowerShellFile(changed, 'ts.ps1', { trustedRoots: roots });
  expect(r.status).toBe('HashMismatch');
  expect(r.message).toContain('timestamp is broken');
});

it('fails with FF5014 when the TSA is down, and signs without it when the timestamp is optional', async () => {
  const down = http.createServer();
  await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(down.address() as AddressInfo).port}/`;
  await new Promise<void>((resolve) => down.close(() => resolve()));

  const content = Buffer.from(sampleScript('\r\n'));
  await expect(signPowerShellFile(content, 'd.ps1', identity, { timestampUrl: url })).rejects.toMatchObject({ code: 'FF5014' });
  const skipped: SignError[] = [];
  const signed = await signPowerShellFile(content, 'd.ps1', identity, { timestampUrl: url, timestampOptional: true, onTimestampSkipped: (e) => skipped.push(e) });
  expect(skipped.map((e) => e.code)).toEqual(['FF5014']);
  const r = await verifyPowerShellFile(signed, 'd.ps1', { trustedRoots: roots });
  expect(r.status).toBe('Valid');
  expect(r.timestamp).toBeUndefined();
});

it('fails with FF5015 when the TSA answers nonsense or an error', async () => {
  let answer: { status: number; body: Buffer } = { status: 200, body: Buffer.from('not DER') };
  const bad = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(answer.status, { 'Content-Type': 'application/timestamp-reply' }).end(answer.body));
  });
  await new Promise<void>((resolve) => bad.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(bad.address() as AddressInfo).port}/`;
  try {
    const content = Buffer.from(sampleScript('\r\n'));
    await expect(signPowerShellFile(content, 'b.ps1', identity, { timestampUrl: url })).rejects.toMatchObject({ code: 'FF5015' });
    // PKIStatus 2 (rejection) with a status string.
    answer = { status: 200, body: Buffer.from('3011300f020102300a0c08' + Buffer.from('busy now').toString('hex'), 'hex') };
    await expect(signPowerShellFile(content, 'b.ps1', identity, { timestampUrl: url })).rejects.toMatchObject({
      code: 'FF5015',
      message: expect.stringContaining('PKIStatus 2: busy now'),
    });
    answer = { status: 503, body: Buffer.alloc(0) };
    await expect(signPowerShellFile(content, 'b.ps1', identity, { timestampUrl: url })).rejects.toMatchObject({ code: 'FF5014', message: expect.stringContaining('503') });
  } finally {
    await new Promise<void>((resolve) => bad.close(() => resolve()));
  }
});

it('reads the time of tokens from osslsigncode\'s built-in TSA, and ignores one the TSA was not valid for', async () => {
  const input = path.join(work, 'builtin.ps1');
  fs.writeFileSync(input, sampleScript('\r\n'));
  const verifyAt = async (tsaTime: Date, name: string): Promise<Awaited<ReturnType<typeof verifyPowerShellFile>>> => {
    const out = path.join(work, name);
    const args = ['-TSA-certs', pki.file('tsa.pem'), '-TSA-key', pki.file('tsa.key'), '-TSA-time', String(Math.floor(tsaTime.getTime() / 1000))];
    expect((await osslsigncode(['sign', '-certs', pki.file('chain.pem'), '-key', pki.file('leaf.key'), ...args, '-in', input, '-out', out])).code).toBe(0);
    return verifyPowerShellFile(fs.readFileSync(out), name, { trustedRoots: roots });
  };
  const soon = new Date(Math.floor(Date.now() / 1000 + 3600) * 1000);
  const inTime = await verifyAt(soon, 'builtin-soon.ps1');
  expect(inTime.status).toBe('Valid');
  expect(inTime.timestamp?.time).toBe(soon.toISOString());
  // Before the TSA certificate existed: intact but not trustworthy, so validity is judged now.
  const early = await verifyAt(new Date(Date.now() - 2 * 24 * 3600 * 1000), 'builtin-early.ps1');
  expect(early.status).toBe('Valid');
  expect(early.timestamp).toBeUndefined();
  expect(early.message).toMatch(/timestamp was ignored: the TSA certificate .* was not valid/);
});

it('accepts a legacy Authenticode countersignature (1.2.840.113549.1.9.6), as osslsigncode does', async () => {
  const plain = await signPowerShellFile(Buffer.from(sampleScript('\r\n')), 'legacy.ps1', identity);
  const text = plain.toString('latin1');
  const blockAt = text.indexOf('\r\n# SIG # Begin signature block');
  const base64 = text.slice(blockAt + 2).split('\r\n').slice(1, -2).map((l) => l.slice(2)).join('');
  const contentInfo = new Der(Buffer.from(base64, 'base64'));
  const [version, digestAlgorithms, encapsulated, certificates, signerInfos] = contentInfo.child(1).child(0).children;
  const signerInfo = signerInfos.child(0);
  const signature = signerInfo.child(5).content;

  // The countersigner: a SignerInfo over the signature value, by the TSA, with signingTime.
  const tsaDer = Buffer.from(pki.read('tsa.pem').toString().replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const tsaCert = parseCertificate(tsaDer);
  const countersignedAt = new Date(Math.floor(Date.now() / 1000 + 600) * 1000);
  const attribute = (type: string, value: Buffer): Buffer => sequence(objectIdentifier(type), setOf([value]));
  const attributes = setOf([
    attribute(OID.contentType, objectIdentifier(OID.data)),
    attribute(OID.signingTime, time(countersignedAt)),
    attribute(OID.messageDigest, octetString(crypto.createHash('sha256').update(signature).digest())),
  ]);
  const counterSignerInfo = sequence(
    integer(1),
    sequence(tsaCert.issuerName, tsaCert.serialNumber),
    algorithmIdentifier(OID.sha256, null),
    tlv(0xa0, new Der(attributes).content),
    algorithmIdentifier(OID.rsaEncryption, null),
    octetString(crypto.sign('sha256', attributes, crypto.createPrivateKey(pki.read('tsa.key')))),
  );
  const countersigned = sequence(...signerInfo.children.map((c) => c.raw), setOf([attribute(OID.counterSignature, counterSignerInfo)], 0xa1));
  const signedData = sequence(version.raw, digestAlgorithms.raw, encapsulated.raw, setOf([...certificates.children.map((c) => c.raw), tsaDer], 0xa0), setOf([countersigned]));
  const der = sequence(contentInfo.child(0).raw, explicit(0, signedData));
  const lines = der.toString('base64').match(/.{1,64}/g)!.map((l) => `# ${l}`);
  const file = Buffer.from(text.slice(0, blockAt) + ['', '# SIG # Begin signature block', ...lines, '# SIG # End signature block', ''].join('\r\n'), 'latin1');

  const r = await verifyPowerShellFile(file, 'legacy.ps1', { trustedRoots: roots, now: AFTER_EXPIRY });
  expect(r.status).toBe('Valid');
  expect(r.timestamp).toEqual({ time: countersignedAt.toISOString(), tsaSubject: 'CN=fixforge Test TSA' });
  fs.writeFileSync(path.join(work, 'legacy.ps1'), file);
  const later = String(Math.floor(AFTER_EXPIRY.getTime() / 1000));
  const theirs = await osslsigncode(['verify', '-CAfile', pki.file('root.pem'), '-TSA-CAfile', pki.file('tsaroot.pem'), '-time', later, '-in', path.join(work, 'legacy.ps1')]);
  expect(theirs.code).toBe(0);
});
