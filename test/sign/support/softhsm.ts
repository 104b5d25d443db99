/**
 * A real PKCS#11 token for the tests: SoftHSM2 (scripts/setup-softhsm.sh), with its token store in
 * a temporary directory named by its own SOFTHSM2_CONF, so nothing touches the machine's tokens.
 * Keys are imported with softhsm2-util, as an administrator would import a CA-issued key.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
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

/**
 * Puts an EC private key on the token the way a YubiKey's PIV slot 9c holds one: marked
 * CKA_ALWAYS_AUTHENTICATE (the PIN again for every signature) and without a public key object, so
 * the signer cannot read the public half and must prove the pair with a probe signature.
 * Written through pkcs11js (C_CreateObject): softhsm2-util cannot set the attribute.
 */
export function importAlwaysAuthenticateEcKey(token: SoftToken, pin: string, keyPem: string, label: string, idHex: string): void {
  const jwk = crypto.createPrivateKey(fs.readFileSync(keyPem)).export({ format: 'jwk' });
  const params = { 'P-256': '06082a8648ce3d030107', 'P-384': '06052b81040022' }[jwk.crv as 'P-256' | 'P-384'];
  const script = `
    const p = require('pkcs11js'); const [module, label, pin, keyLabel, id, params, d] = process.argv.slice(1);
    const l = new p.PKCS11(); l.load(module); l.C_Initialize();
    try {
      const slot = l.C_GetSlotList(true).find((s) => l.C_GetTokenInfo(s).label.trim() === label);
      const s = l.C_OpenSession(slot, p.CKF_SERIAL_SESSION | p.CKF_RW_SESSION); l.C_Login(s, p.CKU_USER, pin);
      l.C_CreateObject(s, [
        { type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY }, { type: p.CKA_KEY_TYPE, value: p.CKK_EC },
        { type: p.CKA_TOKEN, value: true }, { type: p.CKA_PRIVATE, value: true }, { type: p.CKA_SENSITIVE, value: true },
        { type: p.CKA_SIGN, value: true }, { type: p.CKA_ALWAYS_AUTHENTICATE, value: true },
        { type: p.CKA_LABEL, value: keyLabel }, { type: p.CKA_ID, value: Buffer.from(id, 'hex') },
        { type: p.CKA_EC_PARAMS, value: Buffer.from(params, 'hex') }, { type: p.CKA_VALUE, value: Buffer.from(d, 'base64url') },
      ]);
      l.C_Logout(s); l.C_CloseSession(s);
    } finally { l.C_Finalize(); l.close(); }`;
  execFileSync(process.execPath, ['-e', script, softhsmModule(), token.label, pin, label, idHex, params, jwk.d!], { env: token.env, stdio: 'pipe', cwd: path.join(__dirname, '../../..') });
}
