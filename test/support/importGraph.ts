/**
 * The import graph of generator/**\/*.ts as the design sees it: every import, `import type`,
 * `export ... from`, `import('...')` type and require of a relative path is an edge.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** File (relative to generator/, forward slashes) -> the files it imports, sorted. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

export function importGraph(generatorDir: string): ImportGraph {
  const files = listTs(generatorDir).map((f) => path.relative(generatorDir, f).split(path.sep).join('/'));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(generatorDir, file), 'utf8');
    const edges = new Set<string>();
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.fileName));
      const target = [`${base}.ts`, `${base}/index.ts`, base].find((c) => known.has(c));
      if (!target) throw new Error(`${file}: cannot resolve '${ref.fileName}'`);
      edges.add(target);
    }
    graph.set(file, [...edges].sort());
  }
  return graph;
}

/** Every import from a file to one in a higher layer. */
export function upwardImports(graph: ImportGraph, layerOf: (file: string) => number | undefined): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const [from, targets] of graph) {
    const own = layerOf(from);
    for (const to of targets) {
      const theirs = layerOf(to);
      if (own !== undefined && theirs !== undefined && theirs > own) out.push({ from, to });
    }
  }
  return out;
}

/** The import cycles: strongly connected components of more than one file, and files importing themselves. */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

function listTs(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listTs(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}
