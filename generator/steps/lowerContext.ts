/**
 * The readers a step kind's `lower` uses: typed field reads that report missing or mistyped
 * fields, texts in the fix's cultures, safe relative folders, roots checked against the step's
 * context, and the carry check of every string against every enabled target.
 */
import { FieldReader, isObj, type Obj } from '../vocabulary/fieldReader';
import type { StringRole } from '../vocabulary/stringRole';
import { loneCarriageReturnAt, loneSurrogateAt } from '../vocabulary/escape/refusal';
import type { DiagnosticArgs, DiagnosticCode } from '../vocabulary/diagnostics/messages';
import type { Phase } from './dsl';
import { wellKnownRoots, rootOrder } from '../vocabulary/ir/roots';
import type { Culture, ExecutionContext, FolderRef, Localized, TargetsIR, WellKnownRoot } from '../vocabulary/ir/common';

/**
 * What the lowering layer hands the kinds: answers that need every target or every kind, which a
 * kind cannot import (they sit above it).
 */
export interface LowerServices {
  /** Each enabled target that cannot carry `value` in `role`, with the reason. */
  carryRefusals(role: StringRole, value: string): readonly { readonly target: string; readonly reason: string }[];
  /** Whether a detection kind always finds the problem (on-demand fixes). */
  onDemand(kind: string): boolean;
  /** Notes a text that some enabled target writes transliterated (one FF3120 per spec). */
  noteTransliteration(role: StringRole, value: string, container: object, key: string | number, field: string): void;
}

export class LowerContext {
  constructor(
    readonly r: FieldReader,
    readonly targets: TargetsIR,
    readonly cultures: readonly Culture[],
    /** The ids of every repair step the spec declares, with their kind (lowered or not). */
    readonly declaredRepair: ReadonlyMap<string, string>,
    /** The field path of the step being lowered, e.g. `repair[1]`. */
    readonly f: string = '',
    /** The repair steps lowered so far, for verify steps that refer to them. */
    readonly repair: readonly { readonly kind: string; readonly id: string }[] = [],
    /** Lowers a step inside this one (verify.that's condition) as a step of its own phase. */
    readonly nested: (phase: Phase, o: Obj, f: string) => unknown = () => undefined,
    /** The ids of every detection step the spec declares, with their kind. */
    readonly declaredDetection: ReadonlyMap<string, string> = new Map(),
    /** Handed in by lowerSpec: the carry rules of the enabled targets, and facts about other kinds. */
    readonly services: LowerServices,
  ) {}

  /** The same readers for one step at field path `f`. */
  at(f: string, repair: readonly { readonly kind: string; readonly id: string }[] = this.repair): LowerContext {
    return new LowerContext(this.r, this.targets, this.cultures, this.declaredRepair, f, repair, this.nested, this.declaredDetection, this.services);
  }

  report<C extends DiagnosticCode>(code: C, args: DiagnosticArgs<C>, container: object, key: string | number | undefined, field: string): void {
    this.r.report(code, args, container, key, field);
  }

  /** A string embedded in the output in `role`; every enabled target must be able to carry it. */
  string(o: Obj, key: string, field: string, role: StringRole): string | undefined {
    const s = this.r.string(o, key, field);
    if (s !== undefined) this.carry(s, role, o, key, field);
    return s;
  }

  strings(o: Obj, key: string, field: string, role: StringRole): string[] | undefined {
    const list = this.r.strings(o, key, field);
    list?.forEach((s, i) => this.carry(s, role, o[key] as object, i, `${field}[${i}]`));
    return list;
  }

  /** A Localized text: exactly the fix's cultures, none empty. */
  text(o: Obj, key: string, field: string): Localized | undefined {
    const container = this.r.object(o, key, field);
    if (!container) return undefined;
    let ok = true;
    for (const c of Object.keys(container)) {
      if (!(this.cultures as readonly string[]).includes(c)) {
        this.report('FF2023', [c], container, c, `${field}.${c}`);
        ok = false;
      }
    }
    const out: Record<string, string> = {};
    for (const c of this.cultures) {
      const s = this.r.string(container, c, `${field}.${c}`);
      if (s === undefined) {
        ok = false;
        continue;
      }
      if (s.trim() === '') {
        this.report('FF1007', [`${field}.${c}`, 'a non-empty text'], container, c, `${field}.${c}`);
        ok = false;
        continue;
      }
      this.carry(s, c === 'en-US' ? 'text' : 'localizedText', container, c, `${field}.${c}`);
      out[c] = s;
    }
    return ok ? (out as Localized) : undefined;
  }

  /** A folder under a root: relative, backslash-separated, never climbing out. */
  folder(o: Obj, key: string | number, field: string): string | undefined {
    const s = this.r.string(o, String(key), field);
    if (s === undefined) return undefined;
    const problem = folderProblem(s);
    if (problem) {
      this.report('FF2006', [s, problem], o, key, field);
      return undefined;
    }
    this.carry(s, 'path', o, key, field);
    return s;
  }

  /**
   * Roots a step of `context` may use: each root is reached from its own contexts (machine roots
   * from `system`, profile roots from `everyUser` or `currentUser`). A step without a context
   * (detection) may use machine roots and the two explicit profile roots.
   */
  roots(o: Obj, key: string, field: string, context?: ExecutionContext): WellKnownRoot[] | undefined {
    const roots = this.r.oneOfEach(o, key, field, rootOrder);
    if (!roots) return roots;
    let ok = true;
    roots.forEach((root, i) => {
      const allowed = wellKnownRoots[root].contexts;
      if (context && !allowed.includes(context)) {
        this.report('FF2003', [root, context, allowed.join("' or '")], o[key] as object, i, `${field}[${i}]`);
        ok = false;
      } else if (!context && wellKnownRoots[root].location.kind === 'profile') {
        this.report('FF2025', [root], o[key] as object, i, `${field}[${i}]`);
        ok = false;
      }
    });
    return ok ? roots : undefined;
  }

  /** Every root x folder pair, roots outer; profile roots carry the step's context (whose profiles). */
  locations(roots: readonly WellKnownRoot[], folders: readonly string[], context?: ExecutionContext): FolderRef[] {
    return roots.flatMap((root) =>
      folders.map((folder) =>
        wellKnownRoots[root].location.kind === 'profile' && (context === 'everyUser' || context === 'currentUser') ? { root, folder, context } : { root, folder },
      ),
    );
  }

  carry(value: string, role: StringRole, container: object, key: string | number, field: string): void {
    // Refused whatever the target: no output encoding carries these unchanged.
    const surrogate = loneSurrogateAt(value);
    if (surrogate) return this.report('FF3101', [surrogate.code, surrogate.offset], container, key, field);
    const cr = loneCarriageReturnAt(value);
    if (cr !== undefined) return this.report('FF3102', [cr], container, key, field);
    const refusals = this.services.carryRefusals(role, value);
    for (const { target, reason } of refusals) {
      this.report('FF3001', [target, reason], container, key, field);
    }
    if (refusals.length === 0) this.services.noteTransliteration(role, value, container, key, field);
  }
}

/** Folders are relative, backslash-separated, and can never climb out of their root. */
export function folderProblem(folder: string): string | undefined {
  if (folder === '') return 'it is empty';
  if (folder.includes('/')) return "use backslashes ('\\'), not slashes";
  if (/^[A-Za-z]:/.test(folder) || folder.startsWith('\\')) return 'it must be relative to its root';
  if (folder.endsWith('\\')) return 'it must not end with a backslash';
  const parts = folder.split('\\');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return "it must not contain empty, '.' or '..' segments";
  if (folder.includes('%')) return "it must not contain '%': environment variables are never expanded; start from a root instead";
  if (/[*?<>|":]/.test(folder)) return 'it must not contain wildcards or characters Windows forbids in names';
  if (parts.some((p) => /[ .]$/.test(p))) return 'a segment must not end with a space or a dot';
  return undefined;
}

export { isObj };
