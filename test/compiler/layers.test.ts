/**
 * generator/ is layered (scripts/refactor/layers.ts): each file imports only from its own layer or
 * below, type-only imports and re-exports included, and no import closes a cycle.
 * docs/architecture.md draws the same layers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LAYERS, layerOf } from '../../scripts/refactor/layers';
import { importCycles, importGraph, upwardImports, type ImportGraph } from '../support/importGraph';

const repoRoot = path.resolve(__dirname, '..', '..');
const graph = importGraph(path.join(repoRoot, 'generator'));

describe('the layers of generator/', () => {
  it('claims every TypeScript file for exactly one layer', () => {
    expect([...graph.keys()].filter((f) => layerOf(f) === undefined)).toEqual([]);
    const folders = LAYERS.flatMap((l) => l.folders);
    expect(new Set(folders).size).toBe(folders.length);
  });

  it('has no import that runs up a layer', () => {
    expect(upwardImports(graph, layerOf).map(({ from, to }) => `${from} (${LAYERS[layerOf(from)!].name}) -> ${to} (${LAYERS[layerOf(to)!].name})`)).toEqual([]);
  });

  it('has no import cycle, counting import type', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('counts type-only imports and re-exports as edges: a planted one is found', () => {
    // Planted in memory on the real graph: the bottom importing the top, and a two-file circle in one layer.
    const planted = new Map<string, readonly string[]>(graph);
    planted.set('vocabulary/naming.ts', [...graph.get('vocabulary/naming.ts')!, 'cli/main.ts']);
    expect(upwardImports(planted, layerOf)).toEqual([{ from: 'vocabulary/naming.ts', to: 'cli/main.ts' }]);
    const circle = new Map<string, readonly string[]>(graph);
    circle.set('steps/registry.ts', [...graph.get('steps/registry.ts')!, 'steps/verify/that/index.ts']);
    circle.set('steps/verify/that/index.ts', [...graph.get('steps/verify/that/index.ts')!, 'steps/registry.ts']);
    expect(importCycles(circle)).toEqual([['steps/registry.ts', 'steps/verify/that/index.ts']]);
  });

  it('reads `import type` and `export type ... from` as imports', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'ff-layers-'));
    try {
      fs.mkdirSync(path.join(dir, 'vocabulary'));
      fs.mkdirSync(path.join(dir, 'cli'));
      fs.writeFileSync(path.join(dir, 'vocabulary', 'a.ts'), "import type { X } from '../cli/b';\nexport type Y = X;\n");
      fs.writeFileSync(path.join(dir, 'cli', 'b.ts'), "export type { Y as X } from '../vocabulary/a';\n");
      const tiny: ImportGraph = importGraph(dir);
      expect(upwardImports(tiny, layerOf)).toEqual([{ from: 'vocabulary/a.ts', to: 'cli/b.ts' }]);
      expect(importCycles(tiny)).toEqual([['cli/b.ts', 'vocabulary/a.ts']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is drawn in docs/architecture.md, top layer first, with the same folders', () => {
    const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'architecture.md'), 'utf8');
    const drawing = /<!-- layers:begin -->\n```text\n([\s\S]*?)```\n<!-- layers:end -->/.exec(doc);
    expect(drawing).not.toBeNull();
    const rows = drawing![1]
      .split('\n')
      .map((line) => /^\s*\|\s*(\d)\s+(\w+)\s+\|\s*([^|]*?)\s*\|/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ n: Number(m[1]), name: m[2], folders: m[3].split(/\s+/).map((f) => f.replace(/\/$/, '')) }));
    const expected = LAYERS.map((l, n) => ({ n, name: l.name, folders: [...l.folders] })).reverse();
    expect(rows).toEqual(expected);
  });
});
