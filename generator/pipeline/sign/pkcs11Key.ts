/**
 * A signing key on a PKCS#11 token (HSM, smart card, YubiKey PIV, SoftHSM2), through pkcs11js.
 *
 * Why pkcs11js: it is the maintained binding (PeculiarVentures, also the base of graphene-pk11),
 * a thin 1:1 mapping of the Cryptoki C API with TypeScript types and real CKR_* error codes;
 * graphene-pk11 would add an object layer over the same addon that the dozen calls below do not
 * need. It is loaded only when a PKCS#11 route is used, so a machine where the native addon did
 * not build still builds and signs with PFX/PEM keys.
 *
 * One session for the whole build, logged in once (plus the per-signature context login a key
 * marked CKA_ALWAYS_AUTHENTICATE demands); signatures are serialised on it (a PKCS#11
 * session runs one operation at a time) and run on the thread pool (C_SignAsync), so the event
 * loop stays free. The PIN is read from the environment variable named, passed to C_Login and
 * forgotten: it is never part of a message, a log line or --json.
 */
import type { KeyObject } from 'node:crypto';
import type * as Pkcs11Js from 'pkcs11js';
import { SignError } from './errors';
import { ecPublicKey, rsaPublicKey, sha256DigestInfo, type RemoteKey } from './remoteKey';

export interface Pkcs11KeyOptions {
  /** The token vendor's PKCS#11 library (.so, .dylib, .dll). */
  readonly module: string;
  /** The token's label; may be omitted when exactly one token is present. */
  readonly token?: string;
  /** The private key's CKA_LABEL, or its CKA_ID in hex. */
  readonly key: string;
  /** Name of the environment variable holding the user PIN; none for a PIN pad (protected authentication path). */
  readonly pinEnv?: string;
  readonly env?: NodeJS.ProcessEnv;
}

type Binding = typeof Pkcs11Js;

function loadBinding(module: string): Binding {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('pkcs11js') as Binding;
  } catch (e) {
    throw new SignError('FF5040', [module, `the pkcs11js binding is not installed or its native addon did not build (${(e as Error).message.split('\n')[0]}); run npm ci again`]);
  }
}

/** The CKR_* name of a Cryptoki failure, or the native message. */
function reason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0];
}

function isCkr(e: unknown, code: number): boolean {
  return typeof (e as { code?: unknown })?.code === 'number' && (e as { code: number }).code === code;
}

const trimLabel = (label: string): string => label.replace(/[\s\0]+$/, '');

export async function openPkcs11Key(opts: Pkcs11KeyOptions): Promise<RemoteKey> {
  const env = opts.env ?? process.env;
  // The PIN is checked for before the module is loaded: nothing is touched when it is missing.
  let pin: string | undefined;
  if (opts.pinEnv !== undefined) {
    pin = env[opts.pinEnv];
    if (pin === undefined) throw new SignError('FF5042', [opts.pinEnv]);
  }
  const p11 = loadBinding(opts.module);
  const lib = new p11.PKCS11();
  try {
    lib.load(opts.module);
  } catch (e) {
    throw new SignError('FF5040', [opts.module, reason(e)]);
  }
  let initialized = false;
  let session: Buffer | undefined;
  let loggedIn = false;
  const shutdown = (): void => {
    try {
      if (loggedIn && session) lib.C_Logout(session);
    } catch {
      /* the session may already be gone */
    }
    try {
      if (session) lib.C_CloseSession(session);
    } catch {
      /* idem */
    }
    try {
      if (initialized) lib.C_Finalize();
    } catch {
      /* idem */
    }
    try {
      lib.close();
    } catch {
      /* idem */
    }
    loggedIn = false;
    session = undefined;
    initialized = false;
  };
  const step = <T>(name: string, tokenLabel: string, call: () => T): T => {
    try {
      return call();
    } catch (e) {
      throw new SignError('FF5048', [tokenLabel, name, reason(e)]);
    }
  };

  try {
    try {
      lib.C_Initialize();
      initialized = true;
    } catch (e) {
      if (!isCkr(e, p11.CKR_CRYPTOKI_ALREADY_INITIALIZED)) throw new SignError('FF5040', [opts.module, `C_Initialize: ${reason(e)}`]);
    }
    const { slot, info } = findToken(p11, lib, opts);
    const tokenLabel = trimLabel(info.label);
    if (info.flags & p11.CKF_USER_PIN_LOCKED) throw new SignError('FF5044', [tokenLabel]);
    session = step('C_OpenSession', tokenLabel, () => lib.C_OpenSession(slot, p11.CKF_SERIAL_SESSION));
    const protectedPath = (info.flags & p11.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0;
    if (pin === undefined && !protectedPath && info.flags & p11.CKF_LOGIN_REQUIRED) {
      throw new SignError('FF5055', [`token '${tokenLabel}' needs its PIN: name the environment variable that holds it (--pkcs11-pin-env)`]);
    }
    if (pin !== undefined || protectedPath) {
      try {
        lib.C_Login(session, p11.CKU_USER, pin);
        loggedIn = true;
      } catch (e) {
        if (isCkr(e, p11.CKR_USER_ALREADY_LOGGED_IN)) loggedIn = true;
        else if (isCkr(e, p11.CKR_PIN_INCORRECT)) throw new SignError('FF5043', [tokenLabel, opts.pinEnv ?? 'the PIN pad']);
        else if (isCkr(e, p11.CKR_PIN_LOCKED)) throw new SignError('FF5044', [tokenLabel]);
        else throw new SignError('FF5048', [tokenLabel, 'C_Login', reason(e)]);
      }
    }
    const s = session;
    const key = findPrivateKey(p11, lib, s, tokenLabel, opts.key);
    // A key with CKA_ALWAYS_AUTHENTICATE (a YubiKey's PIV slot 9c, many HSM signing policies) wants
    // the PIN again for every signature (CKU_CONTEXT_SPECIFIC): only then is it kept, in this closure.
    const always = attribute(lib, s, key.handle, p11.CKA_ALWAYS_AUTHENTICATE)?.[0] === 1;
    const contextPin = always ? pin : undefined;
    pin = undefined;
    const description = `key '${opts.key}' on PKCS#11 token '${tokenLabel}'`;
    const keyType = step('C_GetAttributeValue', tokenLabel, () => lib.C_GetAttributeValue(s, key.handle, [{ type: p11.CKA_KEY_TYPE }]))[0].value as Buffer;
    const type = keyType.readUIntLE(0, Math.min(keyType.length, 6));
    if (type !== p11.CKK_RSA && type !== p11.CKK_EC) throw new SignError('FF5047', [description, `CKK 0x${type.toString(16)}`]);
    const isRsa = type === p11.CKK_RSA;
    const publicKey = isRsa ? rsaKeyOf(p11, lib, s, key.handle) : ecKeyOf(p11, lib, s, key.handle, key.id);
    if (publicKey && isRsa !== (publicKey.asymmetricKeyType === 'rsa')) throw new SignError('FF5047', [description, publicKey.asymmetricKeyType ?? '?']);
    if (publicKey?.asymmetricKeyType === 'ec') {
      const curve = publicKey.asymmetricKeyDetails?.namedCurve;
      if (curve !== 'prime256v1' && curve !== 'secp384r1') throw new SignError('FF5047', [description, `ECDSA on ${curve ?? 'an unknown curve'}`]);
    }
    const mechanism = { mechanism: isRsa ? p11.CKM_RSA_PKCS : p11.CKM_ECDSA };
    const modulusBytes = publicKey?.asymmetricKeyDetails?.modulusLength ? Math.ceil(publicKey.asymmetricKeyDetails.modulusLength / 8) : 1024;

    // One operation at a time on the one session.
    let queue: Promise<unknown> = Promise.resolve();
    let closed = false;
    const signOnce = async (digest: Buffer): Promise<Buffer> => {
      if (closed || !session) throw new SignError('FF5048', [tokenLabel, 'C_Sign', 'the session was closed']);
      const input = isRsa ? sha256DigestInfo(digest) : digest;
      try {
        lib.C_SignInit(s, mechanism, key.handle);
        if (always) lib.C_Login(s, p11.CKU_CONTEXT_SPECIFIC, contextPin);
        return Buffer.from(await lib.C_SignAsync(s, input, Buffer.alloc(Math.max(modulusBytes, 256))));
      } catch (e) {
        throw new SignError('FF5048', [tokenLabel, 'C_Sign', reason(e)]);
      }
    };
    return {
      keyType: isRsa ? 'rsa' : 'ec',
      description,
      publicKey,
      signDigest: (digest) => {
        const result = queue.then(() => signOnce(digest));
        queue = result.catch(() => undefined);
        return result;
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await queue;
        shutdown();
      },
    };
  } catch (e) {
    pin = undefined;
    shutdown();
    throw e;
  }
}

function findToken(p11: Binding, lib: Pkcs11Js.PKCS11, opts: Pkcs11KeyOptions): { slot: Buffer; info: Pkcs11Js.TokenInfo } {
  let tokens: { slot: Buffer; info: Pkcs11Js.TokenInfo }[];
  try {
    tokens = lib.C_GetSlotList(true).map((slot) => ({ slot, info: lib.C_GetTokenInfo(slot) }));
  } catch (e) {
    throw new SignError('FF5040', [opts.module, `C_GetSlotList: ${reason(e)}`]);
  }
  // Uninitialised tokens (SoftHSM2's free slot) cannot hold a key.
  const usable = tokens.filter((t) => t.info.flags & p11.CKF_TOKEN_INITIALIZED);
  const names = usable.map((t) => `'${trimLabel(t.info.label)}'`).join(', ') || 'none';
  if (opts.token === undefined) {
    if (usable.length === 1) return usable[0];
    throw new SignError('FF5041', ['(none given)', opts.module, names]);
  }
  const found = usable.find((t) => trimLabel(t.info.label) === opts.token);
  if (!found) throw new SignError('FF5041', [opts.token, opts.module, names]);
  return found;
}

interface FoundKey {
  readonly handle: Buffer;
  readonly id?: Buffer;
}

function findObjects(lib: Pkcs11Js.PKCS11, session: Buffer, template: Pkcs11Js.Template): Buffer[] {
  lib.C_FindObjectsInit(session, template);
  try {
    const all: Buffer[] = [];
    for (;;) {
      const batch = lib.C_FindObjects(session, 32);
      all.push(...batch);
      if (batch.length < 32) return all;
    }
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

function attribute(lib: Pkcs11Js.PKCS11, session: Buffer, handle: Buffer, type: number): Buffer | undefined {
  try {
    const value = lib.C_GetAttributeValue(session, handle, [{ type }])[0].value;
    return Buffer.isBuffer(value) && value.length > 0 ? value : undefined;
  } catch {
    return undefined; // CKR_ATTRIBUTE_SENSITIVE / _TYPE_INVALID: the token does not reveal it.
  }
}

function findPrivateKey(p11: Binding, lib: Pkcs11Js.PKCS11, session: Buffer, tokenLabel: string, wanted: string): FoundKey {
  const step = <T>(call: () => T): T => {
    try {
      return call();
    } catch (e) {
      throw new SignError('FF5048', [tokenLabel, 'C_FindObjects', reason(e)]);
    }
  };
  const privateKeys = { type: p11.CKA_CLASS, value: p11.CKO_PRIVATE_KEY };
  let handles = step(() => findObjects(lib, session, [privateKeys, { type: p11.CKA_LABEL, value: wanted }]));
  const hex = wanted.replace(/^(id:|0x)/i, '').replace(/:/g, '');
  if (handles.length === 0 && /^([0-9a-f]{2})+$/i.test(hex)) {
    handles = step(() => findObjects(lib, session, [privateKeys, { type: p11.CKA_ID, value: Buffer.from(hex, 'hex') }]));
  }
  if (handles.length === 1) return { handle: handles[0], id: attribute(lib, session, handles[0], p11.CKA_ID) };
  if (handles.length > 1) throw new SignError('FF5049', [String(handles.length), tokenLabel, wanted]);
  const present = step(() => findObjects(lib, session, [privateKeys])).map((h) => {
    const label = attribute(lib, session, h, p11.CKA_LABEL)?.toString('utf8');
    const id = attribute(lib, session, h, p11.CKA_ID)?.toString('hex');
    return [label && `'${label}'`, id && `id ${id}`].filter(Boolean).join(' ') || '(unnamed)';
  });
  throw new SignError('FF5045', [tokenLabel, wanted, present.join(', ') || 'none (or none visible before login)']);
}

function rsaKeyOf(p11: Binding, lib: Pkcs11Js.PKCS11, session: Buffer, handle: Buffer): KeyObject | undefined {
  const n = attribute(lib, session, handle, p11.CKA_MODULUS);
  const e = attribute(lib, session, handle, p11.CKA_PUBLIC_EXPONENT);
  return n && e ? rsaPublicKey(n, e) : undefined;
}

/** A private EC key carries no point: read it from the public key object with the same CKA_ID. */
function ecKeyOf(p11: Binding, lib: Pkcs11Js.PKCS11, session: Buffer, handle: Buffer, id: Buffer | undefined): KeyObject | undefined {
  const params = attribute(lib, session, handle, p11.CKA_EC_PARAMS);
  if (!params || !id) return undefined;
  let publicHandles: Buffer[];
  try {
    publicHandles = findObjects(lib, session, [{ type: p11.CKA_CLASS, value: p11.CKO_PUBLIC_KEY }, { type: p11.CKA_ID, value: id }]);
  } catch {
    return undefined;
  }
  const point = publicHandles.length === 1 ? attribute(lib, session, publicHandles[0], p11.CKA_EC_POINT) : undefined;
  if (!point) return undefined;
  try {
    return ecPublicKey(params, point);
  } catch {
    return undefined;
  }
}
