/** The small parts on their own: DER, the signature block, digests, the verify report. */
import fs from 'node:fs';
import path from 'node:path';
import { formatVerifyJson, formatVerifyReport, loadSigningIdentity, loadTrustedRoots, SignError, signPowerShellFile, verifyPath } from '../../generator/pipeline/sign';
import { Der, integer, objectIdentifier, setOf, time } from '../../generator/pipeline/sign/der';
import { scriptTextAsUtf16 } from '../../generator/pipeline/sign/digest';
import { commentStyleFor } from '../../generator/pipeline/sign/fileTypes';
import { formatSignatureBlock, locateSignatureBlock } from '../../generator/pipeline/sign/signatureBlock';
import { createPki, makeTempDir } from './support/pki';
import { sampleScript } from './support/samples';

describe('DER', () => {
  it('round-trips object identifiers and integers', () => {
    for (const oid of ['1.3.6.1.4.1.311.2.1.4', '2.16.840.1.101.3.4.2.1', '1.2.840.113549.1.9.16.1.4', '2.5.29.37.0']) {
      expect(new Der(objectIdentifier(oid)).oid()).toBe(oid);
    }
    for (const n of [0, 1, 127, 128, 255, 256, 65536]) expect(new Der(integer(n)).integer()).toBe(BigInt(n));
    expect(integer(65536).toString('hex')).toBe('0203010000');
    expect(integer(Buffer.from([0x80, 1])).toString('hex')).toBe('020300' + '8001');
  });

  it('writes UTCTime until 2049 and GeneralizedTime after, and reads both back', () => {
    const early = new Date('2049-12-31T23:59:59Z');
    const late = new Date('2050-01-01T00:00:00Z');
    expect(time(early).toString('latin1', 2)).toBe('491231235959Z');
    expect(time(late).toString('latin1', 2)).toBe('20500101000000Z');
    expect(new Der(time(early)).time()).toEqual(early);
    expect(new Der(time(late)).time()).toEqual(late);
  });

  it('sorts SET OF elements by their encoding', () => {
    const a = integer(300);
    const b = integer(2);
    expect(setOf([a, b]).equals(setOf([b, a]))).toBe(true);
  });

  it('reads BER indefinite lengths and constructed strings', () => {
    const ber = Buffer.from('308024800402686904012100000000', 'hex');
    const root = Der.parse(ber);
    expect(root.child(0).bytes().toString()).toBe('hi!');
  });
});

describe('signature block', () => {
  const hash = commentStyleFor('a.ps1')!;
  const xml = commentStyleFor('a.ps1xml')!;
  const der = Buffer.alloc(96, 7); // 128 base64 characters: two full lines

  it('is CRLF, 64 base64 characters a line, in the file encoding', () => {
    const block = formatSignatureBlock(der, 'utf8', hash).toString('latin1');
    expect(block.split('\r\n')).toEqual(['', '# SIG # Begin signature block', `# ${der.toString('base64').slice(0, 64)}`, `# ${der.toString('base64').slice(64)}`, '# SIG # End signature block', '']);
    expect(formatSignatureBlock(der, 'utf8', xml).toString('latin1')).toContain('\r\n<!-- SIG # Begin signature block -->\r\n<!-- ');
    expect(formatSignatureBlock(der, 'utf16le', hash).toString('utf16le')).toBe(formatSignatureBlock(der, 'utf8', hash).toString('latin1'));
  });

  it('is found after LF conversion and excludes the line break before it', () => {
    const text = Buffer.from('Get-Date\r\n');
    const signed = Buffer.concat([text, formatSignatureBlock(der, 'utf8', hash)]);
    expect(locateSignatureBlock(signed, 'utf8', hash)).toMatchObject({ textEnd: text.length, der });
    const lf = Buffer.from(signed.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    expect(locateSignatureBlock(lf, 'utf8', hash)).toMatchObject({ textEnd: 'Get-Date\n'.length, der });
  });

  it('takes the last marker line, so a script may mention the marker', () => {
    const text = Buffer.from("$doc = @'\r\n# SIG # Begin signature block\r\n'@\r\n");
    const signed = Buffer.concat([text, formatSignatureBlock(der, 'utf8', hash)]);
    expect(locateSignatureBlock(signed, 'utf8', hash)?.textEnd).toBe(text.length);
    expect(locateSignatureBlock(text, 'utf8', hash)).toMatchObject({ damagedStructure: true });
  });

  it('refuses non-canonical base64, so padding bits cannot change unnoticed', () => {
    const signed = Buffer.concat([Buffer.from('x'), formatSignatureBlock(Buffer.from([1]), 'utf8', hash)]).toString('latin1');
    expect(signed).toContain('# AQ==');
    const tweaked = Buffer.from(signed.replace('# AQ==', '# AR=='), 'latin1');
    expect(locateSignatureBlock(tweaked, 'utf8', hash)).toMatchObject({ problem: expect.stringContaining('canonical') });
  });

  it('hashes a UTF-8 BOM as U+FEFF, and UTF-16LE files as they are', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf, 0x41]);
    expect(scriptTextAsUtf16(bom, bom.length, 'utf8').toString('hex')).toBe('fffe4100');
    const utf16 = Buffer.from([0xff, 0xfe, 0x41, 0x00]);
    expect(scriptTextAsUtf16(utf16, 4, 'utf16le').equals(utf16)).toBe(true);
  });
});

describe('verifyPath', () => {
  it('verifies every signable file below a directory and reports them', async () => {
    const pki = await createPki();
    const dir = makeTempDir('verifypath');
    try {
      const identity = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
      fs.mkdirSync(path.join(dir, 'Module'));
      fs.writeFileSync(path.join(dir, 'Module', 'Fix.psm1'), await signPowerShellFile(Buffer.from(sampleScript('\r\n')), 'Fix.psm1', identity));
      fs.writeFileSync(path.join(dir, 'Module', 'Fix.psd1'), Buffer.from("@{ ModuleVersion = '1.0' }\r\n"));
      fs.writeFileSync(path.join(dir, 'repair.cmd'), 'echo hi\r\n');
      const results = await verifyPath(dir, { trustedRoots: await loadTrustedRoots([pki.file('root.pem')]) });
      expect(results.map((r) => [path.relative(dir, r.path), r.status])).toEqual([
        [path.join('Module', 'Fix.psd1'), 'NotSigned'],
        [path.join('Module', 'Fix.psm1'), 'Valid'],
      ]);
      const report = formatVerifyReport(results);
      expect(report).toMatch(/^NotSigned {2}.*Fix\.psd1\n/);
      expect(report).toContain(`Valid      ${path.join(dir, 'Module', 'Fix.psm1')} [${identity.thumbprint}]`);
      expect(report.trimEnd().endsWith('1 of 2 file(s) valid.')).toBe(true);
      expect(JSON.parse(formatVerifyJson(results))[1]).toMatchObject({ status: 'Valid', thumbprint: identity.thumbprint });

      await expect(loadTrustedRoots([pki.file('missing.pem')])).rejects.toMatchObject({ code: 'FF5002' });
      await expect(loadTrustedRoots([pki.file('leaf.key')])).rejects.toBeInstanceOf(SignError);
      await expect(loadTrustedRoots([pki.file('leaf.key')])).rejects.toMatchObject({ code: 'FF5006' });
    } finally {
      fs.rmSync(pki.dir, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
