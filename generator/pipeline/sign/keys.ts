/**
 * Loading a signing identity from a PFX (password from an environment variable, never from a
 * flag, never logged) or from a PEM private key plus PEM certificates.
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import { readCertificates } from './certificate';
import { SignError } from './errors';
import { createSigningIdentity, samePublicKey, type SigningIdentity } from './identity';
import { Pkcs12FormatError, Pkcs12PasswordError, readPkcs12 } from './pkcs12';

export interface LoadSigningIdentityOptions {
  readonly pfxPath?: string;
  /** Name of the environment variable that holds the PFX password (also used for an encrypted PEM key). */
  readonly pfxPasswordEnv?: string;
  readonly keyPemPath?: string;
  /** The signer certificate and its chain, PEM (several blocks) or one DER certificate. */
  readonly certPemPath?: string;
  /** The time the certificate must be valid at; defaults to now. */
  readonly now?: Date;
}

export async function loadSigningIdentity(opts: LoadSigningIdentityOptions): Promise<SigningIdentity> {
  const now = opts.now ?? new Date();
  if (opts.pfxPath) {
    if (opts.keyPemPath || opts.certPemPath) throw new SignError('FF5003', ['give either a PFX file or a PEM key and certificate, not both']);
    return loadFromPfx(opts.pfxPath, opts.pfxPasswordEnv, now);
  }
  if (opts.keyPemPath && opts.certPemPath) return loadFromPem(opts.keyPemPath, opts.certPemPath, opts.pfxPasswordEnv, now);
  if (opts.keyPemPath) throw new SignError('FF5003', ['a PEM key needs its certificate (--cert)']);
  if (opts.certPemPath) throw new SignError('FF5003', ['a certificate needs its PEM private key (--key)']);
  throw new SignError('FF5003', ['give a PFX file (--pfx) or a PEM key and certificate (--key, --cert)']);
}

async function readInput(kind: string, file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    throw new SignError('FF5002', [kind, file, (e as NodeJS.ErrnoException).code ?? (e as Error).message]);
  }
}

function passwordFrom(envName: string | undefined): string | undefined {
  if (envName === undefined) return undefined;
  const value = process.env[envName];
  if (value === undefined) throw new SignError('FF5004', [envName]);
  return value;
}

async function loadFromPfx(pfxPath: string, passwordEnv: string | undefined, now: Date): Promise<SigningIdentity> {
  const bytes = await readInput('PFX file', pfxPath);
  const password = passwordFrom(passwordEnv) ?? '';
  let contents;
  try {
    contents = readPkcs12(bytes, password);
  } catch (e) {
    if (e instanceof Pkcs12PasswordError) {
      if (passwordEnv === undefined) {
        throw new SignError('FF5003', [`'${pfxPath}' is password-protected: name the environment variable that holds its password (--pfx-password-env)`]);
      }
      throw new SignError('FF5005', [pfxPath, e.check]);
    }
    throw new SignError('FF5006', ['PFX file', pfxPath, e instanceof Pkcs12FormatError ? e.message : String((e as Error).message ?? e)]);
  }
  if (contents.keys.length === 0) throw new SignError('FF5007', [pfxPath, 'private key']);
  const keys = contents.keys.map((der) => {
    try {
      return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } catch (e) {
      throw new SignError('FF5006', ['private key in', pfxPath, (e as Error).message]);
    }
  });
  return createSigningIdentity(pickKey(keys, contents.certificates), contents.certificates, pfxPath, now);
}

/** With several keys in one PFX, the one that has a certificate. */
function pickKey(keys: KeyObject[], certificates: Buffer[]): KeyObject {
  if (keys.length === 1) return keys[0];
  const publicKeys = certificates.flatMap((der) => {
    try {
      return [new crypto.X509Certificate(der).publicKey];
    } catch {
      return [];
    }
  });
  return keys.find((k) => publicKeys.some((p) => samePublicKey(p, crypto.createPublicKey(k)))) ?? keys[0];
}

async function loadFromPem(keyPath: string, certPath: string, passwordEnv: string | undefined, now: Date): Promise<SigningIdentity> {
  const keyBytes = await readInput('private key', keyPath);
  const certBytes = await readInput('certificate file', certPath);
  const keyText = keyBytes.toString('latin1');
  const encrypted = keyText.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type:\s*4,ENCRYPTED/.test(keyText);
  if (encrypted && passwordEnv === undefined) {
    throw new SignError('FF5003', [`'${keyPath}' is encrypted: name the environment variable that holds its password (--pfx-password-env)`]);
  }
  const passphrase = encrypted ? passwordFrom(passwordEnv) : undefined;
  let privateKey: KeyObject;
  try {
    privateKey = crypto.createPrivateKey(passphrase === undefined ? { key: keyBytes } : { key: keyBytes, passphrase });
  } catch (e) {
    if (encrypted) throw new SignError('FF5005', [keyPath, 'decryption']);
    throw new SignError('FF5006', ['private key', keyPath, (e as Error).message]);
  }
  let certificates: Buffer[];
  try {
    certificates = readCertificates(certBytes);
    // A combined PEM (key and certificates in one file) is common too.
    if (keyBytes.includes('-----BEGIN CERTIFICATE-----')) certificates.push(...readCertificates(keyBytes));
  } catch (e) {
    throw new SignError('FF5006', ['certificate file', certPath, (e as Error).message]);
  }
  return createSigningIdentity(privateKey, certificates, certPath, now);
}
