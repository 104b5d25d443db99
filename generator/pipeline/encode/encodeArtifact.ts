/**
 * The encoding and line-ending policy per artifact kind (facts page, section 6). Emitters produce
 * LF text; this stage alone decides bytes.
 */
import type { Artifact, ArtifactKind } from '../../emit/artifact';

export interface EncodedFile {
  readonly path: string;
  readonly kind: ArtifactKind;
  readonly bytes: Buffer;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);

export class EncodingError extends Error {
  constructor(
    readonly path: string,
    readonly offset: number,
    readonly character: string,
  ) {
    super(`${path} must be ASCII but contains '${character}' at offset ${offset}`);
    this.name = 'EncodingError';
  }
}

export function encodeArtifact(artifact: Artifact): EncodedFile {
  const lf = artifact.text.replace(/\r\n?/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  const bytes = ((): Buffer => {
    switch (artifact.kind) {
      case 'powershell':
        // Windows PowerShell reads BOM-less files as ANSI: non-ASCII text needs the UTF-8 BOM.
        return isAscii(crlf) ? Buffer.from(crlf, 'ascii') : Buffer.concat([UTF8_BOM, Buffer.from(crlf, 'utf8')]);
      case 'powershell-ascii':
      case 'cmd':
        assertAscii(artifact.path, crlf);
        return Buffer.from(crlf, 'ascii');
      case 'ini':
        return Buffer.concat([UTF16LE_BOM, Buffer.from(crlf, 'utf16le')]);
      case 'text':
        return Buffer.from(lf, 'utf8');
      case 'binary':
        return Buffer.from(artifact.text, 'base64');
    }
  })();
  return { path: artifact.path, kind: artifact.kind, bytes };
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

function assertAscii(path: string, text: string): void {
  const m = /[^\x00-\x7f]/.exec(text);
  if (m) throw new EncodingError(path, m.index, m[0]);
}
