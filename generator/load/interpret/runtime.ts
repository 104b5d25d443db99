/**
 * What the spec interpreter works with: the values it computes (data, plus the functions a spec
 * defines), where each value came from, and the errors it stops with. Nothing here runs spec code.
 */
import path from 'node:path';
import type { Node } from 'ts-morph';
import type { RelatedLocation, SourceLocation } from '../../vocabulary/diagnostics/diagnostic';

/** Data: what a spec evaluates to, and what the rest of the compiler reads. */
export type { Value } from '../../vocabulary/values';

/** What the interpreter computes on the way: data, `undefined`, and functions the spec defines. */
export type RValue = string | number | boolean | null | undefined | RValue[] | RObject | Callable;
export interface RObject {
  [key: string]: RValue;
}

/** A function written in the spec or a local module it imports, with the scope it closes over. */
export class Closure {
  constructor(
    readonly node: Node,
    readonly scope: Scope,
    /** How a diagnostic names it: `texts`, or "an arrow function". */
    readonly label: string,
  ) {}
}

/** A function of the pure standard library (stdlib.ts), bound to the value it was read from. */
export class Builtin {
  constructor(
    readonly name: string,
    readonly run: (args: RValue[], call: CallContext) => RValue,
  ) {}
}

export type Callable = Closure | Builtin;

export function isCallable(v: RValue): v is Callable {
  return v instanceof Closure || v instanceof Builtin;
}

export function isObject(v: RValue): v is RObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isCallable(v);
}

/** What a builtin may do with the interpreter: call back a function it was given, and check sizes. */
export interface CallContext {
  call(fn: RValue, args: RValue[]): RValue;
  checkSize(length: number, unit: 'elements' | 'characters' | 'properties'): void;
  /** The location to record for what the builtin builds. */
  readonly here: SourceLocation;
}

/** Bindings of parameters and local consts, keyed by their declaration node. */
export class Scope {
  private readonly vars = new Map<object, RValue>();
  constructor(readonly parent?: Scope) {}
  set(decl: Node, value: RValue): void {
    this.vars.set(decl.compilerNode, value);
  }
  lookup(decl: Node): { found: boolean; value?: RValue } {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.vars.has(decl.compilerNode)) return { found: true, value: s.vars.get(decl.compilerNode) };
    }
    return { found: false };
  }
}

/** The limits that keep evaluation total: every spec finishes, fast, with a bounded result. */
export const limits = {
  /** Nested calls of spec functions. */
  depth: 200,
  /** Expressions evaluated for one spec. */
  steps: 1_000_000,
  /** Elements of an array, characters of a string, properties of an object. */
  size: 100_000,
  /** Values in the data given to one DSL call, counted as they would be written out. */
  treeSize: 1_000_000,
} as const;

// Where values came from: the shared vocabulary's class (load/values.ts), which field readers use too.
export { Origins } from '../../vocabulary/values';

/** Codes the interpreter stops with besides FF1004 (see messages.ts). */
export type InterpretCode = 'FF1010' | 'FF1011' | 'FF1012' | 'FF1013';

export class EvaluationError extends Error {
  constructor(
    readonly what: string,
    readonly reason: string,
    readonly location: SourceLocation,
    readonly selfReference = false,
    /** A code other than FF1004, with its arguments. */
    readonly coded?: { code: InterpretCode; args: readonly string[] },
  ) {
    super(`${what}: ${reason}`);
  }
}

export function plainLocation(node: Node, cwd: string): SourceLocation {
  const sf = node.getSourceFile();
  const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
  return { file: path.relative(cwd, sf.getFilePath()).split(path.sep).join('/'), line, column };
}

/** One call being evaluated: which function, and where it was called. */
export interface Frame {
  readonly label: string;
  readonly callSite: SourceLocation;
  /** The call's text, for diagnostics that name it. */
  readonly what: string;
}

/**
 * Where a diagnostic about something built at `at` points. Outside calls, and for code written in
 * the same file as the outermost call, at the code itself. Code inside a helper of another file
 * points at the last call made from that first file ("called here"), and names the helper's lines
 * in `via`, innermost first, as tsc's relatedInformation does.
 */
export function locate(at: SourceLocation, frames: readonly Frame[]): SourceLocation {
  if (frames.length === 0) return at;
  const home = frames[0].callSite.file;
  if (at.file === home) return at;
  let last = 0;
  frames.forEach((f, i) => {
    if (f.callSite.file === home) last = i;
  });
  const via: RelatedLocation[] = [{ ...strip(at), message: `in ${frames[frames.length - 1].label}` }];
  for (let i = frames.length - 1; i > last; i--) via.push({ ...strip(frames[i].callSite), message: `in ${frames[i - 1].label}` });
  return { ...strip(frames[last].callSite), via: shorten(via) };
}

/** A recursion repeats one line: each place once, at most five, then how many more calls. */
function shorten(via: RelatedLocation[]): RelatedLocation[] {
  const seen = new Set<string>();
  const out: RelatedLocation[] = [];
  let dropped = 0;
  for (const r of via) {
    const key = `${r.message}@${r.file}:${r.line}:${r.column}`;
    if (seen.has(key) || out.length === 5) dropped++;
    else {
      seen.add(key);
      out.push(r);
    }
  }
  if (dropped > 0) out[out.length - 1] = { ...out[out.length - 1], message: `${out[out.length - 1].message} (and ${dropped} more calls)` };
  return out;
}

function strip(l: SourceLocation): SourceLocation {
  return { file: l.file, line: l.line, column: l.column };
}

export function describe(node: Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return `'${text.length > 40 ? `${text.slice(0, 37)}...` : text}'`;
}
