/**
 * Load a spec with ts-morph: type-check it against the DSL, find its one `defineFix(...)` export
 * and evaluate that statically. Never runs spec code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Node, Project, ts, type SourceFile } from 'ts-morph';
import { makeDiagnostic, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import { configSourcePath, dslSourcePath, packageRoot } from '../vocabulary/paths';
import { EvaluationError, Evaluator, Origins, evaluationDiagnostic, type Value } from './evaluate';

export interface LoadedSpec {
  /** Spec path relative to cwd, forward slashes. */
  readonly file: string;
  /** The evaluated `defineFix` argument, or undefined when loading failed. */
  readonly value: Value | undefined;
  readonly origins: Origins;
  readonly diagnostics: Diagnostic[];
}

/** One ts-morph project per compiler run: lib files and the DSL are parsed once for all specs. */
export function createSpecProject(): Project {
  return new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts'],
      types: [],
      skipLibCheck: true,
      paths: { 'fixforge/dsl': [dslSourcePath()], 'fixforge/config': [configSourcePath()] },
    },
  });
}

export function loadSpec(project: Project, specPath: string, cwd = process.cwd()): LoadedSpec {
  const absolute = path.resolve(cwd, specPath);
  const file = path.relative(cwd, absolute).split(path.sep).join('/');
  const origins = new Origins();
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) {
    return { file, value: undefined, origins, diagnostics: [makeDiagnostic('FF1001', [file], undefined, undefined)] };
  }
  const sourceFile = project.addSourceFileAtPath(absolute);
  project.resolveSourceFileDependencies();
  const diagnostics = typeDiagnostics(project, sourceFile, cwd);

  const generator = path.join(packageRoot(), 'generator');
  const evaluator = new Evaluator([path.join(generator, 'dsl'), path.join(generator, 'steps')], cwd, origins);
  const exports = fixExports(sourceFile, evaluator);
  if (exports.length !== 1) {
    const loc = { file, line: 1, column: 1 };
    diagnostics.push(makeDiagnostic('FF1003', [exports.length === 0 ? 'none' : `${exports.length}`], loc));
    return { file, value: undefined, origins, diagnostics };
  }
  try {
    const value = evaluator.evaluate(exports[0]);
    return { file, value, origins, diagnostics };
  } catch (e) {
    if (!(e instanceof EvaluationError)) throw e;
    diagnostics.push(evaluationDiagnostic(e));
    return { file, value: undefined, origins, diagnostics };
  }
}

/** Type errors in the spec and the spec files it imports; the DSL itself is trusted. */
function typeDiagnostics(project: Project, sourceFile: SourceFile, cwd: string): Diagnostic[] {
  const files = [sourceFile, ...sourceFile.getReferencedSourceFiles()].filter(
    (sf) => !isDslFile(path.resolve(sf.getFilePath())) && !sf.isInNodeModules() && !sf.isDeclarationFile(),
  );
  const out: Diagnostic[] = [];
  for (const sf of new Set(files)) {
    for (const d of [...sf.getPreEmitDiagnostics()]) {
      const start = d.getStart();
      const where = d.getSourceFile() ?? sf;
      const { line, column } = where.getLineAndColumnAtPos(start ?? 0);
      const text = readableTypeScriptMessage(d.compilerObject.messageText);
      const file = path.relative(cwd, where.getFilePath()).split(path.sep).join('/');
      out.push(makeDiagnostic('FF1002', [d.getCode(), text], { file, line, column }));
    }
  }
  return out;
}

/**
 * A TypeScript message as a spec author wants it. A missing required property is reported as the
 * field's name: TypeScript's own text repeats the whole object type, twice. Otherwise the chain
 * is kept, one clause per sentence, with long inline types shortened.
 */
export function readableTypeScriptMessage(message: string | ts.DiagnosticMessageChain): string {
  const chain = typeof message === 'string' ? [message] : flattenChain(message);
  for (const text of chain) {
    const missing = /^Property '([^']+)' is missing in type .* but required in type '([^']+)'\.$/s.exec(text);
    if (missing) return `Field '${missing[1]}' is required (in ${missing[2]}).`;
    const several = /^Type .* is missing the following properties from type '([^']+)': (.+)$/s.exec(text);
    if (several) return `Fields ${several[2].replace(/, and \d+ more\.?$/, '').split(', ').map((f) => `'${f.replace(/\.$/, '')}'`).join(', ')} are required (in ${several[1]}).`;
  }
  return chain.map(shortenTypes).join(' ');
}

function flattenChain(chain: ts.DiagnosticMessageChain): string[] {
  return [chain.messageText, ...(chain.next ?? []).flatMap(flattenChain)];
}

/** `'{ id: string; module: {...}; ... 5 more ...; }'` → `'{ ... }'` past 60 characters. */
function shortenTypes(text: string): string {
  return text.replace(/'(\{[^']*\})'/g, (all, type: string) => (type.length > 60 ? "'{ ... }'" : all));
}

/** The DSL's own files (generator/dsl, the DSL's common types, each step kind's dsl.ts and the builders in steps/) are trusted. */
function isDslFile(file: string): boolean {
  // Paths spelt out in full, so that moving a folder (scripts/refactor) finds and updates them.
  const at = (p: string) => path.join(packageRoot(), ...p.split('/'));
  if (file.startsWith(at('generator/dsl') + path.sep) || file === at('generator/vocabulary/dsl/common.ts')) return true;
  return file.startsWith(at('generator/steps') + path.sep) && path.basename(file) === 'dsl.ts';
}

/** Exported declarations whose value is a `defineFix(...)` call. */
function fixExports(sourceFile: SourceFile, evaluator: Evaluator): Node[] {
  const found: Node[] = [];
  for (const [, decls] of sourceFile.getExportedDeclarations()) {
    for (const decl of decls) {
      const expr = Node.isVariableDeclaration(decl) ? decl.getInitializer() : Node.isExpression(decl) ? decl : undefined;
      const call = expr && unwrap(expr);
      if (call && evaluator.dslCallName(call) === 'defineFix' && !found.includes(call)) found.push(call);
    }
  }
  for (const assignment of sourceFile.getExportAssignments()) {
    const call = unwrap(assignment.getExpression());
    if (evaluator.dslCallName(call) === 'defineFix' && !found.includes(call)) found.push(call);
  }
  return found;
}

function unwrap(node: Node): Node {
  let n = node;
  while (Node.isAsExpression(n) || Node.isSatisfiesExpression(n) || Node.isParenthesizedExpression(n)) n = n.getExpression();
  return n;
}

