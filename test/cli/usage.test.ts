// Usage mistakes exit 2 with a coded diagnostic (also as JSON); inputs that prove nothing exit 1.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/compile';
import { runIn, tempDir } from './cliSupport';

const temp = tempDir('usage');
afterAll(temp.remove);
const spec = 'spec/kb2328240.fix.ts';

it('refuses --pfx, --key/--cert and --timestamp-url without --sign instead of building unsigned output', () => {
  const out = path.join(temp.dir, 'unsigned');
  for (const flags of [['--pfx', 'x.pfx'], ['--key', 'k.pem', '--cert', 'c.pem'], ['--timestamp-url', 'http://localhost:1']]) {
    const r = runIn(repoRoot, ['build', spec, '--out', out, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^fixforge: error FF6001: ${flags[0]} has no effect without --sign`, 'm'));
  }
  expect(fs.existsSync(out)).toBe(false);
});

it('exits 2 for --key without --cert, and for --pfx with --key', () => {
  const a = runIn(repoRoot, ['build', spec, '--sign', '--key', 'k.pem']);
  expect(a.code).toBe(2);
  expect(a.stderr).toMatch(/error FF6002: --key and --cert go together/);
  const b = runIn(repoRoot, ['build', spec, '--sign', '--pfx', 'x.pfx', '--key', 'k.pem', '--cert', 'c.pem']);
  expect(b.code).toBe(2);
  expect(b.stderr).toMatch(/error FF6003: /);
});

it('reports a usage error as a JSON document with --json', () => {
  const r = runIn(repoRoot, ['build', spec, '--pfx', 'x.pfx', '--json']);
  expect(r.code).toBe(2);
  expect(JSON.parse(r.stdout)).toEqual({
    schemaVersion: 1,
    command: 'build',
    ok: false,
    exitCode: 2,
    diagnostics: [{ code: 'FF6001', category: 'error', message: '--pfx has no effect without --sign; add --sign or remove it.' }],
  });
  const unknown = runIn(repoRoot, ['build', spec, '--frobnicate', '--json']);
  expect(unknown.code).toBe(2);
  expect(JSON.parse(unknown.stdout).diagnostics[0]).toMatchObject({ code: 'FF6007', message: expect.stringMatching(/frobnicate/) });
});

it('verify: a missing path is a usage error (2) with a diagnostic, on stdout too with --json', () => {
  const missing = path.join(temp.dir, 'nope');
  const r = runIn(repoRoot, ['verify', missing]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(`fixforge: error FF6004: Path not found: ${missing}\nRun 'fixforge verify --help' for usage.\n`);
  const j = runIn(repoRoot, ['verify', missing, '--json']);
  expect(j.code).toBe(2);
  expect(JSON.parse(j.stdout)).toMatchObject({ schemaVersion: 1, command: 'verify', ok: false, exitCode: 2, diagnostics: [{ code: 'FF6004' }] });
});

it('verify: a folder without PowerShell files fails (1) instead of reporting 0 of 0 valid', () => {
  const dir = path.join(temp.dir, 'no-scripts');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'nothing signable\n');
  const r = runIn(repoRoot, ['verify', dir]);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(`error FF6005: No PowerShell files (.ps1, .psm1, .psd1, .psrc, .pssc, .ps1xml, .cdxml) under ${dir}: nothing to verify.\n`);
  expect(r.stdout).not.toMatch(/0 of 0/);
  const j = JSON.parse(runIn(repoRoot, ['verify', dir, '--json']).stdout);
  expect(j).toMatchObject({ ok: false, exitCode: 1, files: [], diagnostics: [{ code: 'FF6005' }] });
});

it('lists the exit codes in --help, as the README does', () => {
  const help = runIn(repoRoot, ['--help']).stdout;
  expect(help).toMatch(/^Exit codes:\n {2}0 {2}success.*\n {2}1 {2}errors.*\n {2}2 {2}usage/m);
  expect(runIn(repoRoot, ['build', '--help']).stdout).toMatch(/Exit codes:/);
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  for (const line of help.match(/^ {2}[012] {2}.*$/gm) ?? []) expect(readme).toContain(line.trim());
});
