/**
 * Reading PFX / PKCS#12 files (RFC 7292) in-process: integrity MAC, password-based decryption
 * (PBES2 with AES or 3DES as written by OpenSSL 3 and recent Windows; the older PKCS#12 3DES and
 * RC2 schemes), key and certificate bags. Node has no PKCS#12 reader of its own.
 */
import crypto from 'node:crypto';
import { Der } from './der';
import { OID } from './oids';
import { rc2CbcDecrypt } from './rc2';

export interface Pkcs12Contents {
  /** PKCS#8 PrivateKeyInfo, DER. */
  readonly keys: Buffer[];
  readonly certificates: Buffer[];
}

export class Pkcs12PasswordError extends Error {
  constructor(readonly check: string) {
    super(`wrong password (${check} check failed)`);
    this.name = 'Pkcs12PasswordError';
  }
}

export class Pkcs12FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Pkcs12FormatError';
  }
}

const HMAC_HASHES: Readonly<Record<string, string>> = {
  [OID.hmacWithSha1]: 'sha1',
  [OID.hmacWithSha256]: 'sha256',
  [OID.hmacWithSha384]: 'sha384',
  [OID.hmacWithSha512]: 'sha512',
};

const DIGEST_NAMES: Readonly<Record<string, string>> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

const PBMAC1 = '1.2.840.113549.1.5.14';

/** The password as PKCS#12 key derivation wants it: BMPString with a terminating NUL. */
function bmpPassword(password: string): Buffer {
  const be = Buffer.from(password + '\0', 'utf16le');
  be.swap16();
  return be;
}

/** PKCS#12 key derivation (RFC 7292 appendix B.2). */
function pkcs12Kdf(hash: string, password: Buffer, salt: Buffer, id: number, iterations: number, length: number): Buffer {
  const v = hash === 'sha384' || hash === 'sha512' ? 128 : 64;
  const fill = (data: Buffer): Buffer => {
    if (data.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(data.length / v));
    for (let i = 0; i < out.length; i++) out[i] = data[i % data.length];
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([fill(salt), fill(password)]);
  const result: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let A = crypto.createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = crypto.createHash(hash).update(A).digest();
    result.push(A);
    produced += A.length;
    if (produced >= length) break;
    const B = Buffer.alloc(v);
    for (let i = 0; i < v; i++) B[i] = A[i % A.length];
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k] + B[k] + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(result).subarray(0, length);
}

/** The password forms to try: an empty password is written either as nothing or as a lone NUL. */
function passwordCandidates(password: string): { bmp: Buffer; utf8: Buffer }[] {
  const forms = [{ bmp: bmpPassword(password), utf8: Buffer.from(password, 'utf8') }];
  if (password === '') forms.push({ bmp: Buffer.alloc(0), utf8: Buffer.alloc(0) });
  return forms;
}

export function readPkcs12(pfx: Buffer, password: string): Pkcs12Contents {
  let root: Der;
  try {
    root = new Der(pfx, 0);
    root.expectTag(0x30, 'PFX');
  } catch (e) {
    throw new Pkcs12FormatError(`not a PKCS#12 file (${(e as Error).message})`);
  }
  const [version, authSafe, macData] = root.children;
  if (version?.smallInteger() !== 3) throw new Pkcs12FormatError('unsupported PKCS#12 version');
  if (authSafe.child(0).oid() !== OID.data) throw new Pkcs12FormatError('only password-integrity PKCS#12 files are supported');
  const authSafeBytes = authSafe.child(1).child(0).bytes();

  let candidates = passwordCandidates(password);
  if (macData) {
    candidates = candidates.filter((p) => macMatches(macData, authSafeBytes, p));
    if (candidates.length === 0) throw new Pkcs12PasswordError('integrity (MAC)');
  }

  const contents: Pkcs12Contents = { keys: [], certificates: [] };
  for (const info of new Der(authSafeBytes).children) {
    const type = info.child(0).oid();
    if (type === OID.data) {
      readSafeContents(info.child(1).child(0).bytes(), candidates, contents);
    } else if (type === OID.encryptedData) {
      const encryptedContentInfo = info.child(1).child(0).child(1);
      const algorithm = encryptedContentInfo.child(1);
      const encrypted = encryptedContentInfo.child(2);
      const ciphertext = encrypted.constructed ? encrypted.bytes() : encrypted.content;
      readSafeContents(decryptWithCandidates(algorithm, ciphertext, candidates), candidates, contents);
    } else {
      throw new Pkcs12FormatError(`unsupported PKCS#12 content type ${type} (public-key protected PFX files are not supported)`);
    }
  }
  return contents;
}

function macMatches(macData: Der, data: Buffer, password: { bmp: Buffer; utf8: Buffer }): boolean {
  const digestInfo = macData.child(0);
  const algorithm = digestInfo.child(0);
  const expected = digestInfo.child(1).content;
  const algorithmId = algorithm.child(0).oid();
  let actual: Buffer;
  if (algorithmId === PBMAC1) {
    // RFC 9579: a PBKDF2 key, then HMAC.
    const params = algorithm.child(1);
    const kdf = params.child(0);
    if (kdf.child(0).oid() !== OID.pbkdf2) throw new Pkcs12FormatError('unsupported PBMAC1 key derivation');
    const { salt, iterations, keyLength, prf } = pbkdf2Params(kdf.child(1));
    const macHash = HMAC_HASHES[params.child(1).child(0).oid()];
    if (!macHash || keyLength === undefined) throw new Pkcs12FormatError('unsupported PBMAC1 parameters');
    const key = crypto.pbkdf2Sync(password.utf8, salt, iterations, keyLength, prf);
    actual = crypto.createHmac(macHash, key).update(data).digest();
  } else {
    const hash = DIGEST_NAMES[algorithmId];
    if (!hash) throw new Pkcs12FormatError(`unsupported MAC digest ${algorithmId}`);
    const salt = macData.child(1).content;
    const iterations = macData.children[2] ? macData.child(2).smallInteger() : 1;
    const key = pkcs12Kdf(hash, password.bmp, salt, 3, iterations, crypto.createHash(hash).digest().length);
    actual = crypto.createHmac(hash, key).update(data).digest();
  }
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

function pbkdf2Params(params: Der): { salt: Buffer; iterations: number; keyLength?: number; prf: string } {
  const salt = params.child(0).expectTag(0x04, 'PBKDF2 salt').content;
  const iterations = params.child(1).smallInteger();
  let keyLength: number | undefined;
  let prf = 'sha1';
  for (const extra of params.children.slice(2)) {
    if (extra.tag === 0x02) keyLength = extra.smallInteger();
    else if (extra.tag === 0x30) {
      const hash = HMAC_HASHES[extra.child(0).oid()];
      if (!hash) throw new Pkcs12FormatError(`unsupported PBKDF2 pseudo-random function ${extra.child(0).oid()}`);
      prf = hash;
    }
  }
  return { salt, iterations, keyLength, prf };
}

const PBES2_CIPHERS: Readonly<Record<string, { name: string; keyLength: number }>> = {
  [OID.aes128Cbc]: { name: 'aes-128-cbc', keyLength: 16 },
  [OID.aes192Cbc]: { name: 'aes-192-cbc', keyLength: 24 },
  [OID.aes256Cbc]: { name: 'aes-256-cbc', keyLength: 32 },
  [OID.desEde3Cbc]: { name: 'des-ede3-cbc', keyLength: 24 },
};

/** Tries each password form; a wrong one shows as bad padding. */
function decryptWithCandidates(algorithm: Der, ciphertext: Buffer, candidates: { bmp: Buffer; utf8: Buffer }[]): Buffer {
  let lastError: unknown;
  for (const password of candidates) {
    try {
      return decrypt(algorithm, ciphertext, password);
    } catch (e) {
      if (e instanceof Pkcs12FormatError) throw e;
      lastError = e;
    }
  }
  throw new Pkcs12PasswordError(`decryption (${(lastError as Error)?.message ?? 'failed'})`);
}

function decrypt(algorithm: Der, ciphertext: Buffer, password: { bmp: Buffer; utf8: Buffer }): Buffer {
  const id = algorithm.child(0).oid();
  const params = algorithm.child(1);
  switch (id) {
    case OID.pbes2: {
      const kdf = params.child(0);
      const scheme = params.child(1);
      if (kdf.child(0).oid() !== OID.pbkdf2) throw new Pkcs12FormatError(`unsupported PBES2 key derivation ${kdf.child(0).oid()}`);
      const cipher = PBES2_CIPHERS[scheme.child(0).oid()];
      if (!cipher) throw new Pkcs12FormatError(`unsupported PBES2 cipher ${scheme.child(0).oid()}`);
      const { salt, iterations, keyLength, prf } = pbkdf2Params(kdf.child(1));
      const key = crypto.pbkdf2Sync(password.utf8, salt, iterations, keyLength ?? cipher.keyLength, prf);
      const iv = scheme.child(1).content;
      const decipher = crypto.createDecipheriv(cipher.name, key, iv);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    }
    case OID.pbeSha1And3KeyTripleDesCbc: {
      const salt = params.child(0).content;
      const iterations = params.child(1).smallInteger();
      const key = pkcs12Kdf('sha1', password.bmp, salt, 1, iterations, 24);
      const iv = pkcs12Kdf('sha1', password.bmp, salt, 2, iterations, 8);
      const decipher = crypto.createDecipheriv('des-ede3-cbc', key, iv);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    }
    case OID.pbeSha1And40BitRc2Cbc:
    case OID.pbeSha1And128BitRc2Cbc: {
      const bits = id === OID.pbeSha1And40BitRc2Cbc ? 40 : 128;
      const salt = params.child(0).content;
      const iterations = params.child(1).smallInteger();
      const key = pkcs12Kdf('sha1', password.bmp, salt, 1, iterations, bits / 8);
      const iv = pkcs12Kdf('sha1', password.bmp, salt, 2, iterations, 8);
      return rc2CbcDecrypt(key, bits, iv, ciphertext);
    }
    default:
      throw new Pkcs12FormatError(`unsupported encryption ${id}`);
  }
}

function readSafeContents(bytes: Buffer, candidates: { bmp: Buffer; utf8: Buffer }[], into: Pkcs12Contents): void {
  for (const bag of new Der(bytes).children) {
    const type = bag.child(0).oid();
    const value = bag.child(1).child(0);
    switch (type) {
      case OID.keyBag:
        into.keys.push(Buffer.from(value.raw));
        break;
      case OID.pkcs8ShroudedKeyBag:
        into.keys.push(decryptWithCandidates(value.child(0), value.child(1).bytes(), candidates));
        break;
      case OID.certBag:
        if (value.child(0).oid() === OID.x509Certificate) into.certificates.push(Buffer.from(value.child(1).child(0).bytes()));
        break;
      case OID.safeContentsBag:
        readSafeContents(value.raw, candidates, into);
        break;
      default:
        break; // CRL and secret bags carry nothing a signer needs
    }
  }
}
