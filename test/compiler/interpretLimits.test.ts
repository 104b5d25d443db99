/**
 * The interpreter's refusals and limits, one snippet each: what is not pure is refused with FF1013,
 * unsupported syntax with FF1004 naming the construct, runaway helpers stop at FF1010-FF1012, and
 * nothing reaches a prototype.
 */
import os from 'node:os';
import path from 'node:path';
import { createSpecProject } from '../../generator/load/loadSpec';
import { EvaluationError, Evaluator, Origins, evaluationDiagnostic, type Value } from '../../generator/load/evaluate';

const project = createSpecProject();
let n = 0;

function run(source: string): { value?: Value; code?: string; message?: string } {
  const dir = os.tmpdir();
  const file = project.createSourceFile(path.join(dir, `limits-${n++}.ts`), `${source}\nexport const result = main();\n`);
  try {
    return { value: new Evaluator([], dir, new Origins()).evaluate(file.getVariableDeclarationOrThrow('result').getInitializerOrThrow()) };
  } catch (e) {
    if (!(e instanceof EvaluationError)) throw e;
    const d = evaluationDiagnostic(e);
    return { code: d.code, message: d.message };
  }
}

it.each([
  ['const main = () => Date.now();', 'FF1013', /'Date\.now\(\)' cannot be used/],
  ['const main = () => new Date().getTime();', 'FF1013', /new Date\(\)/],
  ['const main = () => Math.random();', 'FF1013', /random/],
  ['const main = () => process.env.HOME;', 'FF1013', /process/],
  ['const main = () => { let x = 1; return x; };', 'FF1004', /a let can change/],
  ['const main = () => /a+/.test("aa");', 'FF1004', /regular expressions are not supported/],
  ['function main() { for (const x of [1]) {} return 1; }', 'FF1004', /ForOfStatement is not supported in a function/],
  ['const main = () => [1, 2].push(3);', 'FF1004', /'push' is not in the spec's standard library for arrays/],
  ["const main = () => 'x'.constructor;", 'FF1004', /'constructor' is not in the spec's standard library for strings/],
  ['const main = () => ({}).constructor ?? "own properties only";', undefined, undefined],
  ['const f = (n: number): number => f(n + 1); const main = () => f(0);', 'FF1010', /deeper than 200 nested calls/],
  ['const grow = (a: number[], k: number): number[] => (k === 0 ? a : grow([...a, ...a], k - 1)); const main = () => grow([1], 30);', 'FF1012', /more than 100000 elements/],
  ["const main = () => 'x'.padStart(1e9, 'y');", 'FF1012', /characters/],
  ['const f = (n: number): number => (n === 0 ? 0 : f(n - 1) + f(n - 1)); const main = () => f(40);', 'FF1011', /more than 1000000 steps/],
  ['const main = () => ({ f: () => 1 });', 'FF1004', /a function is not data/],
  ['const main = () => 1 / 0;', 'FF1004', /Infinity is not a finite number/],
])('%s', (source, code, message) => {
  const r = run(source);
  if (code === undefined) {
    expect(r).toEqual({ value: 'own properties only' });
    return;
  }
  expect(r.code).toBe(code);
  expect(r.message).toMatch(message as RegExp);
});

it('keeps __proto__ an own key, and a?.b.c short-circuits the whole chain', () => {
  expect(run("const main = () => Object.keys({ ['__proto__']: 1, a: 2 });").value).toEqual(['__proto__', 'a']);
  expect(run('const o: { b?: { c: number } } | null = null; const main = () => o?.b.c ?? 7;').value).toBe(7);
  expect(run('const o = { b: undefined as { c: number } | undefined }; const main = () => o.b?.c ?? 8;').value).toBe(8);
});

it('drops undefined properties as JSON does, and keeps closures over consts', () => {
  expect(run("const k = 2; const mk = (x?: number) => ({ a: x, b: k }); const main = () => mk();").value).toEqual({ b: 2 });
  expect(run('const adder = (a: number) => (b: number) => a + b; const main = () => [1, 2].map(adder(10));').value).toEqual([11, 12]);
});
