// `fixforge build --sign` and `fixforge verify` end to end, with osslsigncode as the independent check.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runFixforge } from '../support/compile';

const fixforge = runFixforge;

jest.setTimeout(120_000);

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-sign-cli-'));
const fix = path.join(out, 'kb2328240');
const cer = path.join(fix, 'fixforge-development-signing.cer');


function signable(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => /\.(ps1|psm1|psd1)$/.test(f)).map((f) => path.join(dir, f));
}

beforeAll(() => {
  const r = fixforge('build', 'spec/kb2328240.fix.ts', '--sign', '--out', out);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/DEVELOPMENT certificate/);
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

it('signs every PowerShell file, and osslsigncode verifies each one against the exported .cer', () => {
  const files = signable(fix);
  expect(files.length).toBeGreaterThanOrEqual(10);
  const root = path.join(out, 'root.pem');
  const pem = spawnSync('openssl', ['x509', '-inform', 'DER', '-in', cer, '-out', root]);
  expect(pem.status).toBe(0);
  for (const file of files) {
    expect(fs.readFileSync(file, 'latin1')).toMatch(/\r\n# SIG # Begin signature block\r\n/);
    const v = spawnSync('osslsigncode', ['verify', '-CAfile', root, '-in', file], { encoding: 'utf8' });
    expect(`${path.basename(file)}: ${v.status}`).toBe(`${path.basename(file)}: 0`);
  }
});

it('verify reports Valid for the build and exits 0', () => {
  const r = fixforge('verify', fix, '--ca', cer, '--json');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/"Valid"/);
  expect(r.stdout).not.toMatch(/"HashMismatch"|"NotSigned"/);
});

it('verify catches a changed byte and a CRLF to LF conversion, and exits 1', () => {
  const psm1 = path.join(fix, 'module/FixForge.KB2328240/FixForge.KB2328240.psm1');
  const bytes = fs.readFileSync(psm1);
  const tampered = Buffer.from(bytes);
  tampered[100] ^= 0x01;
  fs.writeFileSync(psm1, tampered);
  const r1 = fixforge('verify', psm1, '--ca', cer);
  expect(r1.status).toBe(1);
  expect(r1.stdout).toMatch(/HashMismatch/);
  fs.writeFileSync(psm1, Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'));
  const r2 = fixforge('verify', psm1, '--ca', cer);
  expect(r2.status).toBe(1);
  expect(r2.stdout).toMatch(/line end/i);
  fs.writeFileSync(psm1, bytes);
  expect(fixforge('verify', psm1, '--ca', cer).status).toBe(0);
});

it('says NotTrusted without the root, and the Intune payload enforces the signature check', () => {
  const r = fixforge('verify', path.join(fix, 'intune/detect.ps1'));
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/NotTrusted/);
  const payload = JSON.parse(fs.readFileSync(path.join(fix, 'intune/deviceHealthScript.json'), 'utf8'));
  expect(payload.enforceSignatureCheck).toBe(true);
  expect(Buffer.from(payload.detectionScriptContent, 'base64').equals(fs.readFileSync(path.join(fix, 'intune/detect.ps1')))).toBe(true);
});

it('refuses a missing key file with a clear error and writes nothing', () => {
  const other = path.join(out, 'other');
  const r = fixforge('build', 'spec/kb2328240.fix.ts', '--sign', '--key', '/nonexistent/key.pem', '--cert', '/nonexistent/cert.pem', '--out', other);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/error FF5\d{3}: /);
  expect(fs.existsSync(other)).toBe(false);
});

it('prints a signing refusal like a compiler diagnostic, and reports it among the diagnostics with --json', () => {
  const other = path.join(out, 'other');
  const unset = 'FIXFORGE_TEST_UNSET_PASSWORD';
  delete process.env[unset];
  const r = fixforge('build', 'spec/kb2328240.fix.ts', '--sign', '--pfx', 'package.json', '--pfx-password-env', unset, '--out', other);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`^error FF5004: The PFX password environment variable '${unset}' is not set\\.$`, 'm'));
  expect(r.stderr).toMatch(/^build failed: 1 error\(s\); nothing was written$/m);
  const j = fixforge('build', 'spec/kb2328240.fix.ts', '--sign', '--key', '/nonexistent/key.pem', '--cert', '/nonexistent/cert.pem', '--out', other, '--json');
  expect(j.status).toBe(1);
  expect(JSON.parse(j.stdout)).toEqual({
    schemaVersion: 1,
    command: 'build',
    ok: false,
    exitCode: 1,
    diagnostics: [{ code: 'FF5002', category: 'error', message: "Cannot read private key '/nonexistent/key.pem': ENOENT" }],
    fixes: [],
    timings: [],
  });
  expect(fs.existsSync(other)).toBe(false);
});

it('verify prints an unreadable trusted root like a compiler diagnostic', () => {
  const r = fixforge('verify', fix, '--ca', '/nonexistent/root.pem');
  expect(r.status).toBe(1);
  expect(r.stderr).toBe("error FF5002: Cannot read trusted root file '/nonexistent/root.pem': ENOENT\n");
});
