/**
 * The pure standard library a spec may use: THE table (docs/dsl.md lists it from here). Each
 * entry is our own code over the interpreter's values; callbacks are called back through the
 * interpreter, never as JavaScript. Strings are handled by the engine's own string functions with
 * string and number arguments only, which run no user code. No regular expressions: a pattern is
 * always a plain string.
 */
import { isCallable, isObject, type CallContext, type RObject, type RValue } from './runtime';

type Method<R> = (self: R, args: RValue[], call: CallContext) => RValue;

export class StdlibError extends Error {}

function fail(reason: string): never {
  throw new StdlibError(reason);
}

function str(v: RValue, what: string): string {
  if (typeof v !== 'string') fail(`${what} must be a string`);
  return v;
}

function num(v: RValue, what: string, optional = false): number | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number') fail(`${what} must be a number`);
  return v;
}

function fn(v: RValue, what: string): RValue {
  if (!isCallable(v)) fail(`${what} must be a function`);
  return v;
}

function truthy(v: RValue): boolean {
  return Boolean(v);
}

function primitive(v: RValue): boolean {
  return v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v);
}

/** Array methods: `(value, index, array)` callbacks, as JavaScript passes them. */
export const arrayMethods: Record<string, Method<RValue[]>> = {
  map: (a, [f], c) => {
    fn(f, 'the callback of map');
    return a.map((v, i) => c.call(f, [v, i, a]));
  },
  flatMap: (a, [f], c) => {
    fn(f, 'the callback of flatMap');
    const out: RValue[] = [];
    a.forEach((v, i) => {
      const r = c.call(f, [v, i, a]);
      if (Array.isArray(r)) out.push(...r);
      else out.push(r);
      c.checkSize(out.length, 'elements');
    });
    return out;
  },
  filter: (a, [f], c) => (fn(f, 'the callback of filter'), a.filter((v, i) => truthy(c.call(f, [v, i, a])))),
  some: (a, [f], c) => (fn(f, 'the callback of some'), a.some((v, i) => truthy(c.call(f, [v, i, a])))),
  every: (a, [f], c) => (fn(f, 'the callback of every'), a.every((v, i) => truthy(c.call(f, [v, i, a])))),
  find: (a, [f], c) => (fn(f, 'the callback of find'), a.find((v, i) => truthy(c.call(f, [v, i, a])))),
  reduce: (a, args, c) => {
    const f = fn(args[0], 'the callback of reduce');
    if (args.length < 2 && a.length === 0) fail('reduce of an empty array needs a start value');
    let acc = args.length >= 2 ? args[1] : a[0];
    for (let i = args.length >= 2 ? 0 : 1; i < a.length; i++) acc = c.call(f, [acc, a[i], i, a]);
    return acc;
  },
  concat: (a, args, c) => {
    const out = [...a];
    for (const x of args) {
      if (Array.isArray(x)) out.push(...x);
      else out.push(x);
      c.checkSize(out.length, 'elements');
    }
    return out;
  },
  slice: (a, [s, e]) => a.slice(num(s, 'the start', true), num(e, 'the end', true)),
  includes: (a, [x]) => a.includes(x),
  indexOf: (a, [x]) => a.indexOf(x),
  join: (a, [sep]) => {
    if (!a.every(primitive)) fail('join needs an array of strings, numbers and booleans');
    const s = a.join(sep === undefined ? ',' : str(sep, 'the separator'));
    return s;
  },
};

/** String methods: string and number arguments only. */
export const stringMethods: Record<string, Method<string>> = {
  replace: (s, [p, r]) => s.replace(str(p, 'the pattern (a string; regular expressions are not supported)'), str(r, 'the replacement')),
  replaceAll: (s, [p, r]) => s.replaceAll(str(p, 'the pattern (a string; regular expressions are not supported)'), str(r, 'the replacement')),
  toLowerCase: (s) => s.toLowerCase(),
  toUpperCase: (s) => s.toUpperCase(),
  trim: (s) => s.trim(),
  split: (s, [sep, limit], c) => {
    const out = s.split(str(sep, 'the separator (a string; regular expressions are not supported)'), num(limit, 'the limit', true));
    c.checkSize(out.length, 'elements');
    return out;
  },
  startsWith: (s, [x, at]) => s.startsWith(str(x, 'the text'), num(at, 'the position', true)),
  endsWith: (s, [x, at]) => s.endsWith(str(x, 'the text'), num(at, 'the position', true)),
  includes: (s, [x, at]) => s.includes(str(x, 'the text'), num(at, 'the position', true)),
  padStart: (s, [n, fill], c) => {
    const length = num(n, 'the length') as number;
    c.checkSize(length, 'characters');
    return s.padStart(length, fill === undefined ? ' ' : str(fill, 'the fill'));
  },
  slice: (s, [a, b]) => s.slice(num(a, 'the start', true), num(b, 'the end', true)),
};

function entriesOf(v: RValue, what: string): [string, RValue][] {
  if (Array.isArray(v)) return v.map((x, i) => [String(i), x]);
  if (!isObject(v)) fail(`${what} needs an object`);
  return Object.keys(v).map((k) => [k, v[k]]);
}

/** Global functions: `Object.keys(...)`, `String(...)`, by qualified name. */
export const globalFunctions: Record<string, (args: RValue[], call: CallContext) => RValue> = {
  'Object.keys': ([o]) => entriesOf(o, 'Object.keys').map(([k]) => k),
  'Object.values': ([o]) => entriesOf(o, 'Object.values').map(([, v]) => v),
  'Object.entries': ([o]) => entriesOf(o, 'Object.entries').map(([k, v]) => [k, v]),
  'Object.fromEntries': ([list], c) => {
    if (!Array.isArray(list)) fail('Object.fromEntries needs an array of [key, value] pairs');
    const out: RObject = {};
    for (const pair of list) {
      if (!Array.isArray(pair) || (typeof pair[0] !== 'string' && typeof pair[0] !== 'number')) fail('Object.fromEntries needs [key, value] pairs with string or number keys');
      setOwn(out, String(pair[0]), pair[1]);
    }
    c.checkSize(Object.keys(out).length, 'properties');
    return out;
  },
  String: ([v]) => {
    if (!primitive(v)) fail('String() takes a string, number, boolean, null or undefined');
    return String(v);
  },
  Number: ([v]) => {
    if (!primitive(v)) fail('Number() takes a string, number, boolean, null or undefined');
    return Number(v);
  },
};

/** A property of the receiver's own data, never of its prototype (`constructor`, `__proto__`). */
export function setOwn(o: RObject, key: string, value: RValue): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** Every name in the table, for the reference page. */
export function stdlibNames(): { arrays: string[]; strings: string[]; globals: string[] } {
  return {
    arrays: [...Object.keys(arrayMethods), 'length'],
    strings: [...Object.keys(stringMethods), 'length'],
    globals: Object.keys(globalFunctions),
  };
}
