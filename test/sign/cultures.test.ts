// Issue 19: the fixes in German, French, Dutch, Polish and Japanese sign and verify, with our
// verifier and with osslsigncode: UTF-8-with-BOM files (module, GPO, Fix it) and the ASCII Intune scripts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFixforge } from '../support/compile';
import { mapLimit, osslsigncode } from './support/osslsigncode';

jest.setTimeout(180_000);

const SPECS = ['test/fixtures/specs/kb2328240-de-fr.fix.ts', 'test/fixtures/specs/cultures.fix.ts', 'spec/task-manager-policy.fix.ts'];
const IDS = ['kb2328240-de-fr', 'cultures', 'task-manager-policy'];
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-sign-cultures-'));

function signable(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => /\.(ps1|psm1|psd1)$/.test(f)).map((f) => path.join(dir, f));
}

beforeAll(() => {
  const r = runFixforge('build', ...SPECS, '--sign', '--out', out);
  expect(r.status).toBe(0);
  // The .cmd transliteration warning is shown, and is no error.
  expect(r.stderr).toMatch(/warning FF3120/);
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

it.each(IDS)('%s: every PowerShell file is signed, keeps its encoding, and osslsigncode verifies it', async (id) => {
  const dir = path.join(out, id);
  const files = signable(dir);
  expect(files.length).toBeGreaterThanOrEqual(8);
  const root = path.join(dir, 'root.pem');
  expect(spawnSync('openssl', ['x509', '-inform', 'DER', '-in', path.join(dir, 'fixforge-development-signing.cer'), '-out', root]).status).toBe(0);
  let bom = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    expect(bytes.toString('latin1')).toMatch(/\r\n# SIG # Begin signature block\r\n/);
    if (bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) bom++;
    else expect(`${path.relative(dir, file)}: ${bytes.every((b) => b < 0x80)}`).toBe(`${path.relative(dir, file)}: true`);
    if (file.includes(`${path.sep}intune${path.sep}`)) expect(bytes.every((b) => b < 0x80)).toBe(true);
  }
  expect(bom).toBeGreaterThan(0);
  const results = await mapLimit(files, 2, (file) => osslsigncode(['verify', '-CAfile', root, '-in', file]));
  expect(results.map((r, i) => `${path.relative(dir, files[i])}: ${r.code}`)).toEqual(files.map((f) => `${path.relative(dir, f)}: 0`));
});

it.each(IDS)('%s: fixforge verify reports every file Valid', (id) => {
  const dir = path.join(out, id);
  const r = runFixforge('verify', dir, '--ca', path.join(dir, 'fixforge-development-signing.cer'), '--json');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/"Valid"/);
  expect(r.stdout).not.toMatch(/"HashMismatch"|"NotSigned"|"NotTrusted"/);
});
