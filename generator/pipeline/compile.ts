/**
 * The compiler pipeline: load/check (ts-morph) → IR → emitters (one per target) → encode → sign →
 * write. Each stage hands plain data to the next; nothing is written unless every spec compiled.
 */
import path from 'node:path';
import { createHash } from 'node:crypto';
import { hasErrors, makeDiagnostic, type Diagnostic, type SourceLocation } from '../vocabulary/diagnostics/diagnostic';
import { targetSelectionDiagnostics } from '../targets/selection';
import { createSpecProject, loadSpec, type LoadedSpec } from '../load/loadSpec';
import { lowerSpec } from '../ir/lowerSpec';
import type { FixIR } from '../ir/types';
import { targets as allTargets, type AfterSignEmitter, type FinalFile, type Target, type TargetName } from '../targets';
import type { Artifact } from '../emit/artifact';
import { emitFixReadme } from '../emit/docs/emitFixReadme';
import { encodeArtifact, EncodingError, type EncodedFile } from './encode/encodeArtifact';
import { gitAttributes, sha256Sums } from './manifest';
import { StageClock, type StageTiming } from './stages';
import { writeFixFolder, type OutputFile } from './write/writeOutput';

/** Signs one encoded file; returns its new bytes. Supplied by the sign stage when signing is on. */
export interface ArtifactSigner {
  canSign(file: EncodedFile): boolean;
  sign(file: EncodedFile): Promise<Buffer>;
  /** Extra files the signer contributes, e.g. the development certificate. */
  extraFiles?(): OutputFile[];
}

export type { AfterSignEmitter, FinalFile };

export interface BuildOptions {
  readonly specs: readonly string[];
  readonly outDir: string;
  /** Targets to emit; defaults to every target the spec enables. */
  readonly targets?: readonly TargetName[];
  /** Where `targets` came from, for the diagnostics about it: '--target' (default) or the config's. */
  readonly targetsSource?: string;
  readonly cwd?: string;
  readonly signer?: ArtifactSigner;
  readonly onStage?: (t: StageTiming) => void;
  /** When false, compile and check only. */
  readonly write?: boolean;
  /** Project rules (fixforge.config.ts) checked on each lowered fix before anything is emitted. */
  readonly checkFix?: (ir: FixIR, spec: LoadedSpec) => Diagnostic[];
}

export interface BuiltFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly signed: boolean;
}

export interface BuiltFix {
  readonly id: string;
  readonly spec: string;
  readonly outDir: string;
  readonly ir: FixIR;
  readonly files: readonly BuiltFile[];
  /** The final bytes, by path (for tests and the test command). */
  readonly contents: ReadonlyMap<string, Buffer>;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly fixes: readonly BuiltFix[];
  readonly timings: readonly StageTiming[];
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd();
  const clock = new StageClock(options.onStage);
  const diagnostics: Diagnostic[] = [];
  const fail = (): BuildResult => ({ ok: false, diagnostics, fixes: [], timings: clock.timings });

  const loaded = clock.run(
    'load',
    () => {
      const project = createSpecProject();
      return options.specs.map((spec) => loadSpec(project, spec, cwd));
    },
    (l) => `${l.length} spec(s)`,
  );
  loaded.forEach((l) => diagnostics.push(...l.diagnostics));
  if (hasErrors(diagnostics)) return fail();

  const irs = clock.run('check', () => loaded.map((l) => lowerSpec(l, allTargets)), (r) => `${r.length} IR(s)`);
  irs.forEach((r) => diagnostics.push(...r.diagnostics));
  if (hasErrors(diagnostics)) return fail();
  const fixes = irs.map((r, i) => {
    if (!r.ir) throw new Error(`internal: ${loaded[i].file} lowered to nothing without a diagnostic (a step kind's lower returned undefined silently)`);
    return r.ir;
  });
  // A fix id names the output folder: report each later spec at its `id`, naming the first one.
  fixes.forEach((f, i) => {
    const first = fixes.findIndex((g) => g.id === f.id);
    if (first === i) return;
    const value = loaded[i].value;
    const where = (typeof value === 'object' && value !== null && loaded[i].origins.of(value, 'id')) || { file: f.sourceFile, line: 1, column: 1 };
    diagnostics.push(makeDiagnostic('FF1101', [f.id, fixes[first].sourceFile], where, 'id'));
  });
  fixes.forEach((ir, i) => diagnostics.push(...(options.checkFix?.(ir, loaded[i]) ?? [])));
  // The selected targets against each spec: a coded diagnostic, never an emitter's exception.
  fixes.forEach((ir, i) => diagnostics.push(...targetSelectionDiagnostics(ir, options.targets, (name) => targetsLocation(loaded[i], ir, name), options.targetsSource)));
  if (hasErrors(diagnostics)) return fail();

  const emitted = clock.run('emit', () => fixes.map((ir) => emitAll(ir, options.targets)), (e) => `${e.flat().length} file(s)`);

  let encoded: EncodedFile[][];
  try {
    encoded = clock.run('encode', () => emitted.map((artifacts) => artifacts.map(encodeArtifact)));
  } catch (e) {
    if (!(e instanceof EncodingError)) throw e;
    diagnostics.push(makeDiagnostic('FF4002', [e.path, `'${e.character}'`, e.offset]));
    return fail();
  }

  const signer = options.signer;
  const signed = await clock.runAsync(
    'sign',
    () => Promise.all(encoded.map((files) => Promise.all(files.map((f) => signFile(f, signer))))),
    (s) => (signer ? `${s.flat().filter((f) => f.signed).length} file(s) signed` : 'off'),
  );

  const final = fixes.map((ir, i) => [...signed[i], ...emitAfterSign(ir, signed[i], options.targets)]);

  const outDir = path.resolve(cwd, options.outDir);
  const built: BuiltFix[] = fixes.map((ir, i) => {
    const files: OutputFile[] = final[i].map((f) => ({ path: f.path, bytes: f.bytes }));
    files.push(...(signer?.extraFiles?.() ?? []), gitAttributes());
    files.push(sha256Sums(files));
    const signedPaths = new Set(final[i].filter((f) => f.signed).map((f) => f.path));
    return {
      id: ir.id,
      spec: ir.sourceFile,
      outDir: path.join(outDir, ir.id),
      ir,
      files: files.map((f) => ({
        path: f.path,
        sha256: createHash('sha256').update(f.bytes).digest('hex'),
        size: f.bytes.length,
        signed: signedPaths.has(f.path),
      })),
      contents: new Map(files.map((f) => [f.path, f.bytes])),
    };
  });

  if (options.write !== false) {
    clock.run(
      'write',
      () => built.forEach((fix) => writeFixFolder(outDir, fix.id, [...fix.contents].map(([p, bytes]) => ({ path: p, bytes })))),
      () => path.relative(cwd, outDir) || '.',
    );
  }
  return { ok: true, diagnostics, fixes: built, timings: clock.timings };
}

/** Where the spec enables a target (`targets.<name>`), else its `targets`, else its first line. */
function targetsLocation(spec: LoadedSpec, ir: FixIR, name?: TargetName): SourceLocation {
  const value = spec.value;
  const fallback = { file: ir.sourceFile, line: 1, column: 1 };
  if (typeof value !== 'object' || value === null) return fallback;
  const targets = (value as Record<string, unknown>).targets;
  const inTargets = name && typeof targets === 'object' && targets !== null ? spec.origins.of(targets, name) : undefined;
  return inTargets ?? spec.origins.of(value, 'targets') ?? fallback;
}

function selectedTargets(only: readonly TargetName[] | undefined): Target[] {
  return allTargets.filter((t) => (only ? only.includes(t.name) : true));
}

function emitAll(ir: FixIR, only: readonly TargetName[] | undefined): Artifact[] {
  const selected = selectedTargets(only).filter((t) => ir.targets[t.name]);
  const artifacts = selected.flatMap((t) => t.emit(ir));
  const later = selected.flatMap((t) => t.afterSign?.paths(ir) ?? []);
  artifacts.push(emitFixReadme(ir, [...artifacts.map((a) => a.path), ...later]));
  return artifacts;
}

/** The after-sign files of the selected targets, encoded; they see every file's final bytes. */
function emitAfterSign(ir: FixIR, files: readonly FinalFile[], only: readonly TargetName[] | undefined): (EncodedFile & { signed: boolean })[] {
  return selectedTargets(only)
    .filter((t) => ir.targets[t.name])
    .flatMap((t) => t.afterSign?.emit(ir, files) ?? [])
    .map((a) => ({ ...encodeArtifact(a), signed: false }));
}

async function signFile(file: EncodedFile, signer: ArtifactSigner | undefined): Promise<EncodedFile & { signed: boolean }> {
  if (!signer || !signer.canSign(file)) return { ...file, signed: false };
  return { ...file, bytes: await signer.sign(file), signed: true };
}
