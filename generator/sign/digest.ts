/**
 * The PowerShell SIP digest: the hash of the UTF-16LE encoding of the script text before the
 * signature block. UTF-16LE files are hashed as they are; anything else is decoded as UTF-8, a
 * BOM included (it becomes U+FEFF and is hashed as FF FE), line endings as they are.
 */
import crypto from 'node:crypto';
import type { ScriptEncoding } from './fileTypes';

export function scriptTextAsUtf16(content: Buffer, textEnd: number, encoding: ScriptEncoding): Buffer {
  if (encoding === 'utf16le') return content.subarray(0, textEnd);
  return Buffer.from(content.toString('utf8', 0, textEnd), 'utf16le');
}

export function scriptDigest(content: Buffer, textEnd: number, encoding: ScriptEncoding, nodeHash: string): Buffer {
  return crypto.createHash(nodeHash).update(scriptTextAsUtf16(content, textEnd, encoding)).digest();
}

interface TextVariant {
  readonly text: string;
  readonly change: string;
}

/**
 * When a signed digest does not match, looks for the usual culprits: line endings converted
 * (git core.autocrlf, editors) or a UTF-8 BOM added or removed. Returns an explanation when one of
 * these changes, undone, makes the digest match.
 */
export function explainDigestMismatch(
  content: Buffer,
  textEnd: number,
  encoding: ScriptEncoding,
  nodeHash: string,
  signedDigest: Buffer,
): string | undefined {
  const text = encoding === 'utf16le' ? content.toString('utf16le', 0, textEnd) : content.toString('utf8', 0, textEnd);
  const lineEndings: TextVariant[] = [{ text, change: '' }];
  if (/\r\n/.test(text)) {
    lineEndings.push({
      text: text.replace(/\r\n/g, '\n'),
      change: 'its line endings were changed from LF to CRLF after signing',
    });
  }
  if (/(^|[^\r])\n/.test(text)) {
    lineEndings.push({
      text: text.replace(/\r?\n/g, '\r\n'),
      change: 'its line endings were changed from CRLF to LF after signing',
    });
  }
  const variants: TextVariant[] = [];
  for (const v of lineEndings) {
    variants.push(v);
    if (encoding === 'utf16le') continue;
    const bomChange = v.text.startsWith('\ufeff')
      ? { text: v.text.slice(1), change: 'a UTF-8 byte order mark was added after signing' }
      : { text: '\ufeff' + v.text, change: 'its UTF-8 byte order mark was removed after signing' };
    variants.push({ text: bomChange.text, change: [v.change, bomChange.change].filter(Boolean).join(', and ') });
  }
  for (const v of variants) {
    if (!v.change) continue;
    const digest = crypto.createHash(nodeHash).update(Buffer.from(v.text, 'utf16le')).digest();
    if (digest.equals(signedDigest)) return v.change;
  }
  return undefined;
}
