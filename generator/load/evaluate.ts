/**
 * Static evaluation of spec expressions: literals, `const` references (also imported from other
 * spec files), arrays, objects, spreads, property access, template literals and the DSL's own
 * calls. Nothing is executed; anything else becomes an FF1004 diagnostic.
 */
import { Node, SyntaxKind, type Expression, type Symbol as MorphSymbol } from 'ts-morph';
import path from 'node:path';
import type { SourceLocation } from '../diagnostics/diagnostic';
import { dslCalls } from '../steps/registry';
import { Origins, type Value } from './values';

export { Origins, type Value } from './values';

export class EvaluationError extends Error {
  constructor(
    readonly what: string,
    readonly reason: string,
    readonly location: SourceLocation,
    readonly selfReference = false,
  ) {
    super(`${what}: ${reason}`);
  }
}

export function locationOf(node: Node, cwd: string): SourceLocation {
  const sf = node.getSourceFile();
  const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
  return { file: path.relative(cwd, sf.getFilePath()).split(path.sep).join('/'), line, column };
}

/**
 * What a DSL call evaluates to, by qualified name: `defineFix` and `hint` are identities; each
 * step kind's builder (`detect.eventLog`, ...) comes from the step-kind registry, with the shape
 * of its arguments (one object, or named positions).
 */
function dslCall(name: string): ((args: Value[]) => Value) | undefined {
  if (name === 'defineFix' || name === 'hint') return ([value]) => value;
  const kind = dslCalls.get(name);
  if (!kind) return undefined;
  const { call } = kind;
  if (call === 'object') return ([step]) => ({ kind: kind.kind, ...asObject(step) });
  return (args) => {
    const out: { [key: string]: Value } = { kind: kind.kind };
    call.forEach((key, i) => {
      if (args[i] !== undefined) out[key] = args[i];
    });
    return out;
  };
}

/** The names of the DSL functions, for the message that says what may be called. */
export function dslCallNames(): string {
  return ['defineFix', 'hint', ...dslCalls.keys()].join(', ');
}

function asObject(v: Value): { [key: string]: Value } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

export class Evaluator {
  private readonly inProgress = new Set<Node>();
  private readonly cache = new Map<Node, Value>();

  constructor(
    /** Folders whose declarations are the DSL (`generator/dsl`, `generator/steps`). */
    private readonly dslDirs: readonly string[],
    private readonly cwd: string,
    readonly origins: Origins,
  ) {}

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

  private isDslFile(node: Node): boolean {
    const file = path.resolve(node.getSourceFile().getFilePath());
    return this.dslDirs.some((dir) => file.startsWith(dir + path.sep));
  }

  evaluate(node: Expression | Node): Value {
    const cached = this.cache.get(node);
    if (cached !== undefined) return cached;
    const value = this.evaluateUncached(node);
    if (value !== null && typeof value === 'object') this.origins.recordWhole(value, locationOf(node, this.cwd));
    this.cache.set(node, value);
    return value;
  }

  private fail(node: Node, reason: string): never {
    throw new EvaluationError(describe(node), reason, locationOf(node, this.cwd));
  }

  private evaluateUncached(node: Node): Value {
    if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
    if (Node.isNumericLiteral(node)) return node.getLiteralValue();
    if (Node.isTrueLiteral(node)) return true;
    if (Node.isFalseLiteral(node)) return false;
    if (Node.isNullLiteral(node)) return null;
    if (
      Node.isParenthesizedExpression(node) ||
      Node.isAsExpression(node) ||
      Node.isSatisfiesExpression(node) ||
      Node.isTypeAssertion(node) ||
      Node.isNonNullExpression(node)
    ) {
      return this.evaluate(node.getExpression());
    }
    if (Node.isPrefixUnaryExpression(node) && node.getOperatorToken() === SyntaxKind.MinusToken) {
      const operand = this.evaluate(node.getOperand());
      if (typeof operand !== 'number') this.fail(node, 'unary minus needs a number');
      return -operand;
    }
    if (Node.isTemplateExpression(node)) {
      let text = node.getHead().getLiteralText();
      for (const span of node.getTemplateSpans()) {
        const part = this.evaluate(span.getExpression());
        if (typeof part !== 'string' && typeof part !== 'number') this.fail(span.getExpression(), 'only strings and numbers can be substituted');
        text += String(part) + span.getLiteral().getLiteralText();
      }
      return text;
    }
    if (Node.isArrayLiteralExpression(node)) return this.evaluateArray(node);
    if (Node.isObjectLiteralExpression(node)) return this.evaluateObject(node);
    if (Node.isIdentifier(node)) return this.evaluateIdentifier(node);
    if (Node.isPropertyAccessExpression(node)) {
      const target = this.evaluate(node.getExpression());
      return this.member(node, target, node.getName());
    }
    if (Node.isElementAccessExpression(node)) {
      const target = this.evaluate(node.getExpression());
      const arg = node.getArgumentExpression();
      const key = arg ? this.evaluate(arg) : null;
      if (typeof key !== 'string' && typeof key !== 'number') this.fail(node, 'the index must be a string or number literal');
      return this.member(node, target, key);
    }
    if (Node.isCallExpression(node)) {
      const name = this.dslCallName(node);
      const call = name ? dslCall(name) : undefined;
      if (!name || !call) this.fail(node, `only the DSL functions (${dslCallNames()}) can be called in a spec`);
      const args = node.getArguments().map((a) => this.evaluate(a));
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
          if (arg) this.origins.record(result, key, locationOf(arg, this.cwd));
        });
      }
      return result;
    }
    this.fail(node, `${node.getKindName()} is not supported in a spec (specs are data)`);
  }

  private evaluateArray(node: Node & { getElements(): Node[] }): Value[] {
    const out: Value[] = [];
    for (const element of node.getElements()) {
      if (Node.isSpreadElement(element)) {
        const spread = this.evaluate(element.getExpression());
        if (!Array.isArray(spread)) this.fail(element, 'only arrays can be spread into an array');
        spread.forEach((v, i) => {
          const loc = this.origins.of(spread, i) ?? locationOf(element, this.cwd);
          this.origins.record(out, out.length, loc);
          out.push(v);
        });
      } else if (Node.isOmittedExpression(element)) {
        this.fail(element, 'arrays must not have holes');
      } else {
        this.origins.record(out, out.length, locationOf(element, this.cwd));
        out.push(this.evaluate(element));
      }
    }
    return out;
  }

  private evaluateObject(node: Node & { getProperties(): Node[] }): { [key: string]: Value } {
    const out: { [key: string]: Value } = {};
    for (const prop of node.getProperties()) {
      if (Node.isPropertyAssignment(prop)) {
        const nameNode = prop.getNameNode();
        if (Node.isComputedPropertyName(nameNode)) this.fail(nameNode, 'computed property names are not supported');
        const key = Node.isStringLiteral(nameNode) || Node.isNumericLiteral(nameNode) ? String(nameNode.getLiteralValue()) : nameNode.getText();
        const init = prop.getInitializerOrThrow();
        this.origins.record(out, key, locationOf(init, this.cwd));
        out[key] = this.evaluate(init);
      } else if (Node.isShorthandPropertyAssignment(prop)) {
        this.origins.record(out, prop.getName(), locationOf(prop, this.cwd));
        const symbol = prop.getProject().getTypeChecker().getShorthandAssignmentValueSymbol(prop);
        out[prop.getName()] = this.evaluateSymbol(symbol, prop.getNameNode());
      } else if (Node.isSpreadAssignment(prop)) {
        const spread = this.evaluate(prop.getExpression());
        if (spread === null || typeof spread !== 'object' || Array.isArray(spread)) this.fail(prop, 'only objects can be spread into an object');
        for (const [k, v] of Object.entries(spread)) {
          this.origins.record(out, k, this.origins.of(spread, k) ?? locationOf(prop, this.cwd));
          out[k] = v;
        }
      } else {
        this.fail(prop, `${prop.getKindName()} is not supported in a spec object (specs are data)`);
      }
    }
    return out;
  }

  private evaluateIdentifier(node: Node): Value {
    if (node.getText() === 'undefined') this.fail(node, 'undefined is not a value; leave the field out');
    return this.evaluateSymbol(node.getSymbol(), node);
  }

  private evaluateSymbol(found: MorphSymbol | undefined, node: Node): Value {
    const symbol = resolveAlias(found);
    const decl = symbol?.getDeclarations()[0];
    if (!decl) this.fail(node, 'cannot resolve this name');
    if (!Node.isVariableDeclaration(decl)) this.fail(node, `it refers to a ${decl.getKindName()}, not a const`);
    const list = decl.getVariableStatement();
    if (!list || list.getDeclarationKind() !== 'const') this.fail(node, 'only const declarations can be referenced');
    const init = decl.getInitializer();
    if (!init) this.fail(node, 'the const has no initializer');
    if (this.inProgress.has(decl)) {
      throw new EvaluationError(describe(node), 'it refers to itself', locationOf(node, this.cwd), true);
    }
    this.inProgress.add(decl);
    try {
      return this.evaluate(init);
    } finally {
      this.inProgress.delete(decl);
    }
  }

  private member(node: Node, target: Value, key: string | number): Value {
    if (target === null || typeof target !== 'object') this.fail(node, 'property access needs an object or array');
    const value = Array.isArray(target) ? (typeof key === 'number' ? target[key] : undefined) : target[String(key)];
    if (value === undefined) this.fail(node, `there is no '${key}' here`);
    return value;
  }
}

function resolveAlias(symbol: MorphSymbol | undefined): MorphSymbol | undefined {
  return symbol?.isAlias() ? symbol.getAliasedSymbol() ?? symbol : symbol;
}

function describe(node: Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return `'${text.length > 40 ? `${text.slice(0, 37)}...` : text}'`;
}
