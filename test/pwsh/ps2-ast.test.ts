// The AST-based PS 2.0 check (scripts/ps/Test-Ps2Compatibility.ps1) catches every construct on the
// facts page, each in its own fixture. It is the only 2.0 check: the engine is real PowerShell, checked
// once (test/pwsh/engine.test.ts), and every generated 2.0 module is checked in test/pwsh/module.test.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/compile';

const pwsh = path.join(repoRoot, '.tools', 'pwsh', 'pwsh');
const checker = path.join(repoRoot, 'scripts', 'ps', 'Test-Ps2Compatibility.ps1');
const dir = path.join(repoRoot, 'test', 'fixtures', 'ps2');
const fixtures = fs.readdirSync(dir).filter((f) => f !== 'clean.ps1').sort();

jest.setTimeout(60_000);

let lines: string[];
beforeAll(() => {
  expect(fs.existsSync(pwsh)).toBe(true); // npm run setup:pwsh
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
  const r = spawnSync(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', checker, ...files], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  lines = r.stdout.trim().split('\n');
});

it.each(fixtures)('flags %s with its code on line 2', (name) => {
  const code = fs.readFileSync(path.join(dir, name), 'utf8').split('\n')[0].replace('# ', '');
  const hits = lines.filter((l) => l.startsWith(`${path.join(dir, name)}:`));
  expect(hits.length).toBeGreaterThan(0);
  expect(hits.every((l) => l.includes(` - ${code}: `))).toBe(true);
  expect(hits[0]).toMatch(new RegExp(`:2:\\d+ - ${code}: `));
});

it('finds nothing in the 2.0-safe equivalents', () => {
  expect(lines.filter((l) => l.includes('clean.ps1'))).toEqual([]);
});
