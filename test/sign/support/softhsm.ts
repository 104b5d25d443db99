/**
 * A real PKCS#11 token for the tests: SoftHSM2 (scripts/setup-softhsm.sh), with its token store in
 * a temporary directory named by its own SOFTHSM2_CONF, so nothing touches the machine's tokens.
 * Keys are imported with softhsm2-util, as an administrator would import a CA-issued key.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const MODULES = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/local/lib/softhsm/libsofthsm2.so'];

/** The SoftHSM2 PKCS#11 library; throws when setup has not installed it. */
export function softhsmModule(): string {
  const found = MODULES.find((m) => fs.existsSync(m));
  if (!found) throw new Error(`SoftHSM2 is not installed (looked for ${MODULES.join(', ')}): run npm run setup`);
  return found;
}

export interface SoftToken {
  readonly label: string;
  /** The environment a process needs to see this token (SOFTHSM2_CONF). */
  readonly env: NodeJS.ProcessEnv;
  readonly tokenDir: string;
}

function writeConf(dir: string, tokenDir: string): string {
  const conf = path.join(dir, 'softhsm2.conf');
  fs.writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  return conf;
}

export function createSoftToken(dir: string, label: string, pin: string, soPin: string): SoftToken {
  const tokenDir = path.join(dir, 'tokens');
  fs.mkdirSync(tokenDir, { recursive: true });
  const env = { ...process.env, SOFTHSM2_CONF: writeConf(dir, tokenDir) };
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin], { env, stdio: 'pipe' });
  return { label, env, tokenDir };
}

/** Imports a PEM private key (any form OpenSSL reads) as a key pair with the label and id given. */
export function importKey(token: SoftToken, pin: string, keyPem: string, label: string, idHex: string): void {
  const pkcs8 = `${keyPem}.p8`;
  execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', keyPem, '-out', pkcs8], { stdio: 'pipe' });
  execFileSync('softhsm2-util', ['--import', pkcs8, '--token', token.label, '--label', label, '--id', idHex, '--pin', pin], { env: token.env, stdio: 'pipe' });
  fs.rmSync(pkcs8);
}

/** CKA_OS_TOKENFLAGS, SoftHSM2's vendor attribute that holds the token's CK_TOKEN_INFO flags. */
const OS_TOKENFLAGS = Buffer.from('000000008000534b', 'hex');
const CKF_USER_PIN_LOCKED = 0x40000n;

/**
 * A copy of the token in the state a hardware token is in after too many wrong PINs: its token
 * info says CKF_USER_PIN_LOCKED. SoftHSM2 keeps no retry counter of its own, so the flag is set
 * where SoftHSM2 stores it (its token.object: type, kind, then the 8-byte big-endian value).
 */
export function lockedCopy(token: SoftToken, dir: string): SoftToken {
  const tokenDir = path.join(dir, 'tokens');
  fs.cpSync(token.tokenDir, tokenDir, { recursive: true });
  const [slotDir] = fs.readdirSync(tokenDir).filter((d) => fs.existsSync(path.join(tokenDir, d, 'token.object')));
  const file = path.join(tokenDir, slotDir, 'token.object');
  const bytes = fs.readFileSync(file);
  const at = bytes.indexOf(OS_TOKENFLAGS);
  if (at < 0 || bytes.readBigUInt64BE(at + 8) !== 2n) throw new Error(`no CKA_OS_TOKENFLAGS in ${file}: SoftHSM2's store format changed`);
  bytes.writeBigUInt64BE(bytes.readBigUInt64BE(at + 16) | CKF_USER_PIN_LOCKED, at + 16);
  fs.writeFileSync(file, bytes);
  return { label: token.label, env: { ...process.env, SOFTHSM2_CONF: writeConf(dir, tokenDir) }, tokenDir };
}
