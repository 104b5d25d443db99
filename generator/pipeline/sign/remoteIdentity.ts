/**
 * Signing identities whose key stays outside fixforge: a key on a PKCS#11 token, or a sign
 * command. The certificate chain comes from --cert. Before any file is signed the key is proven to
 * be the certificate's: public keys compared where the token reveals the public half, else one
 * probe signature over a random digest checked with the certificate's key.
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import { parseCertificate, readCertificates, type CertificateInfo } from './certificate';
import { commandKey } from './commandKey';
import { SignError } from './errors';
import { createSigningIdentity, samePublicKey, type SigningIdentity } from './identity';
import { openPkcs11Key, type Pkcs11KeyOptions } from './pkcs11Key';
import { remoteSignature, type RemoteKey } from './remoteKey';

export interface Pkcs11IdentityOptions extends Pkcs11KeyOptions {
  /** The signer certificate and its chain, PEM (several blocks) or one DER certificate. */
  readonly certPemPath: string;
  readonly now?: Date;
}

export interface CommandIdentityOptions {
  readonly command: string;
  readonly certPemPath: string;
  readonly timeoutSeconds?: number;
  readonly now?: Date;
}

async function readChain(certPath: string): Promise<{ ders: Buffer[]; parsed: CertificateInfo[] }> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(certPath);
  } catch (e) {
    throw new SignError('FF5002', ['certificate file', certPath, (e as NodeJS.ErrnoException).code ?? (e as Error).message]);
  }
  try {
    const ders = readCertificates(bytes);
    if (ders.length === 0) throw new SignError('FF5007', [certPath, 'certificate']);
    return { ders, parsed: ders.map((d) => parseCertificate(d)) };
  } catch (e) {
    if (e instanceof SignError) throw e;
    throw new SignError('FF5006', ['certificate file', certPath, (e as Error).message]);
  }
}

/** The certificate public key that `key` belongs to, or FF5046. */
async function provenPublicKey(key: RemoteKey, parsed: readonly CertificateInfo[]): Promise<KeyObject> {
  const sameType = parsed.filter((c) => c.publicKey.asymmetricKeyType === key.keyType);
  if (key.publicKey) {
    const match = sameType.find((c) => samePublicKey(c.publicKey, key.publicKey!));
    if (match) return match.publicKey;
  } else {
    // The token keeps its public half to itself (some PIV cards, some HSM policies): one probe.
    const probe = crypto.randomBytes(32);
    for (const c of sameType) {
      if (await remoteSignature(key, probe, c.publicKey, 'a probe signature')) return c.publicKey;
    }
  }
  throw new SignError('FF5046', [key.description, parsed[0].subject]);
}

async function identityFor(key: RemoteKey, parsed: CertificateInfo[], ders: Buffer[], source: string, now: Date): Promise<SigningIdentity> {
  try {
    const publicKey = await provenPublicKey(key, parsed);
    return createSigningIdentity({ ...key, publicKey }, ders, source, now);
  } catch (e) {
    await key.close();
    throw e;
  }
}

/** Opens the token session (logged in once) that every file of the build is signed with. */
export async function loadPkcs11Identity(opts: Pkcs11IdentityOptions): Promise<SigningIdentity> {
  const { ders, parsed } = await readChain(opts.certPemPath);
  const key = await openPkcs11Key(opts);
  return identityFor(key, parsed, ders, opts.certPemPath, opts.now ?? new Date());
}

/** The command's key type is the signer certificate's (the first in --cert); one probe proves the pair. */
export async function loadCommandIdentity(opts: CommandIdentityOptions): Promise<SigningIdentity> {
  const { ders, parsed } = await readChain(opts.certPemPath);
  const signer = parsed[0];
  const keyType = signer.publicKey.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') throw new SignError('FF5013', [keyType ?? 'unknown']);
  const key = commandKey({ command: opts.command, keyType, publicKey: signer.publicKey, timeoutSeconds: opts.timeoutSeconds });
  const probe = crypto.randomBytes(32);
  if (!(await remoteSignature(key, probe, signer.publicKey, 'a probe signature'))) throw new SignError('FF5046', [key.description, signer.subject]);
  return createSigningIdentity(key, ders, opts.certPemPath, opts.now ?? new Date());
}

/** Ends a remote key's session, if the identity has one. */
export async function closeSigningIdentity(identity: SigningIdentity): Promise<void> {
  await identity.remoteKey?.close();
}
