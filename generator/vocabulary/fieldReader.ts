/**
 * Reads evaluated spec values field by field, reporting a missing or mistyped field with the
 * location it came from. The type checker catches most of this first; `as any` and friends can
 * still smuggle in wrong shapes, and the compiler must not crash on them.
 */
import { makeDiagnostic, type Diagnostic, type SourceLocation } from './diagnostics/diagnostic';
import type { DiagnosticArgs, DiagnosticCode } from './diagnostics/messages';
import type { Origins, Value } from './values';

export type Obj = { [key: string]: Value };

export class FieldReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly origins: Origins,
    private readonly file: string,
  ) {}

  where(container: object, key?: string | number): SourceLocation {
    return this.origins.of(container, key) ?? { file: this.file, line: 1, column: 1 };
  }

  report<C extends DiagnosticCode>(code: C, args: DiagnosticArgs<C>, container: object, key: string | number | undefined, field: string): void {
    this.diagnostics.push(makeDiagnostic(code, args, this.where(container, key), field));
  }

  private value(obj: Obj, key: string, field: string): Value | undefined {
    const v = obj[key];
    if (v === undefined) this.report('FF1006', [field], obj, undefined, field);
    return v;
  }

  private wrong(obj: Obj, key: string, field: string, expected: string): undefined {
    this.report('FF1007', [field, expected], obj, key, field);
    return undefined;
  }

  object(obj: Obj, key: string, field: string): Obj | undefined {
    const v = this.value(obj, key, field);
    if (v === undefined) return undefined;
    return isObj(v) ? v : this.wrong(obj, key, field, 'an object');
  }

  optionalObject(obj: Obj, key: string, field: string): Obj | undefined {
    return obj[key] === undefined ? undefined : this.object(obj, key, field);
  }

  string(obj: Obj, key: string, field: string): string | undefined {
    const v = this.value(obj, key, field);
    if (v === undefined) return undefined;
    return typeof v === 'string' ? v : this.wrong(obj, key, field, 'a string');
  }

  boolean(obj: Obj, key: string, field: string): boolean | undefined {
    const v = this.value(obj, key, field);
    if (v === undefined) return undefined;
    return typeof v === 'boolean' ? v : this.wrong(obj, key, field, 'true or false');
  }

  integer(obj: Obj, key: string, field: string): number | undefined {
    const v = this.value(obj, key, field);
    if (v === undefined) return undefined;
    return typeof v === 'number' && Number.isSafeInteger(v) ? v : this.wrong(obj, key, field, 'an integer');
  }

  oneOf<T extends string>(obj: Obj, key: string, field: string, allowed: readonly T[]): T | undefined {
    const v = this.string(obj, key, field);
    if (v === undefined) return undefined;
    return (allowed as readonly string[]).includes(v) ? (v as T) : this.wrong(obj, key, field, `one of ${allowed.join(', ')}`);
  }

  array(obj: Obj, key: string, field: string): Value[] | undefined {
    const v = this.value(obj, key, field);
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v : this.wrong(obj, key, field, 'an array');
  }

  strings(obj: Obj, key: string, field: string): string[] | undefined {
    const arr = this.array(obj, key, field);
    if (!arr) return undefined;
    if (arr.every((x) => typeof x === 'string')) return arr as string[];
    return this.wrong(obj, key, field, 'an array of strings');
  }

  integers(obj: Obj, key: string, field: string): number[] | undefined {
    const arr = this.array(obj, key, field);
    if (!arr) return undefined;
    if (arr.every((x) => typeof x === 'number' && Number.isSafeInteger(x))) return arr as number[];
    return this.wrong(obj, key, field, 'an array of integers');
  }

  oneOfEach<T extends string>(obj: Obj, key: string, field: string, allowed: readonly T[]): T[] | undefined {
    const arr = this.strings(obj, key, field);
    if (!arr) return undefined;
    if (arr.every((x) => (allowed as readonly string[]).includes(x))) return arr as T[];
    return this.wrong(obj, key, field, `an array of ${allowed.join(', ')}`);
  }
}

export function isObj(v: Value | undefined): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
