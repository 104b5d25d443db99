/**
 * The development signing certificate: created once per project under
 * `.fixforge/dev-signing/` (git-ignored), reused afterwards, so that unconfigured builds still
 * produce signed files that testers can trust on a lab machine by importing the `.cer`.
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  algorithmIdentifier,
  bitString,
  boolean,
  Der,
  explicit,
  integer,
  objectIdentifier,
  octetString,
  sequence,
  setOf,
  time,
  utf8String,
} from './der';
import { SignError } from './errors';
import type { SigningIdentity } from './identity';
import { loadSigningIdentity } from './keys';
import { OID } from './oids';

export const DEV_CERTIFICATE_SUBJECT = 'fixforge development signing (DO NOT DEPLOY)';
const DIR = path.join('.fixforge', 'dev-signing');
const KEY_FILE = 'key.pem';
const CERT_FILE = 'cert.pem';
const CER_FILE = 'fixforge-development-signing.cer';
const VALIDITY_YEARS = 5;

export interface DevCertificate {
  readonly identity: SigningIdentity;
  /** The public certificate, DER: what a tester imports into Trusted Root and Trusted Publishers. */
  readonly cerPath: string;
  readonly created: boolean;
}

export async function ensureDevCertificate(projectDir: string, now: Date = new Date()): Promise<DevCertificate> {
  const dir = path.join(projectDir, DIR);
  const existing = await loadExisting(dir, now);
  if (existing === 'expired') {
    await fs.rename(dir, `${dir}.expired-${now.toISOString().replace(/[:.]/g, '-')}`).catch(() => undefined);
  } else if (existing) {
    return { identity: existing, cerPath: path.join(dir, CER_FILE), created: false };
  }

  let created = false;
  try {
    await fs.mkdir(path.dirname(dir), { recursive: true });
    const staging = await fs.mkdtemp(`${dir}.tmp-`);
    try {
      await writeNewCertificate(staging, now);
      await fs.rename(staging, dir);
      created = true;
    } catch (e) {
      await fs.rm(staging, { recursive: true, force: true });
      // Another build created it first: use theirs.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw e;
    }
  } catch (e) {
    throw new SignError('FF5017', [dir, (e as Error).message]);
  }
  const identity = await loadExisting(dir, now);
  if (!identity || identity === 'expired') throw new SignError('FF5017', [dir, 'the certificate just created cannot be loaded']);
  return { identity, cerPath: path.join(dir, CER_FILE), created };
}

async function loadExisting(dir: string, now: Date): Promise<SigningIdentity | 'expired' | undefined> {
  try {
    await fs.access(path.join(dir, CER_FILE));
  } catch {
    return undefined;
  }
  try {
    return await loadSigningIdentity({ keyPemPath: path.join(dir, KEY_FILE), certPemPath: path.join(dir, CERT_FILE), now });
  } catch (e) {
    if (e instanceof SignError && (e.code === 'FF5011' || e.code === 'FF5012')) return 'expired';
    throw new SignError('FF5017', [dir, (e as Error).message]);
  }
}

async function writeNewCertificate(dir: string, now: Date): Promise<void> {
  const { privateKey, publicKey } = await promisify(crypto.generateKeyPair)('rsa', { modulusLength: 2048 });
  const notBefore = new Date(now.getTime() - 24 * 3600 * 1000); // tolerate clocks a little behind
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
  const der = selfSignedCodeSigningCertificate(privateKey, publicKey, DEV_CERTIFICATE_SUBJECT, notBefore, notAfter);
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  await fs.writeFile(path.join(dir, KEY_FILE), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  await fs.writeFile(path.join(dir, CERT_FILE), pem);
  await fs.writeFile(path.join(dir, CER_FILE), der);
  await fs.writeFile(
    path.join(dir, 'README.txt'),
    'Development code-signing key and certificate created by fixforge for unconfigured builds.\n' +
      'Trust the .cer only on test machines (Trusted Root + Trusted Publishers). Never deploy it.\n' +
      'Delete this folder to get a new one.\n',
  );
}

/**
 * A self-signed certificate shaped like New-SelfSignedCertificate -Type CodeSigningCert:
 * key usage digitalSignature, extended key usage codeSigning, no basic constraints.
 */
export function selfSignedCodeSigningCertificate(privateKey: KeyObject, publicKey: KeyObject, commonName: string, notBefore: Date, notAfter: Date): Buffer {
  const name = sequence(setOf([sequence(objectIdentifier(OID.commonName), utf8String(commonName))]));
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const subjectKeyId = crypto.createHash('sha1').update(new Der(spki).child(1).content.subarray(1)).digest();
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40;
  const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
    sequence(objectIdentifier(id), ...(critical ? [boolean(true)] : []), octetString(value));
  const signatureAlgorithm = algorithmIdentifier(OID.sha256WithRsa, null);
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial),
    signatureAlgorithm,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    spki,
    explicit(
      3,
      sequence(
        extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)),
        extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.codeSigning))),
        extension(OID.subjectKeyIdentifier, false, octetString(subjectKeyId)),
      ),
    ),
  );
  return sequence(tbs, signatureAlgorithm, bitString(crypto.sign('sha256', tbs, privateKey)));
}
