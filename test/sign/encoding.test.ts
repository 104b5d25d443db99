// Byte-exact digests: what the signer refuses (FF5030, located) and what the verifier reports as
// UnsupportedEncoding, against the PowerShell SIP's reading of a file (docs/signing.md, "Encodings").
import { loadSigningIdentity, signPowerShellFile, SignError, verifyPowerShellFile } from '../../generator/pipeline/sign';
import { formatDiagnostic } from '../../generator/vocabulary/diagnostics/diagnostic';
import { createPki, type Pki } from './support/pki';
import { UTF8_BOM, utf16le } from './support/samples';
import { forgeSignedFile } from './support/forge';
import fs from 'node:fs';
import type { SigningIdentity } from '../../generator/pipeline/sign/identity';

let pki: Pki;
let identity: SigningIdentity;
let roots: Buffer[];

beforeAll(async () => {
  pki = await createPki();
  identity = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
  roots = [pki.read('root.pem')];
}, 30_000);
afterAll(() => fs.rmSync(pki.dir, { recursive: true, force: true }));

const verify = (bytes: Buffer, name = 'e.ps1') => verifyPowerShellFile(bytes, name, { trustedRoots: roots });

async function refusal(bytes: Buffer, name: string): Promise<SignError> {
  try {
    await signPowerShellFile(bytes, name, identity);
  } catch (e) {
    if (e instanceof SignError) return e;
    throw e;
  }
  throw new Error('signed');
}

const PAD = '# A comment line that keeps the first 32 bytes ASCII.\r\n';

it('refuses a cp1252 script with FF5030 at the offending byte', async () => {
  const cp1252 = Buffer.concat([Buffer.from(PAD + 'Write-Host "Caf'), Buffer.from([0xe9]), Buffer.from(' ok"\r\n')]);
  const e = await refusal(cp1252, 'Cafe.ps1');
  expect(e.code).toBe('FF5030');
  expect(formatDiagnostic(e.diagnostic)).toMatch(/^Cafe\.ps1:2:16 - error FF5030: Cannot sign 'Cafe\.ps1': .*ANSI code page.*\(at byte 70\)/);
});

it('refuses invalid UTF-8 after a BOM: a stray byte, an overlong form, an encoded surrogate, a cut sequence', async () => {
  for (const bad of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
    const bytes = Buffer.concat([UTF8_BOM, Buffer.from('Write-Host "'), Buffer.from(bad), Buffer.from('"\r\n')]);
    const e = await refusal(bytes, 'bad.ps1');
    expect(e.code).toBe('FF5030');
    expect(e.diagnostic.location).toEqual({ file: 'bad.ps1', line: 1, column: 16 });
    expect(e.message).toMatch(/not valid UTF-8 \(at byte 15\)/);
  }
});

it('signs what the SIP reads as UTF-8: with BOM anywhere, without BOM when the first 32 bytes show UTF-8', async () => {
  for (const bytes of [
    Buffer.concat([UTF8_BOM, Buffer.from(PAD + 'Write-Host "Café ok"\r\n')]),
    Buffer.from('# Café: UTF-8 without BOM\r\nWrite-Host "Grüße"\r\n'),
    Buffer.from(PAD + 'Write-Host "ASCII only"\r\n'),
    utf16le(PAD + 'Write-Host "Café ok"\r\n'),
  ]) {
    expect((await verify(await signPowerShellFile(bytes, 'ok.ps1', identity))).status).toBe('Valid');
  }
});

it('reports the issue\'s substitutions as non-Valid: 0xE9 changed to 0x94, 0xFF, or E2 82 after signing', async () => {
  // Signed before this fix: a BOM-less cp1252 script, hashed (wrongly) as its U+FFFD decoding.
  const before = Buffer.concat([Buffer.from('Write-Host "Caf'), Buffer.from([0xe9]), Buffer.from(' ok"\r\n')]);
  const lossy = Buffer.from(Buffer.from(before.toString('utf8'), 'utf8'));
  const forged = await forgeSignedFile(before, 'old.ps1', identity, undefined, sha256Utf16(lossy.toString('utf8')));
  expect((await verify(forged, 'old.ps1')).status).toBe('UnsupportedEncoding');
  for (const replacement of [[0x94], [0xff], [0xe2, 0x82]]) {
    const changed = Buffer.concat([forged.subarray(0, 15), Buffer.from(replacement), forged.subarray(16)]);
    const r = await verify(changed, 'old.ps1');
    expect(r.status).toBe('UnsupportedEncoding');
    expect(r.message).toMatch(/byte 15, line 1, column 16/);
  }
});

it('reports UTF-16BE as UnsupportedEncoding, and a BOM removed from a signed UTF-8 file as HashMismatch with its hint', async () => {
  const be = Buffer.from('\ufeffWrite-Host "x"\r\n', 'utf16le').swap16();
  expect((await verify(be)).status).toBe('UnsupportedEncoding');
  const signed = await signPowerShellFile(Buffer.concat([UTF8_BOM, Buffer.from(PAD + 'Write-Host "Grüße"\r\n')]), 'bom.ps1', identity);
  const r = await verify(signed.subarray(3), 'bom.ps1');
  expect(r.status).toBe('HashMismatch');
  expect(r.lineEndingHint).toMatch(/byte order mark was removed/);
});

function sha256Utf16(text: string): Buffer {
  return require('node:crypto').createHash('sha256').update(Buffer.from(text, 'utf16le')).digest();
}
