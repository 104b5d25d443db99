/**
 * Cold build of the KB spec against `tsc --noEmit` of the same spec, both measured in this run.
 *
 *   node --require ./bench/register.js bench/coldBuild.bench.ts [runs]
 *
 * Cold build: a new Node process per run doing what users run, `node bin/fixforge.js build
 * spec/kb2328240.fix.ts --sign` (load and type-check, emit, encode, sign with the
 * development certificate, write to a temporary folder). From a checkout the CLI also transpiles
 * the generator's TypeScript sources with swc on the fly; that is part of the cold build users get,
 * so it counts, and its share is printed beside the ratio.
 * Baseline: a new Node process running `tsc --noEmit -p bench/tsconfig.spec.json`, whose compiler
 * options are those of the compiler's ts-morph project (createSpecProject in generator/load).
 *
 * One uncounted warm-up of each side first (it creates the development certificate under
 * .fixforge/ if missing, and fills the OS file cache), then `runs` (5) of each, alternating, and
 * the medians. Prints the ratio `cold build / tsc --noEmit` against the goal (1.2x); missing the
 * goal is not a failure. Exits non-zero when a build or the baseline fails, or when the ratio is
 * above FIXFORGE_BENCH_MAX_RATIO (a generous ceiling; unset by default).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const SPEC = 'spec/kb2328240.fix.ts';
const TSCONFIG = 'bench/tsconfig.spec.json';
const PROBE = path.join(__dirname, 'probe.js');
const CLI = path.join(ROOT, 'bin', 'fixforge.js');
const TSC = path.join(path.dirname(require.resolve('typescript/package.json', { paths: [ROOT] })), 'bin', 'tsc');
const GOAL = 1.2;
const RUNS = Number(process.argv[2] ?? 5);
/** Node >= 22.1: tsc turns on the V8 compile cache on disk (module.enableCompileCache); the CLI does not (yet). */
const COMPILE_CACHE = typeof (require('node:module') as Record<string, unknown>).enableCompileCache === 'function';

interface Run {
  readonly wallMs: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From bench/probe.js, when the process got as far as exiting normally. */
  readonly probe?: { maxRssKb: number; cpuMs: number; swcMs: number; swcFiles: number };
}

/** Runs `node <args>` in a new process from the repository root; wall time from spawn to exit. */
function runNode(args: readonly string[], probeFile: string): Promise<Run> {
  fs.rmSync(probeFile, { force: true });
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let wallMs = 0;
    const child = spawn(process.execPath, ['--require', PROBE, ...args], {
      cwd: ROOT,
      env: { ...process.env, FIXFORGE_BENCH_PROBE: probeFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    child.on('error', reject);
    child.on('exit', () => {
      wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    });
    child.on('close', (code) => {
      let probe: Run['probe'];
      try {
        probe = JSON.parse(fs.readFileSync(probeFile, 'utf8'));
      } catch {
        probe = undefined;
      }
      resolve({ wallMs, code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString(), probe });
    });
  });
}

interface BuildJson {
  ok: boolean;
  fixes: { files: { signed: boolean }[] }[];
  timings?: { stage: string; ms: number }[];
}

/** Why a cold build run failed, or undefined when it built and signed. */
function buildProblem(run: Run): string | undefined {
  let json: BuildJson | undefined;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    json = undefined;
  }
  if (run.code !== 0 || !json?.ok) return `exit code ${run.code}${json && !json.ok ? ', ok: false' : ''}`;
  const signed = json.fixes.flatMap((f) => f.files).filter((f) => f.signed).length;
  return signed === 0 ? 'exit code 0 but no file was signed' : undefined;
}

/** What a failed run said: the CLI's diagnostics when it printed its JSON, else its output. */
function failureOutput(run: Run): string {
  try {
    const json = JSON.parse(run.stdout) as { diagnostics?: { code: string; category: string; message: string; location?: { file: string; line: number; column: number } }[] };
    const lines = (json.diagnostics ?? []).map((d) => {
      const at = d.location ? `${d.location.file}:${d.location.line}:${d.location.column} - ` : '';
      return `  ${at}${d.category} ${d.code}: ${d.message}`;
    });
    if (lines.length) return `${lines.join('\n')}\n${run.stderr.trim().slice(-2000)}`;
  } catch {
    // not JSON: fall through
  }
  return `${run.stdout.trim().slice(-4000)}\n${run.stderr.trim().slice(-4000)}`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (v: number): string => `${v.toFixed(0)} ms`;
const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

function summary(label: string, runs: readonly Run[]): string {
  const walls = runs.map((r) => r.wallMs);
  const probes = runs.flatMap((r) => (r.probe ? [r.probe] : []));
  const cpu = probes.length ? `, CPU ${ms(median(probes.map((p) => p.cpuMs)))}` : '';
  const rss = probes.length ? `, peak RSS ${mb(median(probes.map((p) => p.maxRssKb)))}` : '';
  return `${label.padEnd(24)} median ${ms(median(walls)).padStart(7)} (${ms(Math.min(...walls))}..${ms(Math.max(...walls))})${cpu}${rss}`;
}

function stageMedians(runs: readonly Run[]): string | undefined {
  const byStage = new Map<string, number[]>();
  for (const r of runs) {
    let timings: BuildJson['timings'];
    try {
      timings = (JSON.parse(r.stdout) as BuildJson).timings;
    } catch {
      timings = undefined;
    }
    for (const t of timings ?? []) byStage.set(t.stage, [...(byStage.get(t.stage) ?? []), t.ms]);
  }
  if (!byStage.size) return undefined;
  return [...byStage].map(([stage, values]) => `${stage} ${median(values).toFixed(0)}`).join(', ') + ' ms';
}

async function main(): Promise<number> {
  if (!Number.isInteger(RUNS) || RUNS < 1) {
    console.error(`usage: coldBuild.bench.ts [runs]: runs must be a positive integer, got ${process.argv[2]}`);
    return 2;
  }
  const maxRatioEnv = process.env.FIXFORGE_BENCH_MAX_RATIO;
  const maxRatio = maxRatioEnv ? Number(maxRatioEnv) : undefined;
  if (maxRatio !== undefined && !(maxRatio > 0)) {
    console.error(`FIXFORGE_BENCH_MAX_RATIO must be a positive number, got '${maxRatioEnv}'`);
    return 2;
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-coldbuild-'));
  try {
    let n = 0;
    const coldBuild = () =>
      runNode([CLI, 'build', SPEC, '--sign', '--json', '--out', path.join(tmp, `out-${n++}`)], path.join(tmp, 'probe.json'));
    const tsc = () => runNode([TSC, '--noEmit', '-p', TSCONFIG], path.join(tmp, 'probe.json'));
    const tscProblem = (run: Run) => (run.code === 0 ? undefined : `exit code ${run.code}`);
    const fail = (what: string, problem: string, run: Run): number => {
      console.error(`FAIL: ${what}: ${problem}\n${failureOutput(run)}`);
      return 1;
    };

    console.log(
      `cold build of ${SPEC} against tsc --noEmit, new process per run, ${RUNS} run(s) each alternating after 1 warm-up, ` +
        `${os.cpus().length} core(s), Node ${process.version}${COMPILE_CACHE ? ' (tsc uses its V8 compile cache)' : ''}`,
    );
    const hadCertificate = fs.existsSync(path.join(ROOT, '.fixforge'));
    const warmBuild = await coldBuild();
    const warmProblem = buildProblem(warmBuild);
    if (warmProblem) return fail(`cold build (warm-up) of ${SPEC}`, warmProblem, warmBuild);
    if (!hadCertificate) console.log('warm-up created the development certificate under .fixforge/ (not counted)');
    const warmTsc = await tsc();
    const warmTscProblem = tscProblem(warmTsc);
    if (warmTscProblem) return fail(`tsc --noEmit -p ${TSCONFIG} (warm-up)`, warmTscProblem, warmTsc);

    const builds: Run[] = [];
    const tscs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate which side goes first, so drift (thermal, other load) hits both alike.
      for (const side of i % 2 ? (['tsc', 'build'] as const) : (['build', 'tsc'] as const)) {
        if (side === 'build') {
          const run = await coldBuild();
          const problem = buildProblem(run);
          if (problem) return fail(`cold build of ${SPEC}`, problem, run);
          builds.push(run);
        } else {
          const run = await tsc();
          const problem = tscProblem(run);
          if (problem) return fail(`tsc --noEmit -p ${TSCONFIG}`, problem, run);
          tscs.push(run);
        }
      }
    }

    const buildMs = median(builds.map((r) => r.wallMs));
    const tscMs = median(tscs.map((r) => r.wallMs));
    const ratio = buildMs / tscMs;
    console.log(summary('cold build (CLI --sign)', builds));
    const swc = builds.flatMap((r) => (r.probe ? [r.probe] : []));
    const stages = stageMedians(builds);
    if (swc.length) console.log(`  of which swc (transpiling ${median(swc.map((p) => p.swcFiles))} .ts sources) ${ms(median(swc.map((p) => p.swcMs)))}`);
    if (stages) console.log(`  build stages: ${stages}`);
    console.log(summary('tsc --noEmit', tscs));
    console.log(`cold build / tsc --noEmit = ${ratio.toFixed(2)}x (goal <= ${GOAL}x)`);
    if (swc.length === builds.length) {
      const withoutSwc = median(builds.map((r) => r.wallMs - r.probe!.swcMs)) / tscMs;
      console.log(`  without swc time (approx.): ${withoutSwc.toFixed(2)}x`);
    }
    const rss = (runs: Run[]) => median(runs.flatMap((r) => (r.probe ? [r.probe.maxRssKb] : [])));
    if (builds.every((r) => r.probe) && tscs.every((r) => r.probe)) {
      console.log(`  peak RSS cold build / tsc --noEmit = ${(rss(builds) / rss(tscs)).toFixed(2)}x`);
    }
    if (maxRatio !== undefined && ratio > maxRatio) {
      console.error(`FAIL: cold build / tsc --noEmit = ${ratio.toFixed(2)}x is above FIXFORGE_BENCH_MAX_RATIO=${maxRatioEnv}`);
      return 1;
    }
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
