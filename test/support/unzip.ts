/** Reads a zip for the tests, checking what it reads: signatures, sizes, CRCs, local vs central headers. */
import { inflateRawSync } from 'node:zlib';
import { crc32 } from '../../generator/emit/nupkg/zip';

export interface UnzippedEntry {
  readonly name: string;
  readonly bytes: Buffer;
  readonly method: number;
  readonly dosTime: number;
  readonly dosDate: number;
  readonly flags: number;
  readonly externalAttributes: number;
}

export function readZip(zip: Buffer): UnzippedEntry[] {
  const eocd = zip.length - 22;
  if (zip.readUInt32LE(eocd) !== 0x06054b50) throw new Error('no end of central directory record (or a comment)');
  const count = zip.readUInt16LE(eocd + 10);
  const size = zip.readUInt32LE(eocd + 12);
  let p = zip.readUInt32LE(eocd + 16);
  if (p + size !== eocd) throw new Error('central directory does not end at the end record');
  const entries: UnzippedEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const dosTime = zip.readUInt16LE(p + 12);
    const dosDate = zip.readUInt16LE(p + 14);
    const crc = zip.readUInt32LE(p + 16);
    const compressed = zip.readUInt32LE(p + 20);
    const uncompressed = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extra = zip.readUInt16LE(p + 30);
    const comment = zip.readUInt16LE(p + 32);
    const externalAttributes = zip.readUInt32LE(p + 38);
    const offset = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    p += 46 + nameLength + extra + comment;
    if (zip.readUInt32LE(offset) !== 0x04034b50) throw new Error(`bad local header of ${name}`);
    const localName = zip.subarray(offset + 30, offset + 30 + zip.readUInt16LE(offset + 26)).toString(flags & 0x800 ? 'utf8' : 'latin1');
    if (localName !== name || zip.readUInt32LE(offset + 14) !== crc || zip.readUInt16LE(offset + 8) !== method) throw new Error(`local header of ${name} disagrees`);
    const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = zip.subarray(start, start + compressed);
    const bytes = method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : undefined;
    if (!bytes) throw new Error(`${name}: method ${method}`);
    if (bytes.length !== uncompressed || crc32(bytes) !== crc) throw new Error(`${name}: size or CRC mismatch`);
    entries.push({ name, bytes, method, dosTime, dosDate, flags, externalAttributes });
  }
  return entries;
}
