/**
 * Loading signing identities (PEM, PFX made by `openssl pkcs12 -export`, the development
 * certificate) and the refusals, each with its FF5xxx code.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ensureDevCertificate,
  isSignableFile,
  loadSigningIdentity,
  SignError,
  signPowerShellFile,
  verifyPowerShellFile,
} from '../../generator/pipeline/sign';
import { diagnosticMessages } from '../../generator/vocabulary/diagnostics/messages';
import { osslsigncode } from './support/osslsigncode';
import { createPki, makeTempDir, openssl, type Pki } from './support/pki';
import { sampleScript } from './support/samples';

const PASSWORD_ENV = 'FIXFORGE_TEST_PFX_PASSWORD';
const PASSWORD = 'corr3ct horse — battery';

let pki: Pki;
let work: string;

beforeAll(async () => {
  pki = await createPki({ variants: true });
  work = makeTempDir('identity');
  const env = { [PASSWORD_ENV]: PASSWORD };
  const exportPfx = (out: string, extra: string[], pass = `env:${PASSWORD_ENV}`): Promise<string> =>
    openssl(pki.dir, ['pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-certfile', 'inter.pem', '-passout', pass, ...extra, '-out', out], env);
  await Promise.all([
    exportPfx('modern.pfx', []),
    exportPfx('legacy.pfx', ['-legacy']),
    exportPfx('sha1-3des.pfx', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']),
    exportPfx('nopass.pfx', [], 'pass:'),
  ]);
  await openssl(pki.dir, ['pkey', '-in', 'leaf.key', '-aes256', '-passout', `env:${PASSWORD_ENV}`, '-out', 'leaf.enc.key'], env);
}, 30_000);

afterAll(() => {
  delete process.env[PASSWORD_ENV];
  fs.rmSync(pki.dir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(SignError);
    return (e as SignError).code;
  }
  throw new Error('expected a SignError');
}

function opensslThumbprint(file: string): string {
  return execFileSync('openssl', ['x509', '-in', file, '-noout', '-fingerprint', '-sha1']).toString().trim().split('=')[1].replace(/:/g, '');
}

describe('PEM key and certificates', () => {
  it('loads the signer, orders its chain and names it like Windows', async () => {
    const id = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
    expect(id.subject).toBe('CN=fixforge Test Signer, O=fixforge tests, C=DE');
    expect(id.thumbprint).toBe(opensslThumbprint(pki.file('leaf.pem')));
    expect(id.chain).toHaveLength(1);
    expect(id.keyType).toBe('rsa');
  });

  it('reads an encrypted key with the password from the environment', async () => {
    process.env[PASSWORD_ENV] = PASSWORD;
    const id = await loadSigningIdentity({ keyPemPath: pki.file('leaf.enc.key'), certPemPath: pki.file('chain.pem'), pfxPasswordEnv: PASSWORD_ENV });
    expect(id.thumbprint).toBe(opensslThumbprint(pki.file('leaf.pem')));
    expect(await refusal(() => loadSigningIdentity({ keyPemPath: pki.file('leaf.enc.key'), certPemPath: pki.file('chain.pem') }))).toBe('FF5003');
    process.env[PASSWORD_ENV] = 'wrong';
    expect(await refusal(() => loadSigningIdentity({ keyPemPath: pki.file('leaf.enc.key'), certPemPath: pki.file('chain.pem'), pfxPasswordEnv: PASSWORD_ENV }))).toBe('FF5005');
  });

  it.each([
    ['no codeSigning EKU', 'leaf.key', 'noeku.pem', undefined, 'FF5009'],
    ['no digitalSignature key usage', 'leaf.key', 'nodigsig.pem', undefined, 'FF5010'],
    ['expired', 'leaf.key', 'chain.pem', new Date(Date.now() + 400 * 24 * 3600 * 1000), 'FF5011'],
    ['not yet valid', 'leaf.key', 'chain.pem', new Date('2001-01-01T00:00:00Z'), 'FF5012'],
    ['key of another certificate', 'other.key', 'chain.pem', undefined, 'FF5008'],
    ['missing key file', 'missing.key', 'chain.pem', undefined, 'FF5002'],
    ['a key file given as certificate', 'leaf.key', 'leaf.key', undefined, 'FF5007'],
  ])('refuses %s', async (_, key, cert, now, code) => {
    expect(await refusal(() => loadSigningIdentity({ keyPemPath: pki.file(key), certPemPath: pki.file(cert), now }))).toBe(code);
  });

  it('refuses incomplete options', async () => {
    expect(await refusal(() => loadSigningIdentity({}))).toBe('FF5003');
    expect(await refusal(() => loadSigningIdentity({ keyPemPath: pki.file('leaf.key') }))).toBe('FF5003');
    expect(await refusal(() => loadSigningIdentity({ pfxPath: pki.file('modern.pfx'), keyPemPath: pki.file('leaf.key') }))).toBe('FF5003');
  });
});

describe('PFX', () => {
  beforeEach(() => {
    process.env[PASSWORD_ENV] = PASSWORD;
  });

  it.each(['modern.pfx', 'legacy.pfx', 'sha1-3des.pfx'])('loads %s with the password from the environment', async (file) => {
    const id = await loadSigningIdentity({ pfxPath: pki.file(file), pfxPasswordEnv: PASSWORD_ENV });
    expect(id.thumbprint).toBe(opensslThumbprint(pki.file('leaf.pem')));
    expect(id.chain).toHaveLength(1);
  });

  it('loads a PFX without password', async () => {
    const id = await loadSigningIdentity({ pfxPath: pki.file('nopass.pfx') });
    expect(id.thumbprint).toBe(opensslThumbprint(pki.file('leaf.pem')));
  });

  it('refuses a wrong password (FF5005), an unset variable (FF5004), a missing variable name (FF5003)', async () => {
    process.env[PASSWORD_ENV] = 'wrong';
    expect(await refusal(() => loadSigningIdentity({ pfxPath: pki.file('modern.pfx'), pfxPasswordEnv: PASSWORD_ENV }))).toBe('FF5005');
    expect(await refusal(() => loadSigningIdentity({ pfxPath: pki.file('legacy.pfx'), pfxPasswordEnv: PASSWORD_ENV }))).toBe('FF5005');
    delete process.env[PASSWORD_ENV];
    expect(await refusal(() => loadSigningIdentity({ pfxPath: pki.file('modern.pfx'), pfxPasswordEnv: PASSWORD_ENV }))).toBe('FF5004');
    expect(await refusal(() => loadSigningIdentity({ pfxPath: pki.file('modern.pfx') }))).toBe('FF5003');
  });

  it('never puts the password into an error message', async () => {
    process.env[PASSWORD_ENV] = 'not-the-password-1234';
    try {
      await loadSigningIdentity({ pfxPath: pki.file('modern.pfx'), pfxPasswordEnv: PASSWORD_ENV });
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('not-the-password-1234');
      expect(String((e as Error).message)).toContain(pki.file('modern.pfx'));
    }
  });

  it('refuses a file that is not a PFX (FF5006)', async () => {
    expect(await refusal(() => loadSigningIdentity({ pfxPath: pki.file('leaf.pem'), pfxPasswordEnv: PASSWORD_ENV }))).toBe('FF5006');
  });
});

describe('file types', () => {
  it('signs only PowerShell files (FF5001)', async () => {
    expect(['a.ps1', 'B.PSM1', 'c.psd1', 'd.ps1xml'].every(isSignableFile)).toBe(true);
    expect(['a.cmd', 'b.txt', 'c.ps1.bak', 'ps1', 'd.psc1'].some(isSignableFile)).toBe(false);
    const id = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
    expect(await refusal(() => signPowerShellFile(Buffer.from('echo hi\r\n'), 'repair.cmd', id))).toBe('FF5001');
    expect(await refusal(() => signPowerShellFile(Buffer.alloc(0), 'empty.ps1', id))).toBe('FF5016');
    expect(await refusal(() => signPowerShellFile(Buffer.from([0xfe, 0xff, 0, 0x41]), 'be.ps1', id))).toBe('FF5016');
  });

  it('refuses to re-sign a file whose block is cut off, rather than add a second one (FF5016)', async () => {
    const id = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
    const signed = (await signPowerShellFile(Buffer.from(sampleScript('\r\n')), 'x.ps1', id)).toString('latin1');
    const cut = Buffer.from(signed.slice(0, signed.indexOf('# SIG # End')), 'latin1');
    expect(await refusal(() => signPowerShellFile(cut, 'x.ps1', id))).toBe('FF5016');
  });
});

describe('development certificate', () => {
  it('is created once, reused, and verifies with osslsigncode when trusted', async () => {
    const project = makeTempDir('project');
    try {
      const first = await ensureDevCertificate(project);
      expect(first.created).toBe(true);
      expect(first.cerPath).toBe(path.join(project, '.fixforge', 'dev-signing', 'fixforge-development-signing.cer'));
      expect(first.identity.subject).toBe('CN=fixforge development signing (DO NOT DEPLOY)');
      const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', first.cerPath, '-noout', '-text']).toString();
      expect(text).toContain('Code Signing');
      expect(text).toMatch(/Key Usage: critical\s+Digital Signature/);
      expect(first.identity.notAfter.getTime() - first.identity.notBefore.getTime()).toBeGreaterThan(5 * 365 * 24 * 3600 * 1000);
      expect(fs.statSync(path.join(project, '.fixforge', 'dev-signing', 'key.pem')).mode & 0o077).toBe(0);

      const second = await ensureDevCertificate(project);
      expect(second.created).toBe(false);
      expect(second.identity.thumbprint).toBe(first.identity.thumbprint);

      const signed = await signPowerShellFile(Buffer.from(sampleScript('\r\n')), 'dev.ps1', second.identity);
      const cer = fs.readFileSync(first.cerPath);
      expect((await verifyPowerShellFile(signed, 'dev.ps1', { trustedRoots: [cer] })).status).toBe('Valid');
      expect((await verifyPowerShellFile(signed, 'dev.ps1')).status).toBe('NotTrusted');
      fs.writeFileSync(path.join(work, 'dev.ps1'), signed);
      execFileSync('openssl', ['x509', '-inform', 'DER', '-in', first.cerPath, '-out', path.join(work, 'dev.pem')]);
      expect((await osslsigncode(['verify', '-CAfile', path.join(work, 'dev.pem'), '-in', path.join(work, 'dev.ps1')])).code).toBe(0);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('is created once when several builds ask at the same time', async () => {
    const project = makeTempDir('project');
    try {
      const all = await Promise.all([1, 2, 3].map(() => ensureDevCertificate(project)));
      expect(new Set(all.map((d) => d.identity.thumbprint)).size).toBe(1);
      expect(fs.readdirSync(path.join(project, '.fixforge'))).toEqual(['dev-signing']);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});

it('documents every signing code in the one diagnostics table, as an error', () => {
  const signing = Object.entries(diagnosticMessages).filter(([code]) => code.startsWith('FF5'));
  expect(signing.length).toBeGreaterThanOrEqual(17);
  expect(signing.every(([, m]) => m.category === 'error')).toBe(true);
});
