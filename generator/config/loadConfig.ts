/**
 * Reads `fixforge.config.ts` the way specs are read: type-checked against `fixforge/config`, the
 * one `export default defineConfig({ ... })` evaluated statically, every field checked with a
 * diagnostic at its position. A project without the file gets the defaults.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Node } from 'ts-morph';
import { makeDiagnostic, type Diagnostic, type SourceLocation } from '../vocabulary/diagnostics/diagnostic';
import { createSpecProject, readableTypeScriptMessage } from '../load/loadSpec';
import { EvaluationError, Evaluator, Origins, evaluationDiagnostic, type Value } from '../load/evaluate';
import { packageRoot } from '../vocabulary/paths';
import type { ConfigTarget, FixforgeConfig, GraphSignIn, SigningConfig } from './dsl';
import { CONFIG_FILE } from './projectRoot';
import { readConfigValue } from './readConfigValue';

export interface ProjectConfig {
  /** The project folder; relative config paths are resolved against it. */
  readonly root: string;
  /** The config file relative to cwd (forward slashes), when there is one. */
  readonly file?: string;
  readonly specs: readonly string[];
  readonly outDir: string;
  readonly targets?: readonly ConfigTarget[];
  readonly cultures?: readonly string[];
  readonly publisher?: Readonly<{ author: string; companyName: string }>;
  readonly signing?: SigningConfig;
  /** Where `signing` is written: signing failures with a key the config chose point there. */
  readonly signingLocation?: SourceLocation;
  readonly test: Readonly<{ pwsh?: string; pester?: string }>;
  readonly publish?: Readonly<{ intune?: Readonly<{ signIn?: GraphSignIn }> }>;
}

export const DEFAULT_SPECS = ['fixes'];
export const DEFAULT_OUT_DIR = 'out';

export function loadProjectConfig(root: string, cwd = process.cwd()): { config: ProjectConfig; diagnostics: Diagnostic[] } {
  const absolute = path.join(root, CONFIG_FILE);
  const defaults: ProjectConfig = { root, specs: DEFAULT_SPECS, outDir: DEFAULT_OUT_DIR, test: {} };
  if (!fs.existsSync(absolute)) return { config: defaults, diagnostics: [] };
  const file = path.relative(cwd, absolute).split(path.sep).join('/');
  const diagnostics: Diagnostic[] = [];
  const project = createSpecProject();
  const sourceFile = project.addSourceFileAtPath(absolute);
  project.resolveSourceFileDependencies();
  for (const d of sourceFile.getPreEmitDiagnostics()) {
    const where = d.getSourceFile() ?? sourceFile;
    const { line, column } = where.getLineAndColumnAtPos(d.getStart() ?? 0);
    const at = path.relative(cwd, where.getFilePath()).split(path.sep).join('/');
    diagnostics.push(makeDiagnostic('FF1002', [d.getCode(), readableTypeScriptMessage(d.compilerObject.messageText)], { file: at, line, column }));
  }

  const origins = new Origins();
  const evaluator = new Evaluator([path.join(packageRoot(), 'generator', 'config')], cwd, origins);
  const calls = sourceFile
    .getExportAssignments()
    .filter((a) => !a.isExportEquals())
    .map((a) => unwrap(a.getExpression()))
    .filter((call) => evaluator.dslCallName(call) === 'defineConfig');
  if (calls.length !== 1 || !Node.isCallExpression(calls[0]) || calls[0].getArguments().length !== 1) {
    diagnostics.push(makeDiagnostic('FF1104', [calls.length === 0 ? 'none' : `${calls.length}`], { file, line: 1, column: 1 }));
    return { config: { ...defaults, file }, diagnostics };
  }
  let value: Value;
  try {
    value = evaluator.evaluate(calls[0].getArguments()[0]);
  } catch (e) {
    if (!(e instanceof EvaluationError)) throw e;
    diagnostics.push(evaluationDiagnostic(e));
    return { config: { ...defaults, file }, diagnostics };
  }
  const report = (field: string, expected: string, where: SourceLocation | undefined) =>
    diagnostics.push(makeDiagnostic('FF1105', [field, expected], where ?? { file, line: 1, column: 1 }, field));
  const read: FixforgeConfig = readConfigValue(value, origins, report);
  const resolveTool = (p: string | undefined) => (p === undefined ? undefined : path.resolve(root, p));
  return {
    config: {
      root,
      file,
      specs: read.specs ?? DEFAULT_SPECS,
      outDir: read.outDir ?? DEFAULT_OUT_DIR,
      targets: read.targets,
      cultures: read.cultures,
      publisher: read.publisher,
      signing: read.signing,
      signingLocation: read.signing && typeof value === 'object' && value !== null ? origins.of(value, 'signing') : undefined,
      test: { pwsh: resolveTool(read.test?.pwsh), pester: resolveTool(read.test?.pester) },
      publish: read.publish,
    },
    diagnostics,
  };
}

function unwrap(node: Node): Node {
  let n = node;
  while (Node.isAsExpression(n) || Node.isSatisfiesExpression(n) || Node.isParenthesizedExpression(n)) n = n.getExpression();
  return n;
}
