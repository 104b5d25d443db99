/**
 * Fuzzing the spec interpreter: random expression trees of the supported subset (operators,
 * templates, spreads, optional chaining, closures with default/rest parameters and destructuring,
 * the standard library) are evaluated by the interpreter, never run, and by Node itself in a
 * separate process; the two must agree on every case.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { createSpecProject } from '../../generator/load/loadSpec';
import { EvaluationError, Evaluator, Origins } from '../../generator/load/evaluate';

/** One expression as TypeScript (what the interpreter reads) and as JavaScript (what Node runs). */
interface Expr {
  readonly ts: string;
  readonly js: string;
}
const same = (s: string): Expr => ({ ts: s, js: s });
const map = (parts: Expr[], f: (...p: string[]) => string): Expr => ({ ts: f(...parts.map((p) => p.ts)), js: f(...parts.map((p) => p.js)) });

const smallInt = fc.integer({ min: -20, max: 20 });
const divisor = fc.integer({ min: 1, max: 7 });
const word = fc.constantFrom('a', 'B', 'c d', '', 'x.y', 'Dll', 'wu', '$&', '10', ' pad ');

const { num, str, bool, nums, strs, obj } = fc.letrec<{ num: Expr; str: Expr; bool: Expr; nums: Expr; strs: Expr; obj: Expr }>((tie) => {
  const num = () => tie('num') as fc.Arbitrary<Expr>;
  const str = () => tie('str') as fc.Arbitrary<Expr>;
  const bool = () => tie('bool') as fc.Arbitrary<Expr>;
  const nums = () => tie('nums') as fc.Arbitrary<Expr>;
  const strs = () => tie('strs') as fc.Arbitrary<Expr>;
  const obj = () => tie('obj') as fc.Arbitrary<Expr>;
  return {
    num: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      smallInt.map((n) => same(n < 0 ? `(${n})` : String(n))),
      fc.constantFrom(same('base'), same('table.n')),
      fc.tuple(num(), num(), fc.constantFrom('+', '-', '*')).map(([a, b, op]) => map([a, b], (x, y) => `(${x} ${op} ${y})`)),
      fc.tuple(num(), divisor, fc.constantFrom('/', '%')).map(([a, d, op]) => map([a], (x) => `(${x} ${op} ${d})`)),
      str().map((s) => map([s], (x) => `${x}.length`)),
      nums().map((a) => map([a], (x) => `${x}.length`)),
      nums().map((a) => map([a], (x) => `${x}.reduce((acc, v) => acc + v, 0)`)),
      fc.tuple(nums(), num()).map(([a, n]) => map([a, n], (x, y) => `${x}.indexOf(${y})`)),
      fc.tuple(bool(), num(), num()).map(([c, a, b]) => map([c, a, b], (x, y, z) => `(${x} ? ${y} : ${z})`)),
      num().map((a) => map([a], (x) => `(-${x})`)),
      num().map((a) => map([a], (x) => `twice(${x})`)),
      fc.tuple(num(), num()).map(([a, b]) => map([a, b], (x, y) => `add(${x}, ${y})`)),
      num().map((a) => map([a], (x) => `add(${x})`)),
      fc.tuple(num(), num()).map(([a, b]) => map([a, b], (x, y) => `sumAll(${x}, ${y}, ${x})`)),
      fc.tuple(num(), str()).map(([a, s]) => map([a, s], (x, y) => `pickN({ n: ${x}, s: ${y} })`)),
      num().map((a) => ({ ts: `(${a.ts} as number)`, js: a.js })),
      fc.tuple(obj(), num()).map(([o, n]) => map([o, n], (x, y) => `(${x}?.n ?? ${y})`)),
      num().map((a) => map([a], (x) => `(null ?? ${x})`)),
      fc.tuple(num(), num()).map(([a, b]) => map([a, b], (x, y) => `first([${x}, ${y}])`)),
      num().map((a) => map([a], (x) => `Number(String(${x}))`)),
      fc.tuple(nums(), smallInt).map(([a, i]) => map([a], (x) => `(${x}[${Math.abs(i) % 3}] ?? 0)`)),
    ),
    str: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      word.map((w) => same(`'${w}'`)),
      fc.tuple(str(), str()).map(([a, b]) => map([a, b], (x, y) => `(${x} + ${y})`)),
      fc.tuple(str(), num()).map(([a, b]) => map([a, b], (x, y) => `(${x} + ${y})`)),
      fc.tuple(num(), str(), bool()).map(([a, b, c]) => map([a, b, c], (x, y, z) => `\`n=\${${x}} s=\${${y}} b=\${${z}}\``)),
      str().map((a) => map([a], (x) => `${x}.toUpperCase()`)),
      str().map((a) => map([a], (x) => `${x}.toLowerCase()`)),
      str().map((a) => map([a], (x) => `${x}.trim()`)),
      fc.tuple(str(), word, word).map(([a, p, r]) => map([a], (x) => `${x}.replace('${p.slice(0, 1)}', '${r}')`)),
      fc.tuple(str(), word, word).map(([a, p, r]) => map([a], (x) => `${x}.replaceAll('${p.slice(0, 1) || 'a'}', '${r}')`)),
      fc.tuple(str(), fc.integer({ min: 0, max: 12 })).map(([a, n]) => map([a], (x) => `${x}.padStart(${n}, '*')`)),
      fc.tuple(str(), smallInt, smallInt).map(([a, i, j]) => map([a], (x) => `${x}.slice(${i}, ${j})`)),
      fc.tuple(strs(), word).map(([a, w]) => map([a], (x) => `${x}.join('${w}')`)),
      num().map((a) => map([a], (x) => `String(${x})`)),
      bool().map((a) => map([a], (x) => `String(${x})`)),
      fc.tuple(bool(), str(), str()).map(([c, a, b]) => map([c, a, b], (x, y, z) => `(${x} ? ${y} : ${z})`)),
      fc.tuple(str(), str()).map(([a, b]) => map([a, b], (x, y) => `(${x} || ${y})`)),
      str().map((a) => map([a], (x) => `greet(${x})`)),
      str().map((a) => map([a], (x) => `texts(${x}).en`)),
      fc.tuple(obj()).map(([o]) => map([o], (x) => `${x}.s`)),
      strs().map((a) => map([a], (x) => `(${x}.find((w) => w.length > 1) ?? 'none')`)),
    ),
    bool: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.boolean().map((b) => same(String(b))),
      fc.tuple(num(), num(), fc.constantFrom('<', '>', '<=', '>=', '===', '!==')).map(([a, b, op]) => map([a, b], (x, y) => `(${x} ${op} ${y})`)),
      fc.tuple(str(), str(), fc.constantFrom('<', '>=', '===', '!==')).map(([a, b, op]) => map([a, b], (x, y) => `(${x} ${op} ${y})`)),
      bool().map((a) => map([a], (x) => `!${x}`)),
      fc.tuple(bool(), bool(), fc.constantFrom('&&', '||')).map(([a, b, op]) => map([a, b], (x, y) => `(${x} ${op} ${y})`)),
      fc.tuple(nums(), num()).map(([a, n]) => map([a, n], (x, y) => `${x}.includes(${y})`)),
      fc.tuple(str(), str()).map(([a, b]) => map([a, b], (x, y) => `${x}.startsWith(${y})`)),
      fc.tuple(str(), str()).map(([a, b]) => map([a, b], (x, y) => `${x}.endsWith(${y})`)),
      fc.tuple(str(), str()).map(([a, b]) => map([a, b], (x, y) => `${x}.includes(${y})`)),
      nums().map((a) => map([a], (x) => `${x}.some((v) => v > 2)`)),
      nums().map((a) => map([a], (x) => `${x}.every((v, i) => v >= i)`)),
      num().map((a) => map([a], (x) => `(${x} == null)`)),
    ),
    nums: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.array(num(), { maxLength: 3 }).map((xs) => map(xs, (...p) => `[${p.join(', ')}]`)),
      fc.constantFrom(same('table.list')),
      nums().map((a) => map([a], (x) => `${x}.map((v, i) => v * 2 + i)`)),
      nums().map((a) => map([a], (x) => `${x}.filter((v) => v % 2 === 0)`)),
      fc.tuple(nums(), nums()).map(([a, b]) => map([a, b], (x, y) => `[...${x}, ...${y}]`)),
      fc.tuple(nums(), nums()).map(([a, b]) => map([a, b], (x, y) => `${x}.concat(${y})`)),
      fc.tuple(nums(), smallInt).map(([a, i]) => map([a], (x) => `${x}.slice(${i})`)),
      nums().map((a) => map([a], (x) => `${x}.flatMap((v) => [v, v + 1])`)),
      nums().map((a) => map([a], (x) => `(([h, ...rest]) => rest)(${x})`)),
      obj().map((o) => map([o], (x) => `Object.values(${x}).filter((v) => typeof v === 'number')`)),
    ),
    strs: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.array(str(), { maxLength: 3 }).map((xs) => map(xs, (...p) => `[${p.join(', ')}]`)),
      fc.tuple(str(), word).map(([a, w]) => map([a], (x) => `${x}.split('${w.slice(0, 1)}')`)),
      nums().map((a) => map([a], (x) => `${x}.map((v) => \`#\${v}\`)`)),
      obj().map((o) => map([o], (x) => `Object.keys(${x})`)),
      strs().map((a) => map([a], (x) => `${x}.map((w) => w.toUpperCase())`)),
      obj().map((o) => map([o], (x) => `Object.entries(${x}).map(([k, v]) => k + '=' + v)`)),
    ),
    obj: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(num(), str()).map(([a, b]) => map([a, b], (x, y) => `{ n: ${x}, s: ${y} }`)),
      fc.tuple(num(), str()).map(([a, b]) => ({ ts: `({ n: ${a.ts}, s: ${b.ts} } as const)`, js: `({ n: ${a.js}, s: ${b.js} })` })),
      fc.tuple(obj(), bool()).map(([o, b]) => map([o, b], (x, y) => `{ ...${x}, flag: ${y} }`)),
      fc.tuple(obj(), num()).map(([o, n]) => map([o, n], (x, y) => `{ ...${x}, n: ${y} }`)),
      fc.tuple(str(), num()).map(([k, n]) => map([k, n], (x, y) => `{ [${x}]: ${y}, n: 1, s: 'k' }`)),
      strs().map((a) => map([a], (x) => `{ ...Object.fromEntries(${x}.map((w, i) => [w, i])), n: 0, s: '' }`)),
      obj().map((o) => map([o], (x) => `(({ n, ...others }) => ({ n: n, s: 'r', count: Object.keys(others).length }))(${x})`)),
    ),
  };
});

/** Module-level consts and functions the expressions use: closures, defaults, rest, destructuring. */
const prelude = {
  ts: `const base = 3;
const table = { n: 4, list: [1, 2, 3] } as const;
const twice = (x: number) => x * 2;
function add(a: number, b = base) { return a + b; }
const sumAll = (...xs: number[]) => xs.reduce((acc, v) => acc + v, 0);
const pickN = ({ n, s = 'x' }: { n: number; s?: string }) => (s.length > 2 ? n : -n);
const first = ([head]: number[]) => head;
function greet(name: string) {
  const trimmed = name.trim();
  if (trimmed === '') return 'hello';
  else {
    const loud = trimmed.toUpperCase();
    return \`hello \${loud}\`;
  }
}
const texts = (en: string) => ({ en, nl: en } satisfies Record<string, string>);
`,
};
const preludeJs = prelude.ts
  .replace(/ as const/g, '')
  .replace(/ satisfies Record<string, string>/g, '')
  .replace(/\(x: number\)/, '(x)')
  .replace('function add(a: number, b = base)', 'function add(a, b = base)')
  .replace('(...xs: number[])', '(...xs)')
  .replace(": { n: number; s?: string })", ')')
  .replace('([head]: number[])', '([head])')
  .replace('function greet(name: string)', 'function greet(name)')
  .replace('(en: string)', '(en)');

it('agrees with Node on random expressions of the supported subset', () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  const arbitrary = fc.oneof(num, str, bool, nums, strs, obj);
  const cases = fc.sample(arbitrary, { numRuns: 400, seed });

  // Node's evaluation, in its own process: plain JavaScript of the same trees.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-fuzz-'));
  try {
    const script = `${preludeJs}\nconst cases = [\n${cases.map((c) => `  () => (${c.js}),`).join('\n')}\n];\nprocess.stdout.write(JSON.stringify(cases.map((f) => { try { return { value: f() }; } catch (e) { return { error: String(e) }; } })));\n`;
    fs.writeFileSync(path.join(dir, 'cases.js'), script);
    const node = spawnSync(process.execPath, [path.join(dir, 'cases.js')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(node.status).toBe(0);
    const expected = JSON.parse(node.stdout) as { value?: unknown; error?: string }[];

    // The interpreter's evaluation of the TypeScript text: parsed, never run.
    const project = createSpecProject();
    const file = project.createSourceFile(path.join(dir, 'cases.ts'), `${prelude.ts}\n${cases.map((c, i) => `export const e${i} = ${c.ts};`).join('\n')}\n`);
    const evaluator = new Evaluator([], dir, new Origins());
    const disagreements: string[] = [];
    cases.forEach((c, i) => {
      let actual: { value?: unknown; error?: string };
      try {
        actual = { value: evaluator.evaluate(file.getVariableDeclarationOrThrow(`e${i}`).getInitializerOrThrow()) };
      } catch (e) {
        if (!(e instanceof EvaluationError)) throw e;
        actual = { error: `${e.what}: ${e.reason}` };
      }
      if (JSON.stringify(actual) !== JSON.stringify(expected[i])) {
        disagreements.push(`${c.ts}\n  interpreter: ${JSON.stringify(actual)}\n  node:        ${JSON.stringify(expected[i])}`);
      }
    });
    if (disagreements.length) throw new Error(`seed ${seed}: ${disagreements.length} of ${cases.length} disagree:\n${disagreements.slice(0, 5).join('\n')}`);
    expect(expected.every((e) => e.error === undefined)).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
