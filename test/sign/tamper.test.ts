/**
 * Changed files must not verify: hundreds of seeded single-byte changes of the script text and of
 * the signature block (ours checks all, osslsigncode a sample), and the classic line-ending and
 * BOM conversions, which also get an explanation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSigningIdentity, signPowerShellFile, verifyPowerShellFile, type VerifyResult } from '../../generator/pipeline/sign';
import { mapLimit, osslsigncode } from './support/osslsigncode';
import { createPki, makeTempDir, type Pki } from './support/pki';
import { moduleText, sampleScript, seededRandom, UTF8_BOM } from './support/samples';

const CONTENT_TAMPERS = 300;
const BLOCK_TAMPERS = 150;
const OSSLSIGNCODE_SAMPLE = 20;

let pki: Pki;
let work: string;
let roots: Buffer[];
let original: Buffer;
let signed: Buffer;

beforeAll(async () => {
  pki = await createPki();
  work = makeTempDir('tamper');
  roots = [pki.read('root.pem')];
  const identity = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
  original = Buffer.concat([UTF8_BOM, Buffer.from(moduleText(7, 6) + 'Write-Output "Grüße"\r\n')]);
  signed = await signPowerShellFile(original, 'm.psm1', identity, { signingTime: new Date('2026-02-02T02:02:02Z') });
}, 30_000);

afterAll(() => {
  fs.rmSync(pki.dir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

interface Tamper {
  readonly offset: number;
  readonly bytes: Buffer;
}

/** Single-byte changes at seeded positions in [from, to), each to a different byte value. */
function tampers(seed: number, count: number, from: number, to: number, pick?: (old: number, random: () => number) => number): Tamper[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const offset = from + Math.floor(random() * (to - from));
    const old = signed[offset];
    let value = pick ? pick(old, random) : Math.floor(random() * 256);
    if (value === old) value = (old + 1) & 0xff;
    const bytes = Buffer.from(signed);
    bytes[offset] = value;
    return { offset, bytes };
  });
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

async function ours(bytes: Buffer): Promise<VerifyResult> {
  return verifyPowerShellFile(bytes, 'm.psm1', { trustedRoots: roots });
}

async function theirs(bytes: Buffer, name: string): Promise<number> {
  const file = path.join(work, name);
  fs.writeFileSync(file, bytes);
  return (await osslsigncode(['verify', '-CAfile', pki.file('root.pem'), '-in', file])).code;
}

it('the untouched file is Valid for both verifiers', async () => {
  expect((await ours(signed)).status).toBe('Valid');
  expect(await theirs(signed, 'untouched.psm1')).toBe(0);
});

it('rejects every single-byte change of the script text', async () => {
  const changes = tampers(1, CONTENT_TAMPERS, 0, original.length);
  const statuses = new Map<string, number>();
  for (const t of changes) {
    const r = await ours(t.bytes);
    expect({ offset: t.offset, status: r.status }).not.toEqual({ offset: t.offset, status: 'Valid' });
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  }
  // A change that leaves invalid UTF-8 is UnsupportedEncoding: no digest can cover those bytes.
  expect((statuses.get('HashMismatch') ?? 0) + (statuses.get('UnsupportedEncoding') ?? 0)).toBe(CONTENT_TAMPERS);
  expect(statuses.get('HashMismatch')).toBeGreaterThan(CONTENT_TAMPERS * 0.3);
  const sample = changes.slice(0, OSSLSIGNCODE_SAMPLE - 5);
  const codes = await mapLimit(sample, 2, (t, i) => theirs(t.bytes, `content-${i}.psm1`));
  codes.forEach((code, i) => expect({ offset: sample[i].offset, code }).not.toEqual({ offset: sample[i].offset, code: 0 }));
}, 30_000);

it('rejects every single-byte change inside the signature block', async () => {
  const blockStart = original.length;
  const anyByte = tampers(2, BLOCK_TAMPERS, blockStart, signed.length);
  // Base64 characters swapped for other base64 characters decode to a different, well-formed
  // block: these reach the DER and signature checks rather than failing at decoding.
  const base64Swaps = tampers(3, BLOCK_TAMPERS, blockStart + 40, signed.length - 40, (old, random) =>
    BASE64.includes(String.fromCharCode(old)) ? BASE64.charCodeAt(Math.floor(random() * 64)) : old,
  );
  for (const t of [...anyByte, ...base64Swaps]) {
    const r = await ours(t.bytes);
    expect({ offset: t.offset, status: r.status }).not.toEqual({ offset: t.offset, status: 'Valid' });
  }
  const sample = base64Swaps.filter((t) => BASE64.includes(String.fromCharCode(signed[t.offset]))).slice(0, 5);
  const codes = await mapLimit(sample, 2, (t, i) => theirs(t.bytes, `block-${i}.psm1`));
  codes.forEach((code, i) => expect({ offset: sample[i].offset, code }).not.toEqual({ offset: sample[i].offset, code: 0 }));
}, 30_000);

it('reports CRLF→LF conversion as HashMismatch with a line-ending hint', async () => {
  const lf = Buffer.from(signed.toString('utf8').replace(/\r\n/g, '\n'));
  const r = await ours(lf);
  expect(r.status).toBe('HashMismatch');
  expect(r.lineEndingHint).toMatch(/changed from CRLF to LF/);
  expect(r.message).toContain(r.lineEndingHint);
  expect(await theirs(lf, 'lf.psm1')).not.toBe(0);
});

it('explains LF→CRLF conversion and BOM changes too', async () => {
  const identity = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
  const lfSigned = await signPowerShellFile(Buffer.from(sampleScript('\n')), 'lf.ps1', identity);
  const toCrlf = Buffer.from(lfSigned.toString('utf8').replace(/\r?\n/g, '\r\n'));
  expect((await verifyPowerShellFile(toCrlf, 'lf.ps1', { trustedRoots: roots })).lineEndingHint).toMatch(/changed from LF to CRLF/);
  const bomAdded = Buffer.concat([UTF8_BOM, lfSigned]);
  const added = await verifyPowerShellFile(bomAdded, 'lf.ps1', { trustedRoots: roots });
  expect(added.status).toBe('HashMismatch');
  expect(added.lineEndingHint).toMatch(/byte order mark was added/);
  const bomRemoved = signed.subarray(3);
  expect((await ours(bomRemoved)).lineEndingHint).toMatch(/byte order mark was removed/);
  const both = Buffer.from(bomRemoved.toString('utf8').replace(/\r\n/g, '\n'));
  expect((await ours(both)).lineEndingHint).toMatch(/CRLF to LF.*byte order mark was removed/);
  // A real edit gets no hint.
  const edited = Buffer.from(signed);
  edited[10] ^= 0x01;
  expect((await ours(edited)).lineEndingHint).toBeUndefined();
});
