/**
 * The PKCS#11 part of sign.bench.ts: files/s signed through a SoftHSM2 token against SoftHSM2's
 * own raw rate (C_SignInit + C_Sign of a DigestInfo, one session, nothing else), measured in the
 * same run on the same key, best of three alternating rounds each (the machine is shared): the
 * token is the limit, and the ratio says how close to it we stay. What is left is mostly the start
 * of the batch: every file's digest is computed before the token gets its first signature to make
 * (the sign stage starts all files at once), after that the main thread and the token overlap.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadPkcs11Identity, closeSigningIdentity, signPowerShellFile, verifyPowerShellFile } from '../generator/pipeline/sign';
import { sha256DigestInfo } from '../generator/pipeline/sign/remoteKey';

const MODULES = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'];
const PIN = 'bench-pin';
const ROUNDS = 3;

export interface Pkcs11BenchResult {
  readonly lines: string[];
  readonly problems: string[];
}

/** Signs `inputs` through SoftHSM2 with the key and chain given (PEM). Target: >= `minRatio` of the raw rate. */
export async function benchPkcs11(dir: string, keyPem: string, certPem: string, inputs: Buffer[], names: string[], roots: Buffer[], minRatio: number, signingTime: Date): Promise<Pkcs11BenchResult> {
  const module = MODULES.find((m) => fs.existsSync(m));
  if (!module) return { lines: [], problems: ['SoftHSM2 is not installed (npm run setup installs it): no PKCS#11 figures'] };
  const tokenDir = path.join(dir, 'softhsm-tokens');
  fs.mkdirSync(tokenDir);
  const conf = path.join(dir, 'softhsm2.conf');
  fs.writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  process.env.FF_BENCH_PIN = PIN;
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'bench', '--pin', PIN, '--so-pin', 'bench-so'], { stdio: 'pipe' });
  const p8 = path.join(dir, 'bench.p8');
  execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', keyPem, '-out', p8], { stdio: 'pipe' });
  execFileSync('softhsm2-util', ['--import', p8, '--token', 'bench', '--label', 'bench-key', '--id', '01', '--pin', PIN], { stdio: 'pipe' });

  let rawRate = 0;
  let wallMs = Infinity;
  let signed: Buffer[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rawRate = Math.max(rawRate, await rawSignRate(module, inputs.length));
    const identity = await loadPkcs11Identity({ module, token: 'bench', key: 'bench-key', pinEnv: 'FF_BENCH_PIN', certPemPath: certPem });
    try {
      await Promise.all(inputs.slice(0, 20).map((b, i) => signPowerShellFile(b, names[i], identity, { signingTime })));
      const start = process.hrtime.bigint();
      signed = await Promise.all(inputs.map((b, i) => signPowerShellFile(b, names[i], identity, { signingTime })));
      wallMs = Math.min(wallMs, Number(process.hrtime.bigint() - start) / 1e6);
    } finally {
      await closeSigningIdentity(identity);
    }
  }
  const results = await Promise.all(signed.map((b, i) => verifyPowerShellFile(b, names[i], { trustedRoots: roots })));
  const invalid = results.filter((r) => r.status !== 'Valid').length;
  const rate = (inputs.length * 1000) / wallMs;
  const ratio = rate / rawRate;
  const lines = [
    `${'SoftHSM2 raw C_Sign (anchor)'.padEnd(34)} ${rawRate.toFixed(0).padStart(6)} signatures/s`,
    `${'PKCS#11 sign via SoftHSM2'.padEnd(34)} ${rate.toFixed(0).padStart(6)} files/s  (${(wallMs / inputs.length).toFixed(2)} ms/file, ${(ratio * 100).toFixed(0)}% of the token's raw rate)`,
  ];
  const problems = [
    ...(invalid ? [`${invalid} PKCS#11 signature(s) did not verify`] : []),
    ...(ratio < minRatio ? [`PKCS#11 signing reaches ${(ratio * 100).toFixed(0)}% of SoftHSM2's raw rate (target ${(minRatio * 100).toFixed(0)}%)`] : []),
  ];
  return { lines, problems };
}

/** SoftHSM2 alone: one session, the key found once, C_SignInit + C_Sign per signature. */
async function rawSignRate(module: string, count: number): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const p11 = require('pkcs11js') as typeof import('pkcs11js');
  const lib = new p11.PKCS11();
  lib.load(module);
  lib.C_Initialize();
  try {
    const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === 'bench')!;
    const session = lib.C_OpenSession(slot, p11.CKF_SERIAL_SESSION);
    lib.C_Login(session, p11.CKU_USER, PIN);
    lib.C_FindObjectsInit(session, [{ type: p11.CKA_CLASS, value: p11.CKO_PRIVATE_KEY }]);
    const key = lib.C_FindObjects(session)!;
    lib.C_FindObjectsFinal(session);
    const input = sha256DigestInfo(Buffer.alloc(32, 7));
    const out = Buffer.alloc(512);
    const once = () => {
      lib.C_SignInit(session, { mechanism: p11.CKM_RSA_PKCS }, key);
      lib.C_Sign(session, input, out);
    };
    for (let i = 0; i < 20; i++) once();
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) once();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    lib.C_Logout(session);
    lib.C_CloseSession(session);
    return (count * 1000) / ms;
  } finally {
    lib.C_Finalize();
    lib.close();
  }
}
