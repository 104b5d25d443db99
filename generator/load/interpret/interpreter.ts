/**
 * A small, total interpreter of pure TypeScript expressions over ts-morph's syntax tree: literals,
 * consts (also imported, also re-exported), functions of the spec and of its local modules
 * (arrow functions and `function` declarations whose body is an expression or a block of const,
 * if/else and return), closures, default and rest parameters, destructuring, operators, optional
 * chaining and the pure standard library of stdlib.ts. The spec's code is never run: no eval, no
 * Function, no vm, no require. Every call is bounded (limits in runtime.ts); anything else is an
 * EvaluationError naming the construct and where it is.
 */
import { Node, SyntaxKind, ts, type Symbol as MorphSymbol } from 'ts-morph';
import type { SourceLocation } from '../../vocabulary/diagnostics/diagnostic';
import { OperatorError, operate, truthy } from './operators';
import { impurity } from './impure';
import {
  Builtin,
  Closure,
  EvaluationError,
  Origins,
  Scope,
  describe,
  isCallable,
  isObject,
  limits,
  locate,
  plainLocation,
  type CallContext,
  type Frame,
  type InterpretCode,
  type RObject,
  type RValue,
  type Value,
} from './runtime';
import { StdlibError, arrayMethods, globalFunctions, setOwn, stringMethods } from './stdlib';

/** `a?.b` found `a` nullish: the rest of the chain is skipped. */
const SHORT = Symbol('short-circuit');
type Chained = RValue | typeof SHORT;

/** What `Object`, `String`, ... name when they are the standard library's, not the spec's own. */
const GLOBAL_OWNERS = new Set(['Object', 'String', 'Number']);

export abstract class Interpreter {
  protected frames: Frame[] = [];
  private readonly root = new Scope();
  private scope = this.root;
  private steps = 0;
  private readonly cache = new Map<Node, RValue>();
  private readonly inProgress = new Set<Node>();
  private readonly topLevelFunctions = new Map<Node, Closure>();
  private readonly converted = new WeakMap<object, { value: Value; size: number }>();

  constructor(
    protected readonly cwd: string,
    readonly origins: Origins,
  ) {}

  /** The DSL function a call expression invokes, e.g. `detect.eventLog`, or undefined. */
  abstract dslCallName(node: Node): string | undefined;
  /** The value of a DSL call with evaluated arguments, or undefined when there is no such call. */
  protected abstract callDsl(name: string, node: Node, args: (Value | undefined)[]): Value | undefined;
  /** The message for a call of something that is neither the DSL nor a function of the spec. */
  protected abstract notCallable(): string;

  /** Evaluates an expression to data. */
  evaluate(node: Node): Value {
    const v = this.value(node);
    const data = this.toData(v, node);
    if (data === undefined) this.fail(node, 'undefined is not a value; leave the field out');
    return data;
  }

  /** Where a diagnostic about `node` points in the current calls (see locate). */
  protected here(node: Node): SourceLocation {
    return locate(plainLocation(node, this.cwd), this.frames);
  }

  protected fail(node: Node, reason: string): never {
    throw new EvaluationError(describe(node), reason, this.here(node));
  }

  private failCoded(node: Node, code: InterpretCode, args: readonly string[], what = describe(node)): never {
    throw new EvaluationError(what, args.join(' '), this.here(node), false, { code, args });
  }

  private value(node: Node): RValue {
    if (++this.steps > limits.steps) {
      const what = this.frames.length ? this.frames[this.frames.length - 1].what : describe(node);
      this.failCoded(node, 'FF1011', [what, String(limits.steps)]);
    }
    const atRoot = this.scope === this.root;
    if (atRoot && this.cache.has(node)) return this.cache.get(node);
    const v = this.uncached(node);
    if (v !== null && typeof v === 'object' && !isCallable(v)) this.origins.recordWhole(v, this.here(node));
    if (atRoot) this.cache.set(node, v);
    return v;
  }

  private uncached(node: Node): RValue {
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
      return this.value(node.getExpression());
    }
    if (Node.isPrefixUnaryExpression(node)) return this.prefix(node);
    if (Node.isTypeOfExpression(node)) {
      const v = this.value(node.getExpression());
      return isCallable(v) ? 'function' : v === null || Array.isArray(v) ? 'object' : typeof v;
    }
    if (Node.isTemplateExpression(node)) {
      let text = node.getHead().getLiteralText();
      for (const span of node.getTemplateSpans()) {
        const part = this.value(span.getExpression());
        if (part !== null && typeof part === 'object') this.fail(span.getExpression(), 'only strings, numbers, booleans, null and undefined can be substituted');
        if (isCallable(part)) this.fail(span.getExpression(), 'a function cannot be substituted');
        text += String(part) + span.getLiteral().getLiteralText();
        this.checkSize(node, text.length, 'characters');
      }
      return text;
    }
    if (Node.isArrayLiteralExpression(node)) return this.array(node);
    if (Node.isObjectLiteralExpression(node)) return this.object(node);
    if (Node.isIdentifier(node)) return this.identifier(node);
    if (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node) || Node.isCallExpression(node)) {
      const v = this.chain(node);
      return v === SHORT ? undefined : v;
    }
    if (Node.isConditionalExpression(node)) {
      return truthy(this.value(node.getCondition())) ? this.value(node.getWhenTrue()) : this.value(node.getWhenFalse());
    }
    if (Node.isBinaryExpression(node)) return this.binary(node);
    if (Node.isArrowFunction(node) || Node.isFunctionExpression(node)) return new Closure(node, this.scope, functionLabel(node));
    if (Node.isRegularExpressionLiteral(node)) this.fail(node, 'regular expressions are not supported in a spec; use a string pattern');
    if (Node.isNewExpression(node)) {
      const reason = this.rootImpurity(node.getExpression());
      if (reason) this.failCoded(node, 'FF1013', [describe(node), reason]);
      this.fail(node, '`new` is not supported in a spec (specs are data)');
    }
    this.fail(node, `${node.getKindName()} is not supported in a spec (specs are data)`);
  }

  private prefix(node: Node & { getOperatorToken(): SyntaxKind; getOperand(): Node }): RValue {
    const op = node.getOperatorToken();
    const operand = this.value(node.getOperand());
    if (op === SyntaxKind.ExclamationToken) return !truthy(operand);
    if (op === SyntaxKind.MinusToken || op === SyntaxKind.PlusToken) {
      if (typeof operand !== 'number') this.fail(node, op === SyntaxKind.MinusToken ? 'unary minus needs a number' : 'unary plus needs a number');
      return op === SyntaxKind.MinusToken ? -operand : operand;
    }
    this.fail(node, `the operator ${ts.tokenToString(op)} is not supported in a spec`);
  }

  private binary(node: Node & { getLeft(): Node; getRight(): Node; getOperatorToken(): Node }): RValue {
    const op = node.getOperatorToken().getKind();
    const left = this.value(node.getLeft());
    if (op === SyntaxKind.AmpersandAmpersandToken) return truthy(left) ? this.value(node.getRight()) : left;
    if (op === SyntaxKind.BarBarToken) return truthy(left) ? left : this.value(node.getRight());
    if (op === SyntaxKind.QuestionQuestionToken) return left === null || left === undefined ? this.value(node.getRight()) : left;
    const right = this.value(node.getRight());
    let result: RValue;
    try {
      result = operate(op, left, right);
    } catch (e) {
      if (e instanceof OperatorError) this.fail(node, e.message);
      throw e;
    }
    if (typeof result === 'string') this.checkSize(node, result.length, 'characters');
    return result;
  }

  private array(node: Node & { getElements(): Node[] }): RValue[] {
    const out: RValue[] = [];
    for (const element of node.getElements()) {
      if (Node.isSpreadElement(element)) {
        const spread = this.value(element.getExpression());
        if (!Array.isArray(spread)) this.fail(element, 'only arrays can be spread into an array');
        spread.forEach((v, i) => {
          const loc = this.origins.of(spread, i) ?? this.here(element);
          this.origins.record(out, out.length, loc);
          out.push(v);
        });
        this.checkSize(node, out.length, 'elements');
      } else if (Node.isOmittedExpression(element)) {
        this.fail(element, 'arrays must not have holes');
      } else {
        this.origins.record(out, out.length, this.here(element));
        out.push(this.value(element));
      }
    }
    return out;
  }

  private object(node: Node & { getProperties(): Node[] }): RObject {
    const out: RObject = {};
    for (const prop of node.getProperties()) {
      if (Node.isPropertyAssignment(prop)) {
        const nameNode = prop.getNameNode();
        let key: string;
        if (Node.isComputedPropertyName(nameNode)) {
          const k = this.value(nameNode.getExpression());
          if (typeof k !== 'string' && typeof k !== 'number') this.fail(nameNode, 'a computed property name must be a string or a number');
          key = String(k);
        } else {
          key = Node.isStringLiteral(nameNode) || Node.isNumericLiteral(nameNode) ? String(nameNode.getLiteralValue()) : nameNode.getText();
        }
        const init = prop.getInitializerOrThrow();
        this.origins.record(out, key, this.here(init));
        setOwn(out, key, this.value(init));
      } else if (Node.isShorthandPropertyAssignment(prop)) {
        this.origins.record(out, prop.getName(), this.here(prop));
        const symbol = prop.getProject().getTypeChecker().getShorthandAssignmentValueSymbol(prop);
        setOwn(out, prop.getName(), this.symbolValue(symbol, prop.getNameNode()));
      } else if (Node.isSpreadAssignment(prop)) {
        const spread = this.value(prop.getExpression());
        if (spread === null || spread === undefined) continue;
        if (!isObject(spread)) this.fail(prop, 'only objects can be spread into an object');
        for (const k of Object.keys(spread)) {
          this.origins.record(out, k, this.origins.of(spread, k) ?? this.here(prop));
          setOwn(out, k, spread[k]);
        }
        this.checkSize(node, Object.keys(out).length, 'properties');
      } else {
        this.fail(prop, `${prop.getKindName()} is not supported in a spec object (specs are data)`);
      }
    }
    return out;
  }

  // ---- names ---------------------------------------------------------------------------------

  private identifier(node: Node): RValue {
    if (node.getText() === 'undefined' && this.isGlobal(node.getSymbol())) return undefined;
    return this.symbolValue(node.getSymbol(), node);
  }

  private isGlobal(symbol: MorphSymbol | undefined): boolean {
    const decls = symbol?.getDeclarations() ?? [];
    return decls.length === 0 || decls.every((d) => d.getSourceFile().isDeclarationFile());
  }

  private symbolValue(found: MorphSymbol | undefined, node: Node, declared?: Node): RValue {
    const reason = declared ? undefined : impurity(found, node.getText());
    if (reason) this.failCoded(node, 'FF1013', [describe(node), reason]);
    const symbol = resolveAlias(found);
    const decl = declared ?? symbol?.getDeclarations()[0];
    if (!decl) this.fail(node, 'cannot resolve this name');
    if (Node.isParameterDeclaration(decl) || Node.isBindingElement(decl)) {
      const bound = this.scope.lookup(decl);
      if (bound.found) return bound.value;
      const whole = Node.isBindingElement(decl) ? decl.getFirstAncestor((a) => Node.isVariableDeclaration(a)) : undefined;
      if (!whole || !Node.isVariableDeclaration(whole)) this.fail(node, 'this name is not bound here');
      // `const { a, b } = f()` at module level: evaluated once, its names bound outside every call.
      const value = this.symbolValue(whole.getSymbol() ?? undefined, node, whole);
      this.atRoot(() => this.bind(whole.getNameNode(), whole, value));
      const again = this.root.lookup(decl);
      if (!again.found) this.fail(node, 'this name is not bound here');
      return again.value;
    }
    if (Node.isFunctionDeclaration(decl)) return this.functionDeclaration(decl, node);
    if (Node.isExportAssignment(decl)) return this.atRoot(() => this.value(decl.getExpression()));
    if (!Node.isVariableDeclaration(decl)) this.fail(node, `it refers to a ${decl.getKindName()}, not a const`);
    const local = this.scope.lookup(decl);
    if (local.found) return local.value;
    const list = decl.getVariableStatement();
    if (!list || list.getDeclarationKind() !== 'const') this.fail(node, 'only const declarations can be referenced');
    if (!Node.isSourceFile(list.getParent())) this.fail(node, 'it is used before its declaration');
    const init = decl.getInitializer();
    if (!init) this.fail(node, 'the const has no initializer');
    if (this.inProgress.has(decl)) {
      throw new EvaluationError(describe(node), 'it refers to itself', this.here(node), true);
    }
    this.inProgress.add(decl);
    try {
      return this.atRoot(() => this.value(init));
    } finally {
      this.inProgress.delete(decl);
    }
  }

  /** A module-level value does not depend on who asks: evaluated outside every call, once. */
  private atRoot<T>(f: () => T): T {
    const [scope, frames] = [this.scope, this.frames];
    this.scope = this.root;
    this.frames = [];
    try {
      return f();
    } finally {
      this.scope = scope;
      this.frames = frames;
    }
  }

  private functionDeclaration(decl: Node, node: Node): RValue {
    const local = this.scope.lookup(decl);
    if (local.found) return local.value;
    if (decl.getSourceFile().isDeclarationFile() || !Node.isSourceFile(decl.getParent())) {
      this.fail(node, 'only functions written in the spec or its local modules can be called');
    }
    let closure = this.topLevelFunctions.get(decl);
    if (!closure) this.topLevelFunctions.set(decl, (closure = new Closure(decl, this.root, functionLabel(decl))));
    return closure;
  }

  /** Why the leftmost name of `callee` (`Date` in `Date.now`) must not be used, if it must not. */
  private rootImpurity(callee: Node): string | undefined {
    let n = callee;
    while (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n) || Node.isCallExpression(n) || Node.isParenthesizedExpression(n)) n = n.getExpression();
    return Node.isIdentifier(n) ? impurity(n.getSymbol(), n.getText()) : undefined;
  }

  // ---- members and calls ---------------------------------------------------------------------

  /** Property access, element access and calls, with `?.` short-circuiting the rest of its chain. */
  private chain(node: Node): Chained {
    if (Node.isCallExpression(node)) return this.call(node);
    const targetNode = (node as Node & { getExpression(): Node }).getExpression();
    const target = this.chainPart(targetNode, node);
    if (target === SHORT) return SHORT;
    const optional = (node.compilerNode as ts.PropertyAccessExpression).questionDotToken !== undefined;
    if (optional && (target === null || target === undefined)) return SHORT;
    let key: string | number;
    if (Node.isPropertyAccessExpression(node)) key = node.getName();
    else if (Node.isElementAccessExpression(node)) {
      const arg = node.getArgumentExpression();
      const k = arg ? this.value(arg) : null;
      if (typeof k !== 'string' && typeof k !== 'number') this.fail(node, 'the index must be a string or a number');
      key = k;
    } else this.fail(node, `${node.getKindName()} is not supported in a spec`);
    return this.member(node, target, key);
  }

  /** The target of a chain link: inside one optional chain, a short-circuit carries on. */
  private chainPart(target: Node, of: Node): Chained {
    const inChain = ts.isOptionalChain(of.compilerNode) && ts.isOptionalChain(target.compilerNode);
    if (inChain && (Node.isPropertyAccessExpression(target) || Node.isElementAccessExpression(target) || Node.isCallExpression(target))) {
      if (++this.steps > limits.steps) this.failCoded(target, 'FF1011', [describe(target), String(limits.steps)]);
      return this.chain(target);
    }
    return this.value(target);
  }

  private member(node: Node, target: RValue, key: string | number): RValue {
    if (target === null || target === undefined) this.fail(node, `property access needs an object or array, not ${String(target)}`);
    if (typeof target === 'string') {
      if (key === 'length') return target.length;
      if (typeof key === 'number' || /^\d+$/.test(key)) return target[Number(key)];
      const m = Object.hasOwn(stringMethods, key) ? stringMethods[key] : undefined;
      if (!m) this.fail(node, `'${key}' is not in the spec's standard library for strings`);
      return new Builtin(key, (args, c) => m(target, args, c));
    }
    if (Array.isArray(target)) {
      if (key === 'length') return target.length;
      if (typeof key === 'number' || /^\d+$/.test(key)) return target[Number(key)];
      const m = Object.hasOwn(arrayMethods, key) ? arrayMethods[key] : undefined;
      if (!m) this.fail(node, `'${key}' is not in the spec's standard library for arrays`);
      return new Builtin(key, (args, c) => m(target, args, c));
    }
    if (isObject(target)) return Object.hasOwn(target, String(key)) ? target[String(key)] : undefined;
    this.fail(node, `a ${isCallable(target) ? 'function' : typeof target} has no properties in a spec`);
  }

  private call(node: Node & { getExpression(): Node; getArguments(): Node[] }): Chained {
    const name = this.dslCallName(node);
    if (name) {
      const args = node.getArguments().map((a) => this.toData(this.value(a), a));
      const result = this.callDsl(name, node, args);
      if (result === undefined) this.fail(node, this.notCallable());
      return result;
    }
    const callee = node.getExpression();
    const reason = this.rootImpurity(callee);
    if (reason) this.failCoded(node, 'FF1013', [describe(node), reason]);
    const global = this.globalName(callee);
    if (global !== undefined) {
      if (global === 'Math.random') this.failCoded(node, 'FF1013', [describe(node), 'it is random, so the build would not be deterministic']);
      const f = Object.hasOwn(globalFunctions, global) ? globalFunctions[global] : undefined;
      if (!f) this.fail(node, this.notCallable());
      return this.runBuiltin(new Builtin(global, f), this.args(node), node);
    }
    const fn = this.chainPart(callee, node);
    if (fn === SHORT) return SHORT;
    const optional = (node.compilerNode as ts.CallExpression).questionDotToken !== undefined;
    if (optional && (fn === null || fn === undefined)) return SHORT;
    if (!isCallable(fn)) {
      if (Node.isIdentifier(callee) || Node.isPropertyAccessExpression(callee)) this.fail(node, `${describe(callee)} is not a function`);
      this.fail(node, this.notCallable());
    }
    return this.invoke(fn, this.args(node), node);
  }

  /** `Object.keys`, `String`, ... when the name is the standard library's, else undefined. */
  private globalName(callee: Node): string | undefined {
    if (Node.isIdentifier(callee)) {
      return GLOBAL_OWNERS.has(callee.getText()) && this.isGlobal(callee.getSymbol()) ? callee.getText() : undefined;
    }
    if (Node.isPropertyAccessExpression(callee)) {
      const owner = callee.getExpression();
      if (Node.isIdentifier(owner) && this.isGlobal(owner.getSymbol()) && !this.scopeHas(owner)) return `${owner.getText()}.${callee.getName()}`;
    }
    return undefined;
  }

  private scopeHas(identifier: Node): boolean {
    const decl = resolveAlias(identifier.getSymbol())?.getDeclarations()[0];
    return decl !== undefined && !decl.getSourceFile().isDeclarationFile();
  }

  private args(node: Node & { getArguments(): Node[] }): RValue[] {
    const out: RValue[] = [];
    for (const a of node.getArguments()) {
      if (Node.isSpreadElement(a)) {
        const spread = this.value(a.getExpression());
        if (!Array.isArray(spread)) this.fail(a, 'only arrays can be spread into arguments');
        out.push(...spread);
      } else out.push(this.value(a));
    }
    return out;
  }

  private invoke(fn: RValue, args: RValue[], callNode: Node): RValue {
    if (fn instanceof Builtin) return this.runBuiltin(fn, args, callNode);
    if (!(fn instanceof Closure)) this.fail(callNode, `${describe(callNode)} does not call a function`);
    if (this.frames.length >= limits.depth) this.failCoded(callNode, 'FF1010', [describe(callNode), String(limits.depth)]);
    const decl = fn.node as Node & { getParameters(): Node[]; getBody(): Node | undefined; isAsync?(): boolean; isGenerator?(): boolean };
    if (decl.isAsync?.() || decl.isGenerator?.()) this.fail(callNode, `${fn.label} is async or a generator; only plain functions are evaluated`);
    const body = decl.getBody();
    if (!body) this.fail(callNode, `${fn.label} has no body`);
    const [scope, depth] = [this.scope, this.frames.length];
    this.frames.push({ label: fn.label, callSite: plainLocation(callNode, this.cwd), what: describe(callNode) });
    this.scope = new Scope(fn.scope);
    try {
      this.bindParameters(decl.getParameters(), args);
      if (Node.isBlock(body)) return this.block(body).value;
      return this.value(body);
    } finally {
      this.scope = scope;
      this.frames.length = depth;
    }
  }

  private runBuiltin(fn: Builtin, args: RValue[], callNode: Node): RValue {
    const context: CallContext = {
      call: (f, a) => this.invoke(f, a, callNode),
      checkSize: (n, unit) => this.checkSize(callNode, n, unit),
      here: this.here(callNode),
    };
    let result: RValue;
    try {
      result = fn.run(args, context);
    } catch (e) {
      if (e instanceof StdlibError) this.fail(callNode, e.message);
      throw e;
    }
    if (Array.isArray(result)) {
      result.forEach((v, i) => {
        const loc = (v !== null && typeof v === 'object' && !isCallable(v) && this.origins.of(v)) || context.here;
        this.origins.record(result as RValue[], i, loc);
      });
      this.checkSize(callNode, result.length, 'elements');
    }
    if (typeof result === 'string') this.checkSize(callNode, result.length, 'characters');
    return result;
  }

  private checkSize(node: Node, n: number, unit: 'elements' | 'characters' | 'properties'): void {
    if (n > limits.size) this.failCoded(node, 'FF1012', [describe(node), String(limits.size), unit]);
  }

  // ---- function bodies -----------------------------------------------------------------------

  private bindParameters(params: Node[], args: RValue[]): void {
    params.forEach((p, i) => {
      if (!Node.isParameterDeclaration(p)) return;
      if (p.getName() === 'this') return;
      let v: RValue = p.isRestParameter() ? args.slice(i) : args[i];
      const init = p.getInitializer();
      if (v === undefined && init) v = this.value(init);
      this.bind(p.getNameNode(), p, v);
    });
  }

  private bind(name: Node, decl: Node, v: RValue): void {
    if (Node.isIdentifier(name)) return this.scope.set(decl, v);
    if (Node.isObjectBindingPattern(name)) {
      if (!isObject(v)) this.fail(name, `cannot destructure ${v === null || v === undefined ? String(v) : 'this value'} as an object`);
      const used: string[] = [];
      for (const el of name.getElements()) {
        if (el.getDotDotDotToken()) {
          const rest: RObject = {};
          for (const k of Object.keys(v)) if (!used.includes(k)) setOwn(rest, k, v[k]);
          this.bind(el.getNameNode(), el, rest);
          continue;
        }
        const prop = el.getPropertyNameNode();
        let key: string;
        if (!prop) key = el.getName();
        else if (Node.isComputedPropertyName(prop)) {
          const k = this.value(prop.getExpression());
          if (typeof k !== 'string' && typeof k !== 'number') this.fail(prop, 'a computed property name must be a string or a number');
          key = String(k);
        } else key = Node.isStringLiteral(prop) || Node.isNumericLiteral(prop) ? String(prop.getLiteralValue()) : prop.getText();
        used.push(key);
        let x = Object.hasOwn(v, key) ? v[key] : undefined;
        const init = el.getInitializer();
        if (x === undefined && init) x = this.value(init);
        this.bind(el.getNameNode(), el, x);
      }
      return;
    }
    if (Node.isArrayBindingPattern(name)) {
      if (!Array.isArray(v)) this.fail(name, 'cannot destructure this value as an array');
      name.getElements().forEach((el, i) => {
        if (!Node.isBindingElement(el)) return;
        let x: RValue = el.getDotDotDotToken() ? v.slice(i) : v[i];
        const init = el.getInitializer();
        if (x === undefined && init) x = this.value(init);
        this.bind(el.getNameNode(), el, x);
      });
      return;
    }
    this.fail(name, `${name.getKindName()} is not supported as a binding`);
  }

  /** A block of const, if/else and return statements; a new scope for its consts. */
  private block(block: Node & { getStatements(): Node[] }): { returned: boolean; value: RValue } {
    const outer = this.scope;
    this.scope = new Scope(outer);
    try {
      const statements = block.getStatements();
      for (const s of statements) {
        if (Node.isFunctionDeclaration(s)) this.scope.set(s, new Closure(s, this.scope, functionLabel(s)));
      }
      for (const s of statements) {
        const r = this.statement(s);
        if (r.returned) return r;
      }
      return { returned: false, value: undefined };
    } finally {
      this.scope = outer;
    }
  }

  private statement(s: Node): { returned: boolean; value: RValue } {
    const none = { returned: false, value: undefined };
    if (Node.isReturnStatement(s)) {
      const e = s.getExpression();
      return { returned: true, value: e ? this.value(e) : undefined };
    }
    if (Node.isVariableStatement(s)) {
      if (s.getDeclarationKind() !== 'const') this.fail(s, `only const declarations are evaluated (a ${s.getDeclarationKind()} can change)`);
      for (const d of s.getDeclarations()) {
        const init = d.getInitializer();
        if (!init) this.fail(d, 'the const has no initializer');
        this.bind(d.getNameNode(), d, this.value(init));
      }
      return none;
    }
    if (Node.isIfStatement(s)) {
      if (truthy(this.value(s.getExpression()))) return this.statement(s.getThenStatement());
      const otherwise = s.getElseStatement();
      return otherwise ? this.statement(otherwise) : none;
    }
    if (Node.isBlock(s)) return this.block(s);
    if (Node.isExpressionStatement(s) && Node.isCallExpression(s.getExpression())) {
      // Only to name what it would call: a pure call's result would be thrown away.
      this.value(s.getExpression());
      this.fail(s, 'a call whose result is not used does nothing in a spec');
    }
    if (
      Node.isFunctionDeclaration(s) ||
      Node.isEmptyStatement(s) ||
      Node.isTypeAliasDeclaration(s) ||
      Node.isInterfaceDeclaration(s)
    ) {
      return none;
    }
    this.fail(s, `${s.getKindName()} is not supported in a function (only const, if/else and return)`);
  }

  // ---- back to data --------------------------------------------------------------------------

  /**
   * The data a value stands for, as a DSL call or the compiler takes it: `undefined` properties
   * left out (as JSON does), everything else must be data. Bounded in size, counted as written out.
   */
  protected toData(v: RValue, node: Node): Value | undefined {
    const total = { size: 0 };
    const out = this.convert(v, node, total, this.here(node));
    return out;
  }

  private convert(v: RValue, node: Node, total: { size: number }, at: SourceLocation): Value | undefined {
    if (v === undefined) return undefined;
    if (isCallable(v)) throw new EvaluationError(describe(node), 'a function is not data (call it?)', at);
    if (typeof v === 'number' && !Number.isFinite(v)) throw new EvaluationError(describe(node), `${v} is not a finite number`, at);
    if (v === null || typeof v !== 'object') {
      total.size += 1;
      return v;
    }
    const known = this.converted.get(v);
    if (known) {
      total.size += known.size;
      if (total.size > limits.treeSize) this.failCoded(node, 'FF1012', [describe(node), String(limits.treeSize), 'values']);
      return known.value;
    }
    const start = total.size;
    total.size += 1;
    let result: Value;
    if (Array.isArray(v)) {
      const items: Value[] = [];
      let changed = false;
      v.forEach((x, i) => {
        const loc = this.origins.of(v, i) ?? at;
        const c = this.convert(x, node, total, loc);
        if (c === undefined) throw new EvaluationError(describe(node), 'undefined is not a value in an array', loc);
        if (c !== x) changed = true;
        items.push(c);
      });
      result = changed ? this.carryOrigins(v, items) : (v as Value[]);
    } else {
      const fields: { [key: string]: Value } = {};
      let changed = false;
      for (const k of Object.keys(v)) {
        const c = this.convert(v[k], node, total, this.origins.of(v, k) ?? at);
        if (c === undefined) {
          changed = true;
          continue;
        }
        if (c !== v[k]) changed = true;
        setOwn(fields as RObject, k, c);
      }
      result = changed ? this.carryOrigins(v, fields) : (v as { [key: string]: Value });
    }
    if (total.size > limits.treeSize) this.failCoded(node, 'FF1012', [describe(node), String(limits.treeSize), 'values']);
    this.converted.set(v, { value: result, size: total.size - start });
    return result;
  }

  private carryOrigins<T extends object>(from: object, to: T): T {
    for (const k of Object.keys(to)) {
      const loc = this.origins.of(from, Array.isArray(from) ? Number(k) : k);
      if (loc) this.origins.record(to, Array.isArray(to) ? Number(k) : k, loc);
    }
    const whole = this.origins.of(from);
    if (whole) this.origins.recordWhole(to, whole);
    return to;
  }
}

export function resolveAlias(symbol: MorphSymbol | undefined): MorphSymbol | undefined {
  return symbol?.isAlias() ? symbol.getAliasedSymbol() ?? symbol : symbol;
}

/** How a diagnostic names a function: `texts`, or "an arrow function". */
function functionLabel(node: Node): string {
  if (Node.isFunctionDeclaration(node) || Node.isFunctionExpression(node)) {
    const name = node.getName();
    if (name) return `\`${name}\``;
  }
  const parent = node.getParent();
  if (parent && (Node.isVariableDeclaration(parent) || Node.isPropertyAssignment(parent))) return `\`${parent.getName()}\``;
  return Node.isArrowFunction(node) ? 'an arrow function' : 'a function';
}
