/**
 * Moves generator/ into its layers (scripts/refactor/layers.ts), deterministically and
 * re-runnably:
 *
 *   node --require ./scripts/register-ts.js scripts/refactor/apply-layers.ts [--dry-run]
 *
 * 1. TypeScript: each move of the map below is applied with ts-morph (`SourceFile.move`), which
 *    rewrites the relative imports of the moved file and of every file of tsconfig.json's project
 *    that refers to it (generator/, test/, scripts/, bench/, spec/, packages/). A folder move
 *    moves every file found in the old folder at run time, so files others added there move too.
 * 2. Other files of those folders (.ps1, .cmd, .hbs, .json, ...) move with them.
 * 3. Every other text file of the repository (docs, package.json, tsconfig, jest config, bin/,
 *    scripts, tests reading files by path, PowerShell) is searched for the old paths in the three
 *    spellings code uses: `generator/a/b`, `'generator', 'a', 'b'` (path.join) and `dist/a/b`
 *    (the compiled package), and they are rewritten. Golden baselines are left alone: the output
 *    must not change.
 *
 * Idempotent: a move whose old path no longer exists does nothing, and a rewritten path no longer
 * matches its old spelling, so a second run changes nothing. Deterministic: moves run in map order,
 * files in sorted order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Project } from 'ts-morph';

export interface Move {
  /** Repository-relative, forward slashes: a file or a folder. */
  readonly from: string;
  readonly to: string;
  /** The file is part of the DSL source that ships with the package (package.json `files`). */
  readonly ships?: boolean;
}

/** Files first, then folders: a folder move takes whatever is left in it, including new files. */
export const MOVES: readonly Move[] = [
  // The shared vocabulary, at the bottom.
  { from: 'generator/assertNever.ts', to: 'generator/vocabulary/assertNever.ts' },
  { from: 'generator/paths.ts', to: 'generator/vocabulary/paths.ts' },
  { from: 'generator/dsl/common.ts', to: 'generator/vocabulary/dsl/common.ts', ships: true },
  { from: 'generator/ir/common.ts', to: 'generator/vocabulary/ir/common.ts' },
  { from: 'generator/ir/roots.ts', to: 'generator/vocabulary/ir/roots.ts' },
  { from: 'generator/emit/naming.ts', to: 'generator/vocabulary/naming.ts' },
  { from: 'generator/emit/powershell/data.ts', to: 'generator/vocabulary/powershell/data.ts' },
  { from: 'generator/check/fieldReader.ts', to: 'generator/vocabulary/fieldReader.ts' },
  { from: 'generator/check/vocabulary.ts', to: 'generator/vocabulary/closedSets.ts' },
  { from: 'generator/check/stringRole.ts', to: 'generator/vocabulary/stringRole.ts' },
  { from: 'generator/load/values.ts', to: 'generator/vocabulary/values.ts' },
  { from: 'generator/diagnostics', to: 'generator/vocabulary/diagnostics' },
  { from: 'generator/escape', to: 'generator/vocabulary/escape' },
  // The checks that need every target run while lowering.
  { from: 'generator/check/carry.ts', to: 'generator/ir/carry.ts' },
  { from: 'generator/check', to: 'generator/ir' },
  // The pipeline's stages under the pipeline.
  { from: 'generator/encode', to: 'generator/pipeline/encode' },
  { from: 'generator/sign', to: 'generator/pipeline/sign' },
  { from: 'generator/write', to: 'generator/pipeline/write' },
  // What the command line uses, under the CLI; config/ stays: `fixforge/config` ships its source (config/dsl.ts).
  { from: 'generator/publish', to: 'generator/cli/publish' },
  { from: 'generator/init', to: 'generator/cli/init' },
  { from: 'generator/docs', to: 'generator/cli/docs' },
];

/** Never rewritten: the outputs must stay byte-identical, and this folder names the old paths on purpose. */
const KEEP = [/^test\/baselines\//, /^scripts\/refactor\//, /^package-lock\.json$/, /(^|\/)node_modules\//, /^dist\//, /^\.tools\//];
const TEXT = /\.(ts|js|cjs|mjs|json|md|ps1|psm1|psd1|cmd|hbs|sh|yml|yaml|txt|ini)$/i;

function main(argv: string[]): void {
  const dryRun = argv.includes('--dry-run');
  const root = path.resolve(__dirname, '..', '..');
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  const abs = (p: string) => path.join(root, ...p.split('/'));

  // Which files move where, decided before anything changes.
  const plan: { from: string; to: string }[] = [];
  const claimed = new Set<string>();
  for (const move of MOVES) {
    const from = abs(move.from);
    if (!fs.existsSync(from)) continue;
    const files = fs.statSync(from).isDirectory() ? listFiles(from).map(rel) : [move.from];
    for (const file of files) {
      if (claimed.has(file)) continue;
      claimed.add(file);
      plan.push({ from: file, to: move.to + file.slice(move.from.length) });
    }
  }
  for (const p of plan) if (fs.existsSync(abs(p.to))) throw new Error(`apply-layers: ${p.to} exists already; ${p.from} cannot move there`);
  if (plan.length === 0) console.log('apply-layers: every move is done already');

  if (plan.length > 0) {
    const project = new Project({ tsConfigFilePath: path.join(root, 'tsconfig.json') });
    const later: { from: string; to: string }[] = [];
    for (const p of plan) {
      const source = /\.ts$/.test(p.from) ? project.getSourceFile(abs(p.from)) : undefined;
      if (source) source.move(abs(p.to), { overwrite: false });
      else later.push(p);
    }
    if (!dryRun) project.saveSync();
    for (const p of later) {
      if (dryRun) continue;
      fs.mkdirSync(path.dirname(abs(p.to)), { recursive: true });
      fs.renameSync(abs(p.from), abs(p.to));
    }
    if (!dryRun) for (const move of MOVES) removeEmptyFolders(abs(move.from));
    // dist/ (ignored build output) mirrors the old layout; tsc never deletes, so a packed dist would
    // carry both. `npm run build` makes it again.
    if (!dryRun && fs.existsSync(abs('dist'))) fs.rmSync(abs('dist'), { recursive: true, force: true });
    for (const p of plan) console.log(`${dryRun ? 'would move' : 'moved'} ${p.from} -> ${p.to}`);
  }

  // Paths in text: every move, done now or before (a re-run after others merged fixes their text).
  const rewrites = MOVES.flatMap(spellings);
  let changed = 0;
  for (const file of repositoryFiles(root)) {
    if (KEEP.some((k) => k.test(file)) || !TEXT.test(file)) continue;
    const before = fs.readFileSync(abs(file), 'utf8');
    let after = before;
    for (const [pattern, replacement] of rewrites) after = after.replace(pattern, replacement);
    if (file === 'package.json') after = shipDslSources(after);
    if (after !== before) {
      changed++;
      console.log(`${dryRun ? 'would rewrite' : 'rewrote'} paths in ${file}`);
      if (!dryRun) fs.writeFileSync(abs(file), after);
    }
  }
  console.log(`apply-layers: ${plan.length} file(s) moved, ${changed} file(s) with paths rewritten${dryRun ? ' (dry run)' : ''}`);
}

/** The old path as code spells it, each with its new spelling. */
function spellings(move: Move): [RegExp, string][] {
  const out: [RegExp, string][] = [];
  const under = (p: string) => p.replace(/^generator\//, '');
  // A TypeScript file is also named without its extension (imports, docs) and, compiled, as dist/**/*.js / .d.ts.
  const variants: [string, string, string][] = [[move.from, move.to, '(?![\\w-]|\\.\\w)']];
  if (move.from.endsWith('.ts')) variants.push([move.from.slice(0, -3), move.to.slice(0, -3), '(?![\\w-]|\\.(?!ts\\b|js\\b|d\\.ts\\b)\\w)']);
  for (const [from, to, after] of variants) {
    // generator/a/b, not generator/a/bc nor generator/a/b.other
    out.push([new RegExp(`(?<![\\w-])${escape(from)}${after}`, 'g'), to]);
    out.push([new RegExp(`(?<![\\w-])dist/${escape(under(from))}(?=[/'"\`.\\s)]|$)(?!\\.ts\\b)`, 'g'), `dist/${under(to)}`]);
    // path.join(root, 'generator', 'a', 'b')
    const segments = from.split('/');
    const target = to.split('/');
    out.push([
      new RegExp(`(['"])${segments.map(escape).join(`\\1(\\s*,\\s*)\\1`)}\\1`, 'g'),
      '$1' + target.join('$1$2$1') + '$1',
    ]);
  }
  return out;
}

/** package.json `files`: the DSL sources a spec is type-checked against must still ship. */
function shipDslSources(text: string): string {
  const manifest = JSON.parse(text) as { files?: string[] };
  const files = manifest.files;
  if (!files) return text;
  const missing = MOVES.filter((m) => m.ships && !files.includes(m.to)).map((m) => m.to);
  if (missing.length === 0) return text;
  const anchor = files.indexOf('generator/steps/dsl.ts');
  files.splice(anchor < 0 ? files.length : anchor, 0, ...missing);
  return JSON.stringify(manifest, null, 2) + '\n';
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function removeEmptyFolders(dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) removeEmptyFolders(path.join(dir, e.name));
  if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

/** Tracked and new (not ignored) files, sorted. */
function repositoryFiles(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return [...new Set(out.split('\0').filter((f) => f && fs.existsSync(path.join(root, f)) && fs.statSync(path.join(root, f)).isFile()))].sort();
}

if (require.main === module) main(process.argv.slice(2));
