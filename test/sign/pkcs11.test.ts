/**
 * `fixforge build --sign --pkcs11-module ...` against a real PKCS#11 token, SoftHSM2: the KB build
 * signed with an RSA key that stays on the token, ECDSA P-256 and P-384 keys, each file checked by
 * our verifier and by osslsigncode; and the refusals (wrong PIN, unknown key, locked token,
 * certificate of another key), each a coded diagnostic with nothing written and no PIN in output.
 * One token, created once; the signing builds are the KB fix's (the module target where the
 * route, not the targets, is under test).
 */
import fs from 'node:fs';
import path from 'node:path';
import { runIn, smallSpec, writeFiles } from '../cli/cliSupport';
import { allValid, fixforgeWith, issueEcLeaf, verifyBoth, type CliRun } from './support/buildSigned';
import { createPki, makeTempDir, type Pki } from './support/pki';
import { createSoftToken, importAlwaysAuthenticateEcKey, importKey, lockedCopy, softhsmModule, type SoftToken } from './support/softhsm';

jest.setTimeout(180_000);

const PIN = 'pin-4Tq8-never-printed';
const SO_PIN = 'so-pin-9Xw2-never-printed';
const SPEC = 'spec/kb2328240.fix.ts';
const EPOCH = '1767225600'; // 2026-01-01: one signing time, so builds can be compared byte for byte

let pki: Pki;
let work: string;
let token: SoftToken;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  pki = await createPki({ variants: true });
  await issueEcLeaf(pki, 'p384', 'P-384', '/CN=fixforge P-384 Signer');
  work = makeTempDir('pkcs11');
  token = createSoftToken(work, 'fixforge-ci', PIN, SO_PIN);
  importKey(token, PIN, pki.file('leaf.key'), 'code-signing-rsa', '01');
  importKey(token, PIN, pki.file('ecleaf.key'), 'code-signing-p256', '02');
  importKey(token, PIN, pki.file('p384.key'), 'code-signing-p384', '03');
  importAlwaysAuthenticateEcKey(token, PIN, pki.file('ecleaf.key'), 'private key for digital signature', '9c');
  env = { ...token.env, FF_TEST_TOKEN_PIN: PIN, SOURCE_DATE_EPOCH: EPOCH };
}, 60_000);

afterAll(() => {
  fs.rmSync(pki.dir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

function signWithToken(out: string, key: string, cert: string, extra: string[] = [], runEnv = env): CliRun {
  return fixforgeWith(runEnv, 'build', SPEC, '--sign', '--pkcs11-module', softhsmModule(), '--pkcs11-token', 'fixforge-ci', '--pkcs11-key', key, '--pkcs11-pin-env', 'FF_TEST_TOKEN_PIN', '--cert', cert, '--out', out, ...extra);
}

function expectNoSecret(r: CliRun): void {
  expect(`${r.stdout}${r.stderr}`).not.toContain(PIN);
  expect(`${r.stdout}${r.stderr}`).not.toContain(SO_PIN);
}

it('signs the KB build with the RSA key on the token; ours and osslsigncode verify every file; same bytes as the in-process key', async () => {
  const out = path.join(work, 'rsa');
  const r = signWithToken(out, 'code-signing-rsa', pki.file('chain.pem'));
  expectNoSecret(r);
  expect(r.status).toBe(0);
  const { files, report, signers } = await verifyBoth(path.join(out, 'kb2328240'), pki.file('root.pem'));
  expect(files.length).toBeGreaterThanOrEqual(10);
  expect(report).toEqual(allValid(files, path.join(out, 'kb2328240')));
  expect(signers).toEqual(['CN=fixforge Test Signer, O=fixforge tests, C=DE']);

  // PKCS#1 v1.5 is deterministic: the token's signature is the one the PEM key makes in-process.
  const local = path.join(work, 'rsa-local');
  const l = fixforgeWith(env, 'build', SPEC, '--target', 'module', '--sign', '--key', pki.file('leaf.key'), '--cert', pki.file('chain.pem'), '--out', local);
  expect(l.status).toBe(0);
  const psm1 = 'kb2328240/module/FixForge.KB2328240/FixForge.KB2328240.psm1';
  expect(fs.readFileSync(path.join(out, psm1)).equals(fs.readFileSync(path.join(local, psm1)))).toBe(true);
});

it.each([
  ['P-256', 'code-signing-p256', 'ecchain.pem', 'CN=fixforge EC Signer'],
  ['P-384', 'code-signing-p384', 'p384chain.pem', 'CN=fixforge P-384 Signer'],
])('signs with the ECDSA %s key on the token (raw r||s made DER); ours and osslsigncode verify', async (_curve, key, chain, subject) => {
  const out = path.join(work, key);
  const r = signWithToken(out, key, pki.file(chain), ['--target', 'module']);
  expectNoSecret(r);
  expect(r.status).toBe(0);
  const dir = path.join(out, 'kb2328240');
  const { files, report, signers } = await verifyBoth(dir, pki.file('root.pem'));
  expect(files.length).toBeGreaterThanOrEqual(4);
  expect(report).toEqual(allValid(files, dir));
  expect(signers).toEqual([subject]);
});

it('signs with a key that wants the PIN for every signature and shows no public half (as PIV slot 9c does)', async () => {
  const out = path.join(work, 'always');
  const r = signWithToken(out, '9c', pki.file('ecchain.pem'), ['--target', 'module']);
  expectNoSecret(r);
  expect(r.status).toBe(0);
  const dir = path.join(out, 'kb2328240');
  const { files, report } = await verifyBoth(dir, pki.file('root.pem'));
  expect(report).toEqual(allValid(files, dir));
  // Without a public key to compare, the probe signature is what refuses a wrong certificate.
  const wrong = signWithToken(path.join(work, 'always-wrong'), '9c', pki.file('p384chain.pem'), ['--target', 'module']);
  expect(wrong.status).toBe(1);
  expect(wrong.stderr).toMatch(/error FF5046: The key '9c' on PKCS#11 token 'fixforge-ci' does not belong to the certificate 'CN=fixforge P-384 Signer'/);
  expect(fs.existsSync(path.join(work, 'always-wrong'))).toBe(false);
});

describe('refusals: a coded diagnostic, nothing written, no PIN in the output', () => {
  const refused = (name: string, run: (out: string) => CliRun, code: string, message: RegExp) => {
    it(name, () => {
      const out = path.join(work, `refused-${name.replace(/\W+/g, '-')}`);
      const r = run(out);
      expectNoSecret(r);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`error ${code}: `));
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/nothing was written/);
      expect(fs.existsSync(out)).toBe(false);
    });
  };

  it('wrong PIN, with --json: the diagnostic in the result, the PIN nowhere', () => {
    const out = path.join(work, 'refused-json');
    const r = signWithToken(out, 'code-signing-rsa', pki.file('chain.pem'), ['--json'], { ...env, FF_TEST_TOKEN_PIN: `${PIN}-wrong` });
    expectNoSecret(r);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(['FF5043']);
    expect(fs.existsSync(out)).toBe(false);
  });

  refused('wrong PIN', (out) => signWithToken(out, 'code-signing-rsa', pki.file('chain.pem'), [], { ...env, FF_TEST_TOKEN_PIN: '000000' }), 'FF5043', /Wrong PIN for PKCS#11 token 'fixforge-ci'/);
  refused('PIN variable not set', (out) => signWithToken(out, 'code-signing-rsa', pki.file('chain.pem'), [], { ...env, FF_TEST_TOKEN_PIN: undefined }), 'FF5042', /'FF_TEST_TOKEN_PIN'/);
  refused('missing key label', (out) => signWithToken(out, 'code-signing-rsa-2024', pki.file('chain.pem'), []), 'FF5045', /no private key labelled or with id 'code-signing-rsa-2024'.*'code-signing-rsa' id 01/);
  refused('locked token', (out) => {
    const locked = lockedCopy(token, makeTempDir('pkcs11-locked'));
    try {
      return signWithToken(out, 'code-signing-rsa', pki.file('chain.pem'), [], { ...env, SOFTHSM2_CONF: locked.env.SOFTHSM2_CONF });
    } finally {
      fs.rmSync(path.dirname(locked.tokenDir), { recursive: true, force: true });
    }
  }, 'FF5044', /token 'fixforge-ci' is locked/);
  refused('certificate of another key', (out) => signWithToken(out, 'code-signing-p384', pki.file('ecchain.pem'), []), 'FF5046', /key 'code-signing-p384' on PKCS#11 token 'fixforge-ci' does not belong to the certificate 'CN=fixforge EC Signer'/);
  refused('unknown token', (out) => fixforgeWith(env, 'build', SPEC, '--sign', '--pkcs11-module', softhsmModule(), '--pkcs11-token', 'fixforge-prod', '--pkcs11-key', 'code-signing-rsa', '--pkcs11-pin-env', 'FF_TEST_TOKEN_PIN', '--cert', pki.file('chain.pem'), '--out', out), 'FF5041', /No PKCS#11 token labelled 'fixforge-prod'.*'fixforge-ci'/);
  refused('module that is not a PKCS#11 library', (out) => fixforgeWith(env, 'build', SPEC, '--sign', '--pkcs11-module', path.join(work, 'no-such-module.so'), '--pkcs11-key', 'k', '--pkcs11-pin-env', 'FF_TEST_TOKEN_PIN', '--cert', pki.file('chain.pem'), '--out', out), 'FF5040', /Cannot load the PKCS#11 module/);
});

it('takes the token, key, PIN and chain from the variables fixforge.config.ts names (CI secrets as environment variables)', async () => {
  const dir = path.join(work, 'project');
  writeFiles(dir, {
    'package.json': '{ "name": "hsm-project", "private": true }\n',
    'fixforge.config.ts':
      "import { defineConfig } from 'fixforge/config';\n" +
      'export default defineConfig({\n' +
      "  specs: ['fixes'], targets: ['module'],\n" +
      "  signing: { pkcs11ModuleEnv: 'HSM_MODULE', pkcs11TokenEnv: 'HSM_TOKEN', pkcs11KeyEnv: 'HSM_KEY', pkcs11PinEnv: 'HSM_PIN', certPathEnv: 'SIGNING_CHAIN' },\n" +
      '});\n',
    'fixes/one.fix.ts': smallSpec('one'),
  });
  const r = runIn(dir, ['build', '--sign', '--json'], {
    ...token.env,
    HSM_MODULE: softhsmModule(),
    HSM_TOKEN: 'fixforge-ci',
    HSM_KEY: '03', // by id this time
    HSM_PIN: PIN,
    SIGNING_CHAIN: pki.file('p384chain.pem'),
  });
  expect(r.stdout).not.toContain(PIN);
  expect(r.stderr).not.toContain(PIN);
  expect(r.stderr).toMatch(/signing with the PKCS#11 key named by HSM_KEY/);
  expect(r.code).toBe(0);
  const { files, report, signers } = await verifyBoth(path.join(dir, 'out/one'), pki.file('root.pem'));
  expect(report).toEqual(allValid(files, path.join(dir, 'out/one')));
  expect(signers).toEqual(['CN=fixforge P-384 Signer']);

  // A refusal of the key the config chose points at the config's `signing` field.
  const wrong = runIn(dir, ['build', '--sign', '--out', 'out2'], { ...token.env, HSM_MODULE: softhsmModule(), HSM_TOKEN: 'fixforge-ci', HSM_KEY: '03', HSM_PIN: '0000', SIGNING_CHAIN: pki.file('p384chain.pem') });
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toMatch(/^fixforge\.config\.ts:4:12 - error FF5043: Wrong PIN for PKCS#11 token 'fixforge-ci' \(the PIN named by HSM_PIN\)/m);
  expect(fs.existsSync(path.join(dir, 'out2'))).toBe(false);
});
