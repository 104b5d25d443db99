import type { ExecutionContext, Localized, WellKnownRoot } from '../../../vocabulary/dsl/common';

export interface MoveAsideRepair {
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  readonly roots: readonly WellKnownRoot[];
  /** The file or folder under each root to rename out of the way, e.g. `SoftwareDistribution`. */
  readonly path: string;
  /**
   * How many moved-aside copies to keep, the new one included (1 to 20). The copies are named
   * `<name>.fixforge-<n>`, n one more than the highest there; beyond `keep`, the lowest go.
   */
  readonly keep: number;
}

export type MoveAsideStep = { readonly kind: 'moveAside' } & MoveAsideRepair;

/** Renames a file or folder out of the way (`SoftwareDistribution.fixforge-1`) and keeps the newest copies. */
export function moveAside(step: MoveAsideRepair): MoveAsideStep {
  return { kind: 'moveAside', ...step };
}
