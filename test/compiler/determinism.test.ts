import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../generator/pipeline/compile';
import { repoRoot } from '../support/compile';

function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

describe('output', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-out-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('is byte-identical when built twice', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    const specs = ['spec/kb2328240.fix.ts', 'test/fixtures/specs/user-only.fix.ts'];
    expect((await build({ specs, outDir: a, cwd: repoRoot })).ok).toBe(true);
    expect((await build({ specs, outDir: b, cwd: repoRoot })).ok).toBe(true);
    const first = snapshot(a);
    const second = snapshot(b);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [file, bytes] of first) expect(second.get(file)!.equals(bytes)).toBe(true);
    expect(first.size).toBeGreaterThan(10);
  });

  it('is left exactly as it was when a build fails', async () => {
    const out = path.join(tmp, 'out');
    expect((await build({ specs: ['spec/kb2328240.fix.ts'], outDir: out, cwd: repoRoot })).ok).toBe(true);
    fs.writeFileSync(path.join(out, 'kb2328240', 'marker.txt'), 'previous build');
    const before = snapshot(out);
    const failed = await build({ specs: ['spec/kb2328240.fix.ts', 'test/fixtures/broken/unsafe-folder.fix.ts'], outDir: out, cwd: repoRoot });
    expect(failed.ok).toBe(false);
    const after = snapshot(out);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes)).toBe(true);
  });

  it('replaces a previous build as a whole, leaving no temporary folders', async () => {
    const out = path.join(tmp, 'out');
    await build({ specs: ['spec/kb2328240.fix.ts'], outDir: out, cwd: repoRoot });
    fs.writeFileSync(path.join(out, 'kb2328240', 'stale.txt'), 'old');
    await build({ specs: ['spec/kb2328240.fix.ts'], outDir: out, cwd: repoRoot });
    expect(fs.existsSync(path.join(out, 'kb2328240', 'stale.txt'))).toBe(false);
    expect(fs.readdirSync(out)).toEqual(['kb2328240']);
  });

  it('carries SHA256SUMS over every other file', async () => {
    const result = await build({ specs: ['spec/kb2328240.fix.ts'], outDir: path.join(tmp, 'o'), cwd: repoRoot, write: false });
    const fix = result.fixes[0];
    const sums = fix.contents.get('SHA256SUMS')!.toString('ascii').trim().split('\n');
    const listed = sums.map((l) => l.split('  ')[1]).sort();
    expect(listed).toEqual([...fix.contents.keys()].filter((p) => p !== 'SHA256SUMS').sort());
    for (const line of sums) {
      const [hash, file] = line.split('  ');
      expect(fix.files.find((f) => f.path === file)!.sha256).toBe(hash);
    }
  });
});
