/**
 * Loading a spec of 200 steps made by `map` against the same spec written out by hand, both
 * measured in this run: the interpreter's cost over plain data.
 *
 *   npm run bench -- mapLoad [runs]
 *
 * Each run is a new ts-morph project (as each compiler run is) that first loads a one-step spec, so
 * the lib files and the DSL are parsed before the clock starts; then the spec itself is loaded
 * (type-check and evaluation). Runs alternate between the two specs; the medians are compared.
 * Exits non-zero when a spec fails to load or the ratio is 2x or more (the goal of issue 21).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSpecProject, loadSpec } from '../generator/load/loadSpec';

const RUNS = Number(process.argv[2] ?? 7);
const STEPS = 200;
const LIMIT = 2;

const head = `import { defineFix, detect, repair, verify } from 'fixforge/dsl';\n`;
const fix = (repairs: string, prelude = '') => `${head}${prelude}
export default defineFix({
  id: 'bench-map', kb: 1,
  module: { name: 'FixForge.BenchMap', version: '1.0.0', noun: 'BenchMap', author: 'fixforge', companyName: 'fixforge' },
  title: { 'en-US': 'Bench' }, description: { 'en-US': 'Bench' },
  appliesTo: ['windows10'], targets: { module: { powershell: '5.1' } },
  detection: [detect.serviceState({ id: 'stopped', description: { 'en-US': 'Stopped' }, service: 'wuauserv', state: ['stopped'], indicates: 'problem', messages: { detected: { 'en-US': 'a' }, clean: { 'en-US': 'b' } } })],
  repair: [${repairs}],
  verify: [verify.rerunDetection('recheck', { 'en-US': 'Again' })],
  hints: [],
});
`;
const names = Array.from({ length: STEPS }, (_, i) => `lib${i}.dll`);
const mapped = fix(
  `...DLLS.map((dll) => repair.runProgram({ id: \`register\${dll.replace('.', '')}\`, description: t(\`Register \${dll}\`), context: 'system', program: 'regsvr32.exe', arguments: ['/s', dll], successExitCodes: [0, 3, 4, 5] }))`,
  `const t = (en: string) => ({ 'en-US': en });\nconst DLLS = [${names.map((n) => `'${n}'`).join(', ')}];\n`,
);
const byHand = fix(
  names
    .map((n) => `\n    repair.runProgram({ id: 'register${n.replace('.', '')}', description: { 'en-US': 'Register ${n}' }, context: 'system', program: 'regsvr32.exe', arguments: ['/s', '${n}'], successExitCodes: [0, 3, 4, 5] }),`)
    .join(''),
);
const warm = fix(`repair.runProgram({ id: 'one', description: { 'en-US': 'One' }, context: 'system', program: 'regsvr32.exe', arguments: ['/s', 'a.dll'] })`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-bench-map-'));
  try {
    const files = { mapped: path.join(dir, 'mapped.fix.ts'), byHand: path.join(dir, 'by-hand.fix.ts'), warm: path.join(dir, 'warm.fix.ts') };
    fs.writeFileSync(files.mapped, mapped);
    fs.writeFileSync(files.byHand, byHand);
    fs.writeFileSync(files.warm, warm);
    const times: Record<'mapped' | 'byHand', number[]> = { mapped: [], byHand: [] };
    for (let run = 0; run <= RUNS; run++) {
      for (const which of ['mapped', 'byHand'] as const) {
        const project = createSpecProject();
        loadSpec(project, files.warm, dir);
        const start = process.hrtime.bigint();
        const loaded = loadSpec(project, files[which], dir);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (!loaded.value || loaded.diagnostics.length) {
          console.error(`${which}: did not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
          return 1;
        }
        if (run > 0) times[which].push(ms); // run 0 warms the JIT
      }
    }
    const [m, h] = [median(times.mapped), median(times.byHand)];
    const ratio = m / h;
    console.log(`load of a ${STEPS}-step spec (median of ${RUNS}): by map ${m.toFixed(1)} ms, by hand ${h.toFixed(1)} ms`);
    console.log(`ratio map / hand-written: ${ratio.toFixed(2)}x (goal: under ${LIMIT}x) ${ratio < LIMIT ? 'ok' : 'MISSED'}`);
    return ratio < LIMIT ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main();
