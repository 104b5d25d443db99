/**
 * Our signatures against osslsigncode, the independent implementation: what we sign it verifies,
 * what it signs we verify, re-signing and determinism.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSigningIdentity, signPowerShellFile, verifyPowerShellFile, type SigningIdentity } from '../../generator/pipeline/sign';
import { mapLimit, osslsigncode } from './support/osslsigncode';
import { createPki, makeTempDir, type Pki } from './support/pki';
import { sampleScript, UTF8_BOM, utf16le } from './support/samples';

const SIGNING_TIME = new Date('2026-03-01T12:00:00Z');

let pki: Pki;
let work: string;
let identity: SigningIdentity;
let roots: Buffer[];

beforeAll(async () => {
  pki = await createPki({ variants: true });
  work = makeTempDir('interop');
  identity = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
  roots = [pki.read('root.pem')];
}, 30_000);

afterAll(() => {
  fs.rmSync(pki.dir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

const PSD1 = "@{\n    ModuleVersion = '1.0.0'\n    GUID = 'd0a9150d-b6a4-4b17-a325-e3a24fed0aa9'\n    FunctionsToExport = @('Test-FixCtlCache')\n}\n";
const PS1XML = '<?xml version="1.0" encoding="utf-8"?>\n<Types>\n  <Type>\n    <Name>System.IO.FileInfo</Name>\n  </Type>\n</Types>\n';

interface Case {
  readonly name: string;
  readonly bytes: Buffer;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const ext of ['.ps1', '.psm1', '.psd1']) {
    for (const eol of ['\r\n', '\n'] as const) {
      for (const bom of [false, true]) {
        const text = ext === '.psd1' ? PSD1.replace(/\n/g, eol) : sampleScript(eol, bom);
        const body = Buffer.from(text, 'utf8');
        out.push({ name: `sample-${eol === '\n' ? 'lf' : 'crlf'}${bom ? '-bom' : ''}${ext}`, bytes: bom ? Buffer.concat([UTF8_BOM, body]) : body });
      }
    }
  }
  out.push({ name: 'utf16le.ps1', bytes: utf16le(sampleScript('\r\n', true)) });
  out.push({ name: 'utf16le-lf.psm1', bytes: utf16le(sampleScript('\n')) });
  out.push({ name: 'types.ps1xml', bytes: Buffer.from(PS1XML.replace(/\n/g, '\r\n')) });
  out.push({ name: 'no-final-newline.ps1', bytes: Buffer.from('Get-Date') });
  return out;
}

describe('files we sign', () => {
  it('verify with osslsigncode and with our verifier, keep their text, and carry one comment block', async () => {
    const all = cases();
    const signed = await Promise.all(all.map((c) => signPowerShellFile(c.bytes, c.name, identity, { signingTime: SIGNING_TIME })));
    for (const [i, c] of all.entries()) {
      expect(signed[i].subarray(0, c.bytes.length).equals(c.bytes)).toBe(true);
      fs.writeFileSync(path.join(work, c.name), signed[i]);
      const result = await verifyPowerShellFile(signed[i], c.name, { trustedRoots: roots });
      expect({ name: c.name, status: result.status }).toEqual({ name: c.name, status: 'Valid' });
      expect(result.thumbprint).toBe(identity.thumbprint);
      expect(result.signingTime).toBe(SIGNING_TIME.toISOString());
      expect(result.digestAlgorithm).toBe('SHA256');
      // The block is comments in the file's own encoding: the script still parses as before.
      const encoding = c.name.startsWith('utf16') ? 'utf16le' : 'utf8';
      const block = signed[i].subarray(c.bytes.length).toString(encoding);
      const comment = c.name.endsWith('.ps1xml') ? /^<!-- [A-Za-z0-9+/= #]+ -->$/ : /^# [A-Za-z0-9+/= #]+$/;
      expect(block.startsWith('\r\n') && block.endsWith('\r\n')).toBe(true);
      for (const line of block.slice(2, -2).split('\r\n')) expect(line).toMatch(comment);
    }
    const results = await mapLimit(all, 2, (c) => osslsigncode(['verify', '-CAfile', pki.file('root.pem'), '-in', path.join(work, c.name)]));
    for (const [i, r] of results.entries()) {
      expect({ name: all[i].name, code: r.code, succeeded: r.output.includes('Succeeded') }).toEqual({ name: all[i].name, code: 0, succeeded: true });
    }
  }, 30_000);

  it('are byte-identical to osslsigncode signatures for the same key, chain and time', async () => {
    const input = path.join(work, 'same.psm1');
    const theirs = path.join(work, 'same.theirs.psm1');
    fs.writeFileSync(input, sampleScript('\r\n'));
    const r = await osslsigncode(['sign', '-certs', pki.file('chain.pem'), '-key', pki.file('leaf.key'), '-time', String(SIGNING_TIME.getTime() / 1000), '-in', input, '-out', theirs]);
    expect(r.code).toBe(0);
    const ours = await signPowerShellFile(fs.readFileSync(input), 'same.psm1', identity, { signingTime: SIGNING_TIME });
    expect(ours.equals(fs.readFileSync(theirs))).toBe(true);
  });

  it('can carry a description and URL (SpcSpOpusInfo), which osslsigncode reads', async () => {
    const signed = await signPowerShellFile(Buffer.from(sampleScript('\r\n')), 'opus.ps1', identity, {
      signingTime: SIGNING_TIME,
      description: 'KB2328240 repair — fixforge',
      url: 'https://example.invalid/kb2328240',
    });
    fs.writeFileSync(path.join(work, 'opus.ps1'), signed);
    const r = await osslsigncode(['verify', '-CAfile', pki.file('root.pem'), '-in', path.join(work, 'opus.ps1')]);
    expect(r.code).toBe(0);
    expect(r.output).toContain('URL description: https://example.invalid/kb2328240');
    expect((await verifyPowerShellFile(signed, 'opus.ps1', { trustedRoots: roots })).status).toBe('Valid');
  });

  it('signs with an ECDSA key too', async () => {
    const ec = await loadSigningIdentity({ keyPemPath: pki.file('ecleaf.key'), certPemPath: pki.file('ecchain.pem') });
    const signed = await signPowerShellFile(Buffer.from(sampleScript('\n')), 'ec.ps1', ec, { signingTime: SIGNING_TIME });
    fs.writeFileSync(path.join(work, 'ec.ps1'), signed);
    expect((await osslsigncode(['verify', '-CAfile', pki.file('root.pem'), '-in', path.join(work, 'ec.ps1')])).code).toBe(0);
    expect((await verifyPowerShellFile(signed, 'ec.ps1', { trustedRoots: roots })).status).toBe('Valid');
  });
});

describe('files osslsigncode signs', () => {
  const variants: { name: string; bytes: Buffer; args: string[]; digest: string }[] = [
    { name: 'o-crlf.ps1', bytes: Buffer.from(sampleScript('\r\n')), args: [], digest: 'SHA256' },
    { name: 'o-lf-bom.psm1', bytes: Buffer.concat([UTF8_BOM, Buffer.from(sampleScript('\n', true))]), args: [], digest: 'SHA256' },
    { name: 'o-sha1.psd1', bytes: Buffer.from(PSD1.replace(/\n/g, '\r\n')), args: ['-h', 'sha1'], digest: 'SHA1' },
    { name: 'o-utf16.ps1', bytes: utf16le(sampleScript('\r\n', true)), args: ['-n', 'Repair', '-i', 'https://example.invalid'], digest: 'SHA256' },
    { name: 'o-types.ps1xml', bytes: Buffer.from(PS1XML), args: ['-h', 'sha384'], digest: 'SHA384' },
  ];

  it('verify as Valid with ours, and report the digest algorithm', async () => {
    await mapLimit(variants, 2, async (v) => {
      fs.writeFileSync(path.join(work, `in-${v.name}`), v.bytes);
      const r = await osslsigncode(['sign', '-certs', pki.file('chain.pem'), '-key', pki.file('leaf.key'), ...v.args, '-in', path.join(work, `in-${v.name}`), '-out', path.join(work, v.name)]);
      expect(r.code).toBe(0);
    });
    for (const v of variants) {
      const result = await verifyPowerShellFile(fs.readFileSync(path.join(work, v.name)), v.name, { trustedRoots: roots });
      expect({ name: v.name, status: result.status, digest: result.digestAlgorithm }).toEqual({ name: v.name, status: 'Valid', digest: v.digest });
      expect(result.signerSubject).toBe('CN=fixforge Test Signer, O=fixforge tests, C=DE');
    }
  }, 20_000);

  it('are NotTrusted without the root, and NotSigned before signing', async () => {
    const signed = fs.readFileSync(path.join(work, 'o-crlf.ps1'));
    expect((await verifyPowerShellFile(signed, 'o-crlf.ps1')).status).toBe('NotTrusted');
    // Only self-signed roots anchor a chain, as on Windows.
    expect((await verifyPowerShellFile(signed, 'o-crlf.ps1', { trustedRoots: [pki.read('inter.pem')] })).status).toBe('NotTrusted');
    expect((await verifyPowerShellFile(signed, 'o-crlf.ps1', { trustedRoots: [pki.read('leaf.pem')] })).status).toBe('NotTrusted');
    expect((await verifyPowerShellFile(signed, 'o-crlf.ps1', { trustedRoots: [pki.read('inter.pem'), pki.read('root.pem')] })).status).toBe('Valid');
    expect((await verifyPowerShellFile(Buffer.from(sampleScript('\r\n')), 'x.ps1')).status).toBe('NotSigned');
    expect((await verifyPowerShellFile(signed, 'o-crlf.txt')).status).toBe('Incompatible');
  });
});

describe('re-signing', () => {
  it('replaces the block: one block, verifiable, equal to signing the original', async () => {
    const original = Buffer.concat([UTF8_BOM, Buffer.from(sampleScript('\n', true))]);
    const first = await signPowerShellFile(original, 'r.ps1', identity, { signingTime: SIGNING_TIME });
    const later = new Date('2026-04-01T00:00:00Z');
    const second = await signPowerShellFile(first, 'r.ps1', identity, { signingTime: later });
    expect(second.toString('latin1').match(/# SIG # Begin signature block/g)).toHaveLength(1);
    expect(second.equals(await signPowerShellFile(original, 'r.ps1', identity, { signingTime: later }))).toBe(true);
    const result = await verifyPowerShellFile(second, 'r.ps1', { trustedRoots: roots });
    expect(result.status).toBe('Valid');
    expect(result.signingTime).toBe(later.toISOString());
  });

  it('replaces a block written by osslsigncode, in UTF-16LE too', async () => {
    for (const name of ['o-crlf.ps1', 'o-utf16.ps1']) {
      const resigned = await signPowerShellFile(fs.readFileSync(path.join(work, name)), name, identity, { signingTime: SIGNING_TIME });
      const encoding = name.includes('utf16') ? 'utf16le' : 'latin1';
      expect(resigned.toString(encoding).match(/SIG # Begin signature block/g)).toHaveLength(1);
      fs.writeFileSync(path.join(work, `re-${name}`), resigned);
      expect((await osslsigncode(['verify', '-CAfile', pki.file('root.pem'), '-in', path.join(work, `re-${name}`)])).code).toBe(0);
      expect(resigned.subarray(0, fs.readFileSync(path.join(work, `in-${name}`)).length).equals(fs.readFileSync(path.join(work, `in-${name}`)))).toBe(true);
    }
  });
});

describe('determinism', () => {
  it('gives identical bytes for the same input, key and signing time', async () => {
    const again = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
    for (const c of cases()) {
      const a = await signPowerShellFile(c.bytes, c.name, identity, { signingTime: SIGNING_TIME });
      const b = await signPowerShellFile(c.bytes, c.name, again, { signingTime: SIGNING_TIME });
      expect(a.equals(b)).toBe(true);
    }
  });
});
