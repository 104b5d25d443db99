/**
 * How Windows PowerShell 5.1 decodes a script file: a UTF-8 BOM means UTF-8, FF FE UTF-16LE, and
 * no BOM the system's ANSI code page (Windows-1252 on Western systems; a BOM-less file that is
 * pure ASCII reads the same in every ANSI code page).
 */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function decodeAsWindowsPowerShell(bytes: Buffer): { text: string; rule: 'utf-8 BOM' | 'utf-16le BOM' | 'ansi' } {
  if (bytes.subarray(0, 3).equals(UTF8_BOM)) return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)), rule: 'utf-8 BOM' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2)), rule: 'utf-16le BOM' };
  return { text: new TextDecoder('windows-1252').decode(bytes), rule: 'ansi' };
}
