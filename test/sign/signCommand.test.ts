/**
 * `fixforge build --sign --sign-command "<program> <args>" --cert chain.pem`: the KB build signed
 * by an OpenSSL-backed signer script (test/sign/fixtures/openssl-signer.sh, standing in for a KMS
 * CLI), RSA and ECDSA P-256, checked by our verifier and osslsigncode; and a command that fails,
 * prints garbage, hangs or holds another key: a coded diagnostic, nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { splitCommandLine } from '../../generator/pipeline/sign/commandKey';
import { allValid, fixforgeWith, verifyBoth, type CliRun } from './support/buildSigned';
import { createPki, makeTempDir, type Pki } from './support/pki';

jest.setTimeout(180_000);

const SPEC = 'spec/kb2328240.fix.ts';
const SIGNER = 'test/sign/fixtures/openssl-signer.sh';
const env = { ...process.env, SOURCE_DATE_EPOCH: '1767225600' };

let pki: Pki;
let work: string;

beforeAll(async () => {
  pki = await createPki({ variants: true });
  work = makeTempDir('signcmd');
}, 60_000);

afterAll(() => {
  fs.rmSync(pki.dir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

function signWith(out: string, command: string, cert: string, extra: string[] = []): CliRun {
  return fixforgeWith(env, 'build', SPEC, '--sign', '--sign-command', command, '--cert', cert, '--out', out, ...extra);
}

it('signs the KB build through the OpenSSL signer script (RSA); ours and osslsigncode verify; same bytes as the in-process key', async () => {
  const out = path.join(work, 'rsa');
  const r = signWith(out, `bash ${SIGNER} '${pki.file('leaf.key')}'`, pki.file('chain.pem'));
  expect(r.stderr).not.toMatch(/error/);
  expect(r.status).toBe(0);
  const dir = path.join(out, 'kb2328240');
  const { files, report, signers } = await verifyBoth(dir, pki.file('root.pem'));
  expect(files.length).toBeGreaterThanOrEqual(10);
  expect(report).toEqual(allValid(files, dir));
  expect(signers).toEqual(['CN=fixforge Test Signer, O=fixforge tests, C=DE']);

  const local = path.join(work, 'rsa-local');
  expect(fixforgeWith(env, 'build', SPEC, '--target', 'module', '--sign', '--key', pki.file('leaf.key'), '--cert', pki.file('chain.pem'), '--out', local).status).toBe(0);
  const psm1 = 'kb2328240/module/FixForge.KB2328240/FixForge.KB2328240.psm1';
  expect(fs.readFileSync(path.join(out, psm1)).equals(fs.readFileSync(path.join(local, psm1)))).toBe(true);
});

it('signs with an ECDSA P-256 key through the script (DER signatures); ours and osslsigncode verify', async () => {
  const out = path.join(work, 'p256');
  const r = signWith(out, `bash ${SIGNER} ${pki.file('ecleaf.key')}`, pki.file('ecchain.pem'), ['--target', 'module']);
  expect(r.status).toBe(0);
  const dir = path.join(out, 'kb2328240');
  const { files, report, signers } = await verifyBoth(dir, pki.file('root.pem'));
  expect(report).toEqual(allValid(files, dir));
  expect(signers).toEqual(['CN=fixforge EC Signer']);
});

describe('a sign command that cannot sign: a coded diagnostic, nothing written', () => {
  it.each([
    ['exits non-zero, its stderr shown', "sh -c 'cat >/dev/null; echo vault: access denied for this identity >&2; exit 3'", [], 'FF5051', /failed for 'a probe signature': it exited with code 3: vault: access denied/],
    ['prints no base64', "sh -c 'cat >/dev/null; echo signed!'", [], 'FF5052', /stdout is not one base64 value/],
    ['prints nothing', "sh -c 'cat >/dev/null'", [], 'FF5052', /printed nothing/],
    ['hangs past the timeout', 'sleep 30', ['--sign-command-timeout', '0.5'], 'FF5053', /did not answer within 0.5 s/],
    ['is not there', '/nonexistent/kms-sign --key prod', [], 'FF5050', /'\/nonexistent\/kms-sign' was not found/],
    ['signs with a key that is not the certificate\'s', `bash ${SIGNER} KEY_OTHER`, [], 'FF5046', /does not belong to the certificate 'CN=fixforge Test Signer/],
  ])('%s', (_name, command, extra, code, message) => {
    const out = path.join(work, `refused-${code}-${(_name as string).replace(/\W+/g, '-')}`);
    const r = signWith(out, (command as string).replace('KEY_OTHER', pki.file('other.key')), pki.file('chain.pem'), ['--target', 'module', ...(extra as string[])]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`error ${code}: `));
    expect(r.stderr).toMatch(message as RegExp);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('names the program, never its arguments (they may carry a vault name or a secret)', () => {
    const out = path.join(work, 'refused-args');
    const r = signWith(out, "sh -c 'exit 4' --client-secret s3cr3t-value", pki.file('chain.pem'), ['--target', 'module']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/sign command 'sh …'/);
    expect(r.stderr).not.toContain('s3cr3t-value');
  });
});

it('splits the command line as a POSIX shell would, without running one', () => {
  expect(splitCommandLine(`az keyvault key sign --name "code signing" --vault 'prod vault' a\\ b`)).toEqual(['az', 'keyvault', 'key', 'sign', '--name', 'code signing', '--vault', 'prod vault', 'a b']);
  expect(splitCommandLine(`x "say \\"hi\\"" ''`)).toEqual(['x', 'say "hi"', '']);
  expect(() => splitCommandLine('x "open')).toThrow(/unterminated/);
});
