/**
 * The PowerShell SIP digest: the hash of the UTF-16LE encoding of the script text before the
 * signature block, line endings as they are. UTF-16LE files (BOM FF FE) are hashed as they are.
 * Anything else must be exactly valid UTF-8 (checked as strictly as a fatal decoder), so that every byte of the
 * file is covered by the digest: a UTF-8 BOM is part of the text (it becomes U+FEFF and is hashed
 * as FF FE). A file without BOM that is not plain ASCII is accepted only when Windows' PowerShell
 * SIP would read it as UTF-8 too (see docs/signing.md, "Encodings"); otherwise Windows reads it in
 * the machine's ANSI code page, and what was signed would depend on the machine.
 */
import { isAscii, isUtf8, transcode } from 'node:buffer';
import crypto from 'node:crypto';
import type { ScriptEncoding } from './fileTypes';

/** Why a script's bytes cannot be hashed exactly; `offset` is the first byte concerned. */
export class ScriptEncodingError extends Error {
  constructor(
    readonly problem: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${problem} (byte ${offset}, line ${line}, column ${column})`);
    this.name = 'ScriptEncodingError';
  }
}

/** How many bytes Windows' SIP looks at to decide whether a BOM-less file is UTF-8. */
const SIP_SNIFF_BYTES = 32;

/**
 * The UTF-16LE text the digest covers. Throws ScriptEncodingError when the bytes are not one exact
 * text (invalid UTF-8, or a BOM-less file Windows would read in the ANSI code page).
 */
export function scriptTextAsUtf16(content: Buffer, textEnd: number, encoding: ScriptEncoding): Buffer {
  if (encoding === 'utf16le') return content.subarray(0, textEnd);
  const bytes = content.subarray(0, textEnd);
  if (isAscii(bytes)) return Buffer.from(bytes.toString('latin1'), 'utf16le');
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (!hasBom && !sipSniffsUtf8(bytes.subarray(0, SIP_SNIFF_BYTES))) {
    throw encodingError(
      bytes,
      firstNonAscii(bytes),
      'it has non-ASCII text but no byte order mark, and its first 32 bytes do not mark it as UTF-8, so Windows reads it in the ANSI code page of each machine',
    );
  }
  // Strict validation (RFC 3629, as a fatal decoder: no overlong form, no surrogate, nothing
  // cut), then decoding, which can then replace nothing.
  if (!isUtf8(bytes)) throw encodingError(bytes, firstInvalidUtf8(bytes), 'it is not valid UTF-8');
  return transcode(bytes, 'utf8', 'utf16le'); // keeps a BOM as U+FEFF; no JS string in between
}

export function scriptDigest(content: Buffer, textEnd: number, encoding: ScriptEncoding, nodeHash: string): Buffer {
  return crypto.createHash(nodeHash).update(scriptTextAsUtf16(content, textEnd, encoding)).digest();
}

/**
 * The SIP's check for BOM-less files, as independent implementations describe it: UTF-8 when the
 * first bytes hold at least one multi-byte sequence and no broken one (a sequence cut at the end
 * of the window counts as broken).
 */
function sipSniffsUtf8(window: Buffer): boolean {
  let extended = false;
  let remaining = 0;
  for (const b of window) {
    if (remaining === 0) {
      if ((b & 0x80) === 0) continue;
      extended = true;
      let lead = b;
      while (lead & 0x80) {
        remaining++;
        lead = (lead << 1) & 0xff;
      }
      remaining--;
      if (remaining === 0) return false;
    } else {
      if ((b & 0xc0) !== 0x80) return false;
      remaining--;
    }
  }
  return remaining === 0 && extended;
}

function firstNonAscii(bytes: Buffer): number {
  const i = bytes.findIndex((b) => b >= 0x80);
  return i < 0 ? 0 : i;
}

/** Offset of the first byte that starts no valid UTF-8 sequence (RFC 3629: no overlongs, no surrogates). */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const [n, min, max] = b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : [0, 0, 0];
    if (n === 0 || i + n > bytes.length || bytes[i + 1] < min || bytes[i + 1] > max) return i;
    for (let k = 2; k < n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return bytes.length;
}

function encodingError(bytes: Buffer, offset: number, problem: string): ScriptEncodingError {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return new ScriptEncodingError(problem, offset, line, offset - lineStart + 1);
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
