/** Which files carry a PowerShell Authenticode signature block, and how their block is commented. */
import path from 'node:path';

export interface CommentStyle {
  readonly open: string;
  readonly close: string;
}

const HASH_COMMENT: CommentStyle = { open: '# ', close: '' };
const XML_COMMENT: CommentStyle = { open: '<!-- ', close: ' -->' };

const SIGNABLE_EXTENSIONS: Readonly<Record<string, CommentStyle>> = {
  '.ps1': HASH_COMMENT,
  '.psm1': HASH_COMMENT,
  '.psd1': HASH_COMMENT,
  '.ps1xml': XML_COMMENT,
};

export function commentStyleFor(fileName: string): CommentStyle | undefined {
  return SIGNABLE_EXTENSIONS[path.extname(fileName).toLowerCase()];
}

export function isSignableFile(fileName: string): boolean {
  return commentStyleFor(fileName) !== undefined;
}

export type ScriptEncoding = 'utf8' | 'utf16le';

/** UTF-16LE when the file starts with its BOM, otherwise UTF-8 (a UTF-8 BOM stays part of the text). */
export function detectScriptEncoding(content: Buffer): ScriptEncoding {
  return content.length >= 2 && content[0] === 0xff && content[1] === 0xfe ? 'utf16le' : 'utf8';
}
