/**
 * Signing one PowerShell file in memory: strip an existing block, hash the text, build the CMS
 * signature (optionally timestamped) and append the block. Pure: it writes nothing.
 */
import { createAuthenticodeSignature } from './cms';
import { scriptDigest, ScriptEncodingError } from './digest';
import { SignError } from './errors';
import { commentStyleFor, detectScriptEncoding } from './fileTypes';
import type { SigningIdentity } from './identity';
import { formatSignatureBlock, locateSignatureBlock } from './signatureBlock';
import { timestampAttribute } from './timestamp';

export interface SignOptions {
  /** RFC 3161 timestamp server; without it the signature is valid only while the certificate is. */
  readonly timestampUrl?: string;
  /** Sign without a timestamp when the server fails, instead of failing (FF5014/FF5015). */
  readonly timestampOptional?: boolean;
  /** Called when `timestampOptional` let a file go without its timestamp. */
  readonly onTimestampSkipped?: (error: SignError) => void;
  /** Program name recorded in the signature (SpcSpOpusInfo). */
  readonly description?: string;
  /** "More information" URL recorded in the signature (SpcSpOpusInfo), printable ASCII. */
  readonly url?: string;
  /** The signingTime attribute; defaults to now. Fix it for reproducible output. */
  readonly signingTime?: Date;
}

export async function signPowerShellFile(content: Buffer, fileName: string, identity: SigningIdentity, opts: SignOptions = {}): Promise<Buffer> {
  const style = commentStyleFor(fileName);
  if (!style) throw new SignError('FF5001', [fileName]);
  if (content.length >= 2 && content[0] === 0xfe && content[1] === 0xff) {
    throw new SignError('FF5016', [fileName, 'UTF-16BE files cannot be signed; save it as UTF-8 with BOM or UTF-16LE']);
  }
  const encoding = detectScriptEncoding(content);
  if (encoding === 'utf16le' && content.length % 2 !== 0) throw new SignError('FF5016', [fileName, 'the UTF-16LE file has an odd number of bytes']);
  if (opts.url !== undefined && !/^[\x20-\x7e]*$/.test(opts.url)) throw new SignError('FF5016', [fileName, 'the signature URL must be printable ASCII']);

  const existing = locateSignatureBlock(content, encoding, style);
  if (existing?.damagedStructure) {
    throw new SignError('FF5016', [fileName, `its existing signature block is damaged (${existing.problem}); remove it and sign again`]);
  }
  const text = existing ? content.subarray(0, existing.textEnd) : content;
  if (text.length === 0 || (encoding === 'utf16le' && text.length === 2)) throw new SignError('FF5016', [fileName, 'the file is empty']);

  const timestampUrl = opts.timestampUrl;
  const signature = await createAuthenticodeSignature(identity, exactDigest(text, fileName, encoding), {
    signingTime: opts.signingTime ?? new Date(),
    description: opts.description,
    url: opts.url,
    unsignedAttributes: timestampUrl
      ? async (signatureValue) => {
          try {
            return [await timestampAttribute(timestampUrl, signatureValue)];
          } catch (e) {
            if (!(opts.timestampOptional && e instanceof SignError)) throw e;
            opts.onTimestampSkipped?.(e);
            return [];
          }
        }
      : undefined,
  }, fileName);
  return Buffer.concat([text, formatSignatureBlock(signature, encoding, style)]);
}

/** The digest of exactly these bytes, or FF5030 at the first byte that is not one exact text. */
function exactDigest(text: Buffer, fileName: string, encoding: 'utf8' | 'utf16le'): Buffer {
  try {
    return scriptDigest(text, text.length, encoding, 'sha256');
  } catch (e) {
    if (!(e instanceof ScriptEncodingError)) throw e;
    throw new SignError('FF5030', [fileName, e.problem, e.offset], { file: fileName, line: e.line, column: e.column });
  }
}
