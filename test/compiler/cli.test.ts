import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runFixforge } from '../support/compile';

const fixforge = (...args: string[]) => {
  const r = runFixforge(...args);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('fixforge CLI', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-cli-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('builds with one progress line per stage and exit 0', () => {
    const r = fixforge('build', 'spec/kb2328240.fix.ts', '--out', out, '--target', 'module,cmd');
    expect(r.code).toBe(0);
    for (const stage of ['load', 'check', 'emit', 'encode', 'sign', 'write']) {
      expect(r.stderr).toMatch(new RegExp(`^\\[fixforge\\] ${stage}\\s+\\d+ ms`, 'm'));
    }
    expect(fs.existsSync(path.join(out, 'kb2328240/cmd/kb2328240-user-logon.cmd'))).toBe(true);
  });

  it('prints a machine-readable result with --json and the IR with --emit-ir', () => {
    const r = fixforge('build', 'spec/kb2328240.fix.ts', '--out', out, '--json', '--emit-ir');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.ok).toBe(true);
    expect(json.fixes[0].ir.irVersion).toBe(2);
    expect(json.fixes[0].files.map((f: { path: string }) => f.path)).toContain('SHA256SUMS');
  });

  it('exits 1 with file:line:col diagnostics on a broken spec', () => {
    const r = fixforge('build', 'test/fixtures/broken/unsafe-folder.fix.ts', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^test\/fixtures\/broken\/unsafe-folder\.fix\.ts:\d+:\d+ - error FF2006: /m);
  });

  it('exits 2 on usage errors', () => {
    expect(fixforge('build', 'spec/kb2328240.fix.ts', '--target', 'nope').code).toBe(2);
    expect(fixforge('frobnicate').code).toBe(2);
    expect(fixforge().code).toBe(2);
  });

  it('has help and a version', () => {
    expect(fixforge('--help').stdout).toMatch(/fixforge build \[spec\.\.\]/);
    expect(fixforge('build', '--help').stdout).toMatch(/--emit-ir/);
    expect(fixforge('--version').stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });
});
