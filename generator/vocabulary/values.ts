/**
 * What static evaluation yields: plain values, and where each came from. Part of the shared
 * vocabulary: the field readers every step kind uses read these, below the loader itself.
 */
import type { SourceLocation } from './diagnostics/diagnostic';

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** Where each evaluated object's properties and array's elements came from. */
export class Origins {
  private readonly table = new WeakMap<object, Map<string | number, SourceLocation>>();
  private readonly whole = new WeakMap<object, SourceLocation>();

  record(container: object, key: string | number, location: SourceLocation): void {
    let m = this.table.get(container);
    if (!m) this.table.set(container, (m = new Map()));
    m.set(key, location);
  }

  recordWhole(container: object, location: SourceLocation): void {
    if (!this.whole.has(container)) this.whole.set(container, location);
  }

  /** The location of `container[key]`, or of the container itself when the key has none. */
  of(container: object, key?: string | number): SourceLocation | undefined {
    if (key !== undefined) {
      const normalized = Array.isArray(container) && typeof key === 'string' ? Number(key) : key;
      const hit = this.table.get(container)?.get(normalized);
      if (hit) return hit;
    }
    return this.whole.get(container);
  }
}
