/**
 * Golden files. `npm run test:accept` (FIXFORGE_ACCEPT=1) rewrites them; review the git diff.
 * Baselines keep exact bytes (see .gitattributes), so encodings and line ends are checked too.
 */
import fs from 'node:fs';
import path from 'node:path';

export const baselineRoot = path.join(__dirname, '..', 'baselines');
const accepting = process.env.FIXFORGE_ACCEPT === '1';

export function expectBaseline(relative: string, actual: Buffer | string): void {
  const file = path.join(baselineRoot, relative);
  const bytes = typeof actual === 'string' ? Buffer.from(actual, 'utf8') : actual;
  if (accepting) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`No baseline ${relative}; run 'npm run test:accept' and review the new file.`);
  const expected = fs.readFileSync(file);
  if (!expected.equals(bytes)) {
    // Show a readable diff for text; the byte comparison above is what decides.
    expect(bytes.toString('latin1')).toBe(expected.toString('latin1'));
    throw new Error(`${relative} differs from its baseline in bytes only (encoding or line ends)`);
  }
}

/** Baselines under `dir` that the current run did not produce: stale files fail the run. */
export function expectNoStaleBaselines(dir: string, produced: readonly string[]): void {
  const root = path.join(baselineRoot, dir);
  if (!fs.existsSync(root)) return;
  const existing = listFiles(root).map((f) => path.relative(root, f).split(path.sep).join('/'));
  const stale = existing.filter((f) => !produced.includes(f));
  if (accepting) {
    stale.forEach((f) => fs.rmSync(path.join(root, f)));
    return;
  }
  expect(stale).toEqual([]);
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}
