import { encodeArtifact } from '../../generator/pipeline/encode/encodeArtifact';
import { compileOnly } from '../support/compile';

describe('encoding policy', () => {
  it('writes ASCII PowerShell without a BOM, CRLF', () => {
    const f = encodeArtifact({ path: 'a.psm1', kind: 'powershell', text: 'a\nb\n' });
    expect(f.bytes).toEqual(Buffer.from('a\r\nb\r\n', 'ascii'));
  });

  it('adds a UTF-8 BOM to PowerShell with non-ASCII text', () => {
    const f = encodeArtifact({ path: 'a.psd1', kind: 'powershell', text: "'één'\n" });
    expect([...f.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(f.bytes.subarray(3).toString('utf8')).toBe("'één'\r\n");
  });

  it('refuses non-ASCII in .cmd and Intune scripts', () => {
    expect(() => encodeArtifact({ path: 'a.cmd', kind: 'cmd', text: 'é' })).toThrow(/must be ASCII/);
    expect(() => encodeArtifact({ path: 'a.ps1', kind: 'powershell-ascii', text: '‘' })).toThrow(/must be ASCII/);
  });

  it('writes ini files as UTF-16LE with BOM and CRLF', () => {
    const f = encodeArtifact({ path: 'scripts.ini', kind: 'ini', text: '[Startup]\n' });
    expect(f.bytes).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[Startup]\r\n', 'utf16le')]));
  });

  it('never leaves a bare LF in .cmd output, and never a BOM', async () => {
    const result = await compileOnly(['spec/kb2328240.fix.ts']);
    const cmds = [...result.fixes[0].contents].filter(([p]) => p.endsWith('.cmd'));
    // cmd/, the GPO folder's copies and the GPO backup's copies of those; the Fix it launcher and its copies.
    expect(cmds).toHaveLength(9);
    for (const [, bytes] of cmds) {
      expect(bytes[0]).not.toBe(0xef);
      expect(bytes.toString('latin1')).not.toMatch(/[^\r]\n/);
      expect([...bytes].every((b) => b < 0x80)).toBe(true);
    }
  });

  it('gives the Dutch strings file of a module with non-ASCII text a BOM, and the English one none', async () => {
    const result = await compileOnly(['test/fixtures/specs/user-only.fix.ts']);
    const c = result.fixes[0].contents;
    expect([...c.get('module/FixForge.UserOnly/nl-NL/FixForge.UserOnly.Strings.psd1')!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(c.get('module/FixForge.UserOnly/en-US/FixForge.UserOnly.Strings.psd1')![0]).toBe(0x23);
  });
});
