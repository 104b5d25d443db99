/**
 * The `# SIG # Begin signature block` trailer: formatting, locating and decoding it.
 *
 * A signed file is `<script text>` + `\r\n` + block, where the block's lines always end in CRLF
 * (whatever the script uses) and hold the base64 DER ContentInfo, 64 characters per line. The
 * block is written in the file's encoding. The signed digest covers the script text only.
 */
import type { CommentStyle, ScriptEncoding } from './fileTypes';

const BEGIN = 'SIG # Begin signature block';
const END = 'SIG # End signature block';
const BASE64_LINE = 64;

export function formatSignatureBlock(der: Buffer, encoding: ScriptEncoding, style: CommentStyle): Buffer {
  const base64 = der.toString('base64');
  const parts: string[] = ['\r\n', style.open, BEGIN, style.close];
  for (let i = 0; i < base64.length; i += BASE64_LINE) {
    parts.push('\r\n', style.open, base64.slice(i, i + BASE64_LINE), style.close);
  }
  parts.push('\r\n', style.open, END, style.close, '\r\n');
  return Buffer.from(parts.join(''), encoding);
}

export interface LocatedSignatureBlock {
  /** Byte offset where the signed script text ends: before the line break that precedes the block. */
  readonly textEnd: number;
  /** Byte offset of the block's first line. */
  readonly blockStart: number;
  /** The DER ContentInfo, when the block is intact enough to decode. */
  readonly der?: Buffer;
  /** Why the block cannot be decoded. */
  readonly problem?: string;
  /** Whether the problem is in the block's lines themselves (then its extent is uncertain). */
  readonly damagedStructure?: boolean;
}

/**
 * Finds the signature block: the last line equal to the begin marker. Returns undefined when the
 * file has none. The lines may end in LF instead of CRLF, so that a file whose line endings were
 * converted after signing is still recognised (and reported as changed, not as unsigned).
 */
export function locateSignatureBlock(content: Buffer, encoding: ScriptEncoding, style: CommentStyle): LocatedSignatureBlock | undefined {
  const unit = encoding === 'utf16le' ? 2 : 1;
  const header = Buffer.from(style.open + BEGIN + style.close, encoding);
  const lf = Buffer.from('\n', encoding);
  const cr = Buffer.from('\r', encoding);
  const unitAt = (offset: number, expected: Buffer): boolean =>
    offset >= 0 && offset + unit <= content.length && content.compare(expected, 0, unit, offset, offset + unit) === 0;

  for (let from = content.length; from >= 0; ) {
    const at = content.lastIndexOf(header, from);
    if (at < 0) return undefined;
    from = at - 1;
    if (at % unit !== 0) continue;
    const atLineStart = at === 0 || unitAt(at - unit, lf);
    const afterHeader = at + header.length;
    const lineEnds = unitAt(afterHeader, lf) || (unitAt(afterHeader, cr) && unitAt(afterHeader + unit, lf));
    if (!atLineStart || !lineEnds) continue;

    let textEnd = at;
    if (at > 0) {
      textEnd -= unit; // the LF
      if (unitAt(textEnd - unit, cr)) textEnd -= unit;
    }
    const decoded = decodeBlockLines(content.toString(encoding, at), style);
    return { textEnd, blockStart: at, ...decoded };
  }
  return undefined;
}

function decodeBlockLines(blockText: string, style: CommentStyle): { der?: Buffer; problem?: string; damagedStructure?: boolean } {
  const lines = blockText.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const footer = style.open + END + style.close;
  const footerIndex = lines.indexOf(footer, 1);
  if (footerIndex < 0) return { problem: 'the end marker (SIG # End signature block) is missing', damagedStructure: true };
  if (lines.slice(footerIndex + 1).some((l) => l.trim() !== '')) {
    return { problem: 'text follows the end of the signature block', damagedStructure: true };
  }
  const chunks: string[] = [];
  for (let i = 1; i < footerIndex; i++) {
    const line = lines[i];
    if (!line.startsWith(style.open) || !line.endsWith(style.close) || line.length < style.open.length + style.close.length) {
      return { problem: `line ${i + 1} of the signature block is not a comment line`, damagedStructure: true };
    }
    chunks.push(line.slice(style.open.length, line.length - style.close.length));
  }
  const base64 = chunks.join('');
  if (base64.length === 0) return { problem: 'the signature block is empty' };
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return { problem: 'the signature block is not valid base64' };
  const der = Buffer.from(base64, 'base64');
  // Canonical form only: otherwise a changed character in the padding bits would go unnoticed.
  if (der.toString('base64') !== base64) return { problem: 'the signature block is not canonical base64' };
  return { der };
}

/** The file without its signature block (and without the line break before it), for re-signing. */
export function stripSignatureBlock(content: Buffer, block: LocatedSignatureBlock | undefined): Buffer {
  return block ? content.subarray(0, block.textEnd) : content;
}
