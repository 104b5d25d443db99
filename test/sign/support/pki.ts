/**
 * Test certificates made with the openssl command line in a temporary directory: an independent
 * source, so that the signer's own certificate code is not what the tests trust.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function openssl(cwd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await run('openssl', args, { cwd, env: { ...process.env, ...env } });
  return stdout;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fixforge-${prefix}-`));
}

export interface Pki {
  readonly dir: string;
  readonly file: (name: string) => string;
  readonly read: (name: string) => Buffer;
}

const EXTENSIONS = `
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[codesign]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[noeku]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash

[nodigitalsignature]
basicConstraints = CA:FALSE
keyUsage = critical, keyEncipherment
extendedKeyUsage = codeSigning

[tsa]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
`;

async function rsaKey(dir: string, name: string): Promise<void> {
  await openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`]);
}

async function ecKey(dir: string, name: string): Promise<void> {
  await openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
}

async function selfSignedCa(dir: string, name: string, subject: string): Promise<void> {
  await openssl(dir, ['req', '-new', '-x509', '-key', `${name}.key`, '-subj', subject, '-days', '3650', '-sha256', '-config', 'ext.cnf', '-extensions', 'ca', '-out', `${name}.pem`]);
}

async function issue(dir: string, name: string, keyName: string, subject: string, issuer: string, section: string, days: number): Promise<void> {
  await openssl(dir, ['req', '-new', '-key', `${keyName}.key`, '-subj', subject, '-config', 'ext.cnf', '-out', `${name}.csr`]);
  await openssl(dir, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial',
    '-days', String(days), '-sha256', '-extfile', 'ext.cnf', '-extensions', section, '-out', `${name}.pem`,
  ]);
}

/**
 * root (EC) → intermediate (EC) → leaf (RSA, codeSigning), plus variants of the leaf that must be
 * refused, a second RSA key, and a separate TSA hierarchy: tsaroot (EC) → tsa (RSA, timeStamping).
 */
export async function createPki(options: { variants?: boolean; tsa?: boolean } = {}): Promise<Pki> {
  const dir = makeTempDir('pki');
  fs.writeFileSync(path.join(dir, 'ext.cnf'), `[req]\ndistinguished_name = dn\n[dn]\n${EXTENSIONS}`);
  await Promise.all([ecKey(dir, 'root'), ecKey(dir, 'inter'), rsaKey(dir, 'leaf')]);
  await selfSignedCa(dir, 'root', '/CN=fixforge Test Root');
  await issue(dir, 'inter', 'inter', '/CN=fixforge Test Intermediate', 'root', 'ca', 3000);
  await issue(dir, 'leaf', 'leaf', '/C=DE/O=fixforge tests/CN=fixforge Test Signer', 'inter', 'codesign', 365);
  fs.writeFileSync(path.join(dir, 'chain.pem'), Buffer.concat([fs.readFileSync(path.join(dir, 'leaf.pem')), fs.readFileSync(path.join(dir, 'inter.pem'))]));
  if (options.variants) {
    await Promise.all([rsaKey(dir, 'other'), ecKey(dir, 'ecleaf')]);
    await issue(dir, 'noeku', 'leaf', '/CN=fixforge Server Cert', 'inter', 'noeku', 365);
    await issue(dir, 'nodigsig', 'leaf', '/CN=fixforge No DigitalSignature', 'inter', 'nodigitalsignature', 365);
    await issue(dir, 'ecleaf', 'ecleaf', '/CN=fixforge EC Signer', 'inter', 'codesign', 365);
    fs.writeFileSync(path.join(dir, 'ecchain.pem'), Buffer.concat([fs.readFileSync(path.join(dir, 'ecleaf.pem')), fs.readFileSync(path.join(dir, 'inter.pem'))]));
  }
  if (options.tsa) {
    await Promise.all([ecKey(dir, 'tsaroot'), rsaKey(dir, 'tsa')]);
    await selfSignedCa(dir, 'tsaroot', '/CN=fixforge Test TSA Root');
    await issue(dir, 'tsa', 'tsa', '/CN=fixforge Test TSA', 'tsaroot', 'tsa', 3000);
  }
  return { dir, file: (name) => path.join(dir, name), read: (name) => fs.readFileSync(path.join(dir, name)) };
}
