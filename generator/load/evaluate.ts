/**
 * Static evaluation of spec expressions: the interpreter of interpret/ (pure TypeScript: consts,
 * functions of the spec and its local modules, operators, the pure standard library) plus the
 * DSL's own calls. Nothing is executed; anything else becomes a located diagnostic.
 */
import { Node } from 'ts-morph';
import path from 'node:path';
import { makeDiagnostic, type Diagnostic, type SourceLocation } from '../vocabulary/diagnostics/diagnostic';
import { dslCalls } from '../steps/registry';
import { Interpreter, resolveAlias } from './interpret/interpreter';
import { EvaluationError, Origins, plainLocation, type Value } from './interpret/runtime';

export { EvaluationError, Origins, type Value };

export function locationOf(node: Node, cwd: string): SourceLocation {
  return plainLocation(node, cwd);
}

/** The diagnostic an evaluation stopped with: FF1004, FF1008 or one of the interpreter's FF1010-FF1013. */
export function evaluationDiagnostic(e: EvaluationError): Diagnostic {
  if (e.selfReference) return makeDiagnostic('FF1008', [e.what], e.location);
  if (e.coded) {
    const [a = '', b = '', c = ''] = e.coded.args;
    switch (e.coded.code) {
      case 'FF1010':
        return makeDiagnostic('FF1010', [a, b], e.location);
      case 'FF1011':
        return makeDiagnostic('FF1011', [a, b], e.location);
      case 'FF1012':
        return makeDiagnostic('FF1012', [a, b, c], e.location);
      case 'FF1013':
        return makeDiagnostic('FF1013', [a, b], e.location);
    }
  }
  return makeDiagnostic('FF1004', [e.what, e.reason], e.location);
}

/**
 * What a DSL call evaluates to, by qualified name: `defineFix` and `hint` are identities; each
 * step kind's builder (`detect.eventLog`, ...) comes from the step-kind registry, with the shape
 * of its arguments (one object, or named positions).
 */
function dslCall(name: string): ((args: (Value | undefined)[]) => Value) | undefined {
  if (name === 'defineFix' || name === 'hint') return ([value]) => value ?? null;
  const kind = dslCalls.get(name);
  if (!kind) return undefined;
  const { call } = kind;
  if (call === 'object') return ([step]) => ({ kind: kind.kind, ...asObject(step) });
  return (args) => {
    const out: { [key: string]: Value } = { kind: kind.kind };
    call.forEach((key, i) => {
      const arg = args[i];
      if (arg !== undefined) out[key] = arg;
    });
    return out;
  };
}

/** The names of the DSL functions, for the message that says what may be called. */
export function dslCallNames(): string {
  return ['defineFix', 'hint', ...dslCalls.keys()].join(', ');
}

function asObject(v: Value | undefined): { [key: string]: Value } {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

export class Evaluator extends Interpreter {
  constructor(
    /** Folders whose declarations are the DSL (`generator/dsl`, `generator/steps`). */
    private readonly dslDirs: readonly string[],
    cwd: string,
    origins: Origins,
  ) {
    super(cwd, origins);
  }

  /** The DSL function a call expression invokes, e.g. `detect.eventLog`, or undefined. */
  dslCallName(node: Node): string | undefined {
    if (!Node.isCallExpression(node)) return undefined;
    const callee = node.getExpression();
    if (Node.isPropertyAccessExpression(callee)) {
      // `detect.eventLog(...)`: the object must be one of the DSL's builder objects.
      const owner = resolveAlias(callee.getExpression().getSymbol())?.getDeclarations()[0];
      if (!owner || !Node.isVariableDeclaration(owner) || !this.isDslFile(owner)) return undefined;
      return `${owner.getName()}.${callee.getName()}`;
    }
    const decl = resolveAlias(callee.getSymbol())?.getDeclarations()[0];
    return decl && Node.isFunctionDeclaration(decl) && this.isDslFile(decl) ? decl.getName() : undefined;
  }

  protected notCallable(): string {
    return `only the DSL functions (${dslCallNames()}) can be called in a spec`;
  }

  private isDslFile(node: Node): boolean {
    const file = path.resolve(node.getSourceFile().getFilePath());
    return this.dslDirs.some((dir) => file.startsWith(dir + path.sep));
  }

  protected callDsl(name: string, node: Node, args: (Value | undefined)[]): Value | undefined {
    const call = dslCall(name);
    if (!call || !Node.isCallExpression(node)) return undefined;
    const result = call(args);
    // Fields spread from the argument keep the argument's origins.
    const argObject = args[0];
    if (result && typeof result === 'object' && !Array.isArray(result) && argObject && typeof argObject === 'object') {
      for (const key of Object.keys(result)) {
        const loc = this.origins.of(argObject, key);
        if (loc) this.origins.record(result, key, loc);
      }
    }
    // Positional builders: each field comes from its argument.
    const positions = dslCalls.get(name)?.call;
    if (Array.isArray(positions) && result && typeof result === 'object' && !Array.isArray(result)) {
      positions.forEach((key: string, i: number) => {
        const arg = node.getArguments()[i];
        if (arg) this.origins.record(result, key, this.here(arg));
      });
    }
    return result;
  }
}
