/**
 * A small DER writer and BER/DER reader. Signing needs exact bytes (canonical SET OF order,
 * attribute encodings that are signed as they are), and verification must hash the bytes that
 * were received, not a re-encoding; a reader that keeps offsets gives both.
 */

// ---------------------------------------------------------------- writing

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with a single-byte tag (class, constructed bit and number below 31). */
export function tlv(tag: number, content: Buffer | readonly Buffer[]): Buffer {
  const body = Buffer.isBuffer(content) ? content : Buffer.concat(content as Buffer[]);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, items);

/** DER SET OF: elements sorted as octet strings (X.690 11.6), so equal input gives equal bytes. */
export function setOf(items: readonly Buffer[], tag = 0x31): Buffer {
  return tlv(tag, [...items].sort(Buffer.compare));
}

/** `[n] EXPLICIT` wrapper. */
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);

export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
export const octetString = (bytes: Buffer): Buffer => tlv(0x04, bytes);
export const bitString = (bytes: Buffer, unusedBits = 0): Buffer => tlv(0x03, [Buffer.from([unusedBits]), bytes]);
export const boolean = (value: boolean): Buffer => Buffer.from([0x01, 0x01, value ? 0xff : 0x00]);
export const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));

/** BMPString (UTF-16BE) with an explicit tag byte, e.g. `0x80` for `[0] IMPLICIT BMPString`. */
export function bmpString(text: string, tag = 0x1e): Buffer {
  const be = Buffer.from(text, 'utf16le');
  be.swap16();
  return tlv(tag, be);
}

/** INTEGER from a non-negative number or from big-endian magnitude bytes. */
export function integer(value: number | bigint | Buffer): Buffer {
  let bytes: Buffer;
  if (Buffer.isBuffer(value)) {
    let i = 0;
    while (i < value.length - 1 && value[i] === 0) i++;
    bytes = value.subarray(i);
  } else {
    let hex = BigInt(value).toString(16);
    if (hex.length % 2) hex = '0' + hex;
    bytes = Buffer.from(hex, 'hex');
  }
  if (bytes.length === 0) bytes = Buffer.from([0]);
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

const oidCache = new Map<string, Buffer>();

export function objectIdentifier(dotted: string): Buffer {
  const cached = oidCache.get(dotted);
  if (cached) return cached;
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const bytes: number[] = [];
  const pushArc = (arc: bigint): void => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (arc >>= 7n; arc > 0n; arc >>= 7n) chunk.unshift(Number(arc & 0x7fn) | 0x80);
    bytes.push(...chunk);
  };
  pushArc(arcs[0] * 40n + arcs[1]);
  for (const arc of arcs.slice(2)) pushArc(arc);
  const encoded = tlv(0x06, Buffer.from(bytes));
  oidCache.set(dotted, encoded);
  return encoded;
}

/** `SEQUENCE { OID, params }`; `params: null` writes an explicit NULL, `undefined` omits it. */
export function algorithmIdentifier(dotted: string, params: Buffer | null | undefined): Buffer {
  if (params === undefined) return sequence(objectIdentifier(dotted));
  return sequence(objectIdentifier(dotted), params ?? nullValue());
}

/** UTCTime for 1950-2049 and GeneralizedTime otherwise (RFC 5280 4.1.2.5), whole seconds. */
export function time(date: Date): Buffer {
  const iso = date.toISOString();
  const year = date.getUTCFullYear();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(digits.slice(2) + 'Z', 'ascii'));
  return tlv(0x18, Buffer.from(digits + 'Z', 'ascii'));
}

// ---------------------------------------------------------------- reading

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

/**
 * One element of a BER/DER encoding, located in its buffer. Accepts the BER forms found in the
 * wild (indefinite lengths, constructed strings, as in PFX files exported by Windows).
 */
export class Der {
  readonly tag: number;
  readonly headerLength: number;
  /** Offset where the content starts. */
  readonly contentStart: number;
  /** Offset where the content ends (before the end-of-contents octets of an indefinite length). */
  readonly contentEnd: number;
  /** Offset after this element. */
  readonly end: number;
  private childList?: Der[];

  constructor(
    readonly buffer: Buffer,
    readonly start = 0,
    limit = buffer.length,
  ) {
    if (start + 2 > limit) throw new DerError(`truncated element at offset ${start}`);
    this.tag = buffer[start];
    if ((this.tag & 0x1f) === 0x1f) throw new DerError(`multi-byte tags are not supported (offset ${start})`);
    let offset = start + 1;
    const first = buffer[offset++];
    if (first === 0x80) {
      if (!(this.tag & 0x20)) throw new DerError(`indefinite length on a primitive element at offset ${start}`);
      this.contentStart = offset;
      const children: Der[] = [];
      for (;;) {
        if (offset + 2 > limit) throw new DerError(`missing end-of-contents for element at offset ${start}`);
        if (buffer[offset] === 0 && buffer[offset + 1] === 0) break;
        const child = new Der(buffer, offset, limit);
        children.push(child);
        offset = child.end;
      }
      this.childList = children;
      this.contentEnd = offset;
      this.end = offset + 2;
    } else {
      let length = first;
      if (first & 0x80) {
        const count = first & 0x7f;
        if (count > 4 || offset + count > limit) throw new DerError(`bad length at offset ${start}`);
        length = 0;
        for (let i = 0; i < count; i++) length = length * 256 + buffer[offset++];
      }
      this.contentStart = offset;
      this.contentEnd = offset + length;
      this.end = this.contentEnd;
      if (this.end > limit) throw new DerError(`element at offset ${start} runs past its container`);
    }
    this.headerLength = this.contentStart - start;
  }

  static parse(buffer: Buffer): Der {
    const root = new Der(buffer, 0);
    if (root.end !== buffer.length) throw new DerError(`${buffer.length - root.end} trailing byte(s) after the encoding`);
    return root;
  }

  get constructed(): boolean {
    return (this.tag & 0x20) !== 0;
  }

  /** The whole encoding (tag, length, content). */
  get raw(): Buffer {
    return this.buffer.subarray(this.start, this.end);
  }

  /** The content octets. */
  get content(): Buffer {
    return this.buffer.subarray(this.contentStart, this.contentEnd);
  }

  get children(): Der[] {
    if (!this.childList) {
      if (!this.constructed) throw new DerError(`element at offset ${this.start} is not constructed`);
      const list: Der[] = [];
      for (let offset = this.contentStart; offset < this.contentEnd; ) {
        const child = new Der(this.buffer, offset, this.contentEnd);
        list.push(child);
        offset = child.end;
      }
      this.childList = list;
    }
    return this.childList;
  }

  child(index: number): Der {
    const c = this.children[index];
    if (!c) throw new DerError(`element at offset ${this.start} has no child ${index}`);
    return c;
  }

  expectTag(tag: number, what: string): this {
    if (this.tag !== tag) {
      throw new DerError(`expected ${what} (tag 0x${tag.toString(16)}) at offset ${this.start}, found tag 0x${this.tag.toString(16)}`);
    }
    return this;
  }

  /** Children with a given context tag, e.g. `0xa0` for `[0]` constructed. */
  findTagged(tag: number): Der | undefined {
    return this.children.find((c) => c.tag === tag);
  }

  /** String content, joining the segments of a BER constructed string. */
  bytes(): Buffer {
    if (!this.constructed) return this.content;
    return Buffer.concat(this.children.map((c) => c.bytes()));
  }

  oid(): string {
    this.expectTag(0x06, 'OBJECT IDENTIFIER');
    const bytes = this.content;
    const arcs: bigint[] = [];
    let value = 0n;
    for (const b of bytes) {
      value = (value << 7n) | BigInt(b & 0x7f);
      if (!(b & 0x80)) {
        arcs.push(value);
        value = 0n;
      }
    }
    if (arcs.length === 0) throw new DerError(`empty OBJECT IDENTIFIER at offset ${this.start}`);
    const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
    return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
  }

  integer(): bigint {
    this.expectTag(0x02, 'INTEGER');
    const bytes = this.content;
    if (bytes.length === 0) throw new DerError(`empty INTEGER at offset ${this.start}`);
    let value = BigInt('0x' + bytes.toString('hex'));
    if (bytes[0] & 0x80) value -= 1n << BigInt(bytes.length * 8);
    return value;
  }

  smallInteger(): number {
    const v = this.integer();
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new DerError(`INTEGER too large at offset ${this.start}`);
    return Number(v);
  }

  /** UTCTime or GeneralizedTime. */
  time(): Date {
    const text = this.content.toString('ascii');
    let m: RegExpExecArray | null;
    if (this.tag === 0x17 && (m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(text))) {
      const yy = Number(m[1]);
      return new Date(Date.UTC(yy >= 50 ? 1900 + yy : 2000 + yy, +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)));
    }
    if (this.tag === 0x18 && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:[.,](\d+))?Z$/.exec(text))) {
      const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
      return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms));
    }
    throw new DerError(`unsupported time '${text}' at offset ${this.start}`);
  }

  /** Text of a directory string (UTF8String, PrintableString, IA5String, BMPString, T61String...). */
  text(): string {
    const bytes = this.bytes();
    switch (this.tag) {
      case 0x1e: {
        const le = Buffer.from(bytes);
        if (le.length % 2) throw new DerError(`odd-length BMPString at offset ${this.start}`);
        le.swap16();
        return le.toString('utf16le');
      }
      case 0x14: // T61String: Latin-1 is the usual practical reading
        return bytes.toString('latin1');
      default:
        return bytes.toString('utf8');
    }
  }
}
