/**
 * The layers of generator/, bottom up, and the folders that hold each. A file may import only
 * from its own layer or one below (type-only imports and re-exports included), and no import may
 * close a cycle. Checked by test/compiler/layers.test.ts; drawn in docs/architecture.md.
 *
 * Each top folder of generator/ belongs to exactly one layer; a layer's folder is named after it
 * (generator/vocabulary, generator/steps, ... generator/cli), and the few extra top folders are the
 * package's public entry points, kept where package.json and users' specs find them
 * (`fixforge/dsl` is generator/dsl, `fixforge/config` is generator/config, the package main is
 * generator/index.ts; only their DSL sources ship, never the CLI's) and engine/, the
 * PowerShell engine, which has no TypeScript.
 */
export interface Layer {
  readonly name: string;
  /** Top folders (or files) of generator/ in this layer. */
  readonly folders: readonly string[];
  readonly holds: string;
}

export const LAYERS: readonly Layer[] = [
  { name: 'vocabulary', folders: ['vocabulary'], holds: 'DSL and IR common types, roots, diagnostics table, escaping, naming, PowerShell data values, field readers, package paths' },
  { name: 'steps', folders: ['steps', 'dsl'], holds: 'the step kinds (one folder each), their contract (stepKind, LowerContext), the registry and the public DSL (fixforge/dsl)' },
  { name: 'load', folders: ['load'], holds: 'parsing specs with ts-morph and evaluating them statically' },
  { name: 'ir', folders: ['ir'], holds: 'lowering and checking a loaded spec into the IR; the target rules it is handed' },
  { name: 'emit', folders: ['emit'], holds: 'one emitter per target, pure functions of the IR' },
  { name: 'targets', folders: ['targets'], holds: 'each target: its rules and its emitters, in output order' },
  { name: 'pipeline', folders: ['pipeline'], holds: 'compile: encode, sign, write (pipeline/encode, pipeline/sign, pipeline/write)' },
  { name: 'cli', folders: ['cli', 'config', 'index.ts'], holds: 'the command line, init, publish, docs generation; project config (fixforge/config); the package main' },
];

/** The layer of a path relative to generator/ (forward slashes), or undefined if none claims it. */
export function layerOf(relative: string): number | undefined {
  const top = relative.split('/')[0];
  const i = LAYERS.findIndex((l) => l.folders.includes(top));
  return i < 0 ? undefined : i;
}
