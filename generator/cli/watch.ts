/**
 * `fixforge build --watch`: after the first build, rebuilds only the specs a change touches (the
 * spec, or a file it imports) and prints exactly one line per rebuild, after any diagnostics.
 * The writer swaps each fix folder in atomically, so out/ is never half-written, and a failed
 * rebuild leaves the previous output in place. Rebuilds never overlap: changes that arrive
 * during one are collected for the next.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BuildPlan } from './buildPlan';
import { specsToBuild } from './specsToBuild';
import { printDiagnostics } from './printDiagnostics';
import { specDependencies } from './specDependencies';
import { CONFIG_FILE } from '../config/projectRoot';

const SETTLE_MS = 150;

export async function watchBuild(plan: BuildPlan, initialSpecs: readonly string[]): Promise<void> {
  const cwd = plan.project.cwd;
  let specs = [...initialSpecs];
  const deps = new Map(specs.map((s) => [s, specDependencies(path.resolve(cwd, s))]));
  const watchers = new Map<string, fs.FSWatcher>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let building = false;
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const watchDirs = () => {
    const dirs = new Set<string>([plan.project.config.root]);
    for (const files of deps.values()) for (const f of files) dirs.add(path.dirname(f));
    for (const input of plan.cliInputs?.length ? plan.cliInputs : plan.project.config.specs.map((p) => path.resolve(plan.project.config.root, p))) {
      const base = path.resolve(cwd, input.split(/[*?[]/)[0] || '.');
      for (const dir of foldersUnder(fs.existsSync(base) && fs.statSync(base).isDirectory() ? base : path.dirname(base))) dirs.add(dir);
    }
    for (const dir of dirs) {
      if (watchers.has(dir) || !fs.existsSync(dir)) continue;
      const w = fs.watch(dir, (_event, name) => name && onChange(path.join(dir, name.toString())));
      w.on('error', () => undefined); // a watched folder was removed; the next rebuild reports missing files
      watchers.set(dir, w);
    }
  };

  const onChange = (file: string) => {
    if (!/\.tsx?$/.test(file)) return; // output, editors' swap files and the like
    pending.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), SETTLE_MS);
  };

  const rebuild = async () => {
    if (building) return;
    const changed = [...pending];
    pending.clear();
    if (changed.some((f) => path.basename(f) === CONFIG_FILE && path.dirname(f) === plan.project.config.root)) {
      log(`[fixforge] ${CONFIG_FILE} changed: restart --watch to build with the new config`);
    }
    const current = specsToBuild(plan.project, plan.cliInputs).specs;
    const added = current.filter((s) => !specs.includes(s));
    specs = current;
    const affected = current.filter((s) => added.includes(s) || changed.some((f) => deps.get(s)?.has(f)));
    if (affected.length === 0) return;
    building = true;
    const started = Date.now();
    try {
      const result = await plan.run(affected, true);
      printDiagnostics(result.diagnostics, plan.pretty);
      const why = `${changed.map((f) => path.relative(cwd, f).split(path.sep).join('/')).join(', ')} changed`;
      const ms = Date.now() - started;
      if (result.ok) log(`[fixforge] rebuilt ${result.fixes.map((f) => f.id).join(', ')} in ${ms} ms (${why})`);
      else log(`[fixforge] rebuild failed: ${result.diagnostics.filter((d) => d.category === 'error').length} error(s) in ${ms} ms (${why}); the previous output is unchanged`);
      for (const s of affected) deps.set(s, specDependencies(path.resolve(cwd, s)));
      watchDirs();
    } finally {
      building = false;
      if (pending.size > 0) timer = setTimeout(() => void rebuild(), SETTLE_MS);
    }
  };

  watchDirs();
  log(`[fixforge] watching ${specs.length} spec(s) for changes (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** A folder and the folders below it, without node_modules and dot-folders (out/ swaps are not specs). */
function foldersUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out = [dir];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) out.push(...foldersUnder(path.join(dir, e.name)));
  }
  return out;
}
