/** Which files carry a PowerShell Authenticode signature block, and how their block is commented. */
import path from 'node:path';

export interface CommentStyle {
  readonly open: string;
  readonly close: string;
}

const HASH_COMMENT: CommentStyle = { open: '# ', close: '' };
const XML_COMMENT: CommentStyle = { open: '<!-- ', close: ' -->' };

/**
 * Every file type Windows PowerShell signs with the PowerShell SIP: scripts, modules, data files
 * (manifests, JEA role capability `.psrc` and session configuration `.pssc` files, all with
 * `#` comments) and the XML ones (type/format `.ps1xml`, CDXML modules).
 */
const SIGNABLE_EXTENSIONS: Readonly<Record<string, CommentStyle>> = {
  '.ps1': HASH_COMMENT,
  '.psm1': HASH_COMMENT,
  '.psd1': HASH_COMMENT,
  '.psrc': HASH_COMMENT,
  '.pssc': HASH_COMMENT,
  '.ps1xml': XML_COMMENT,
  '.cdxml': XML_COMMENT,
};

export const SIGNABLE_EXTENSION_LIST: readonly string[] = Object.keys(SIGNABLE_EXTENSIONS);

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

/** Whether the file starts with the UTF-16BE BOM (FE FF): Windows reads it, fixforge does not. */
export function isUtf16BigEndian(content: Buffer): boolean {
  return content.length >= 2 && content[0] === 0xfe && content[1] === 0xff;
}
