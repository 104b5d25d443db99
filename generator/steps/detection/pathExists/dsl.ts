import type { Localized, OutcomeMessages, WellKnownRoot } from '../../../vocabulary/dsl/common';

/** An age by the item's last write time (UTC): exactly one unit. */
export type PathAge = { readonly minutes: number } | { readonly days: number };

export interface PathExistsDetection {
  readonly id: string;
  readonly description: Localized;
  readonly roots: readonly WellKnownRoot[];
  /** The file or folder under each root, backslash-separated, e.g. `SoftwareDistribution\DataStore`. */
  readonly path: string;
  /** What must be there: a file, or a folder. The other kind of item at the path does not count. */
  readonly type: 'file' | 'folder';
  /** Found only when it was last written more than this long ago. */
  readonly olderThan?: PathAge;
  /** Folders only: found only when the folder holds at least one entry. */
  readonly notEmpty?: boolean;
  /** `problem`: finding it means the fix is needed. `evidence`: reported in the findings only. */
  readonly indicates: 'problem' | 'evidence';
  readonly messages: OutcomeMessages;
}

export type PathExistsStep = { readonly kind: 'pathExists' } & PathExistsDetection;

/** Detects a file or folder under each root, optionally older than an age, or a folder that is not empty. */
export function pathExists(step: PathExistsDetection): PathExistsStep {
  return { kind: 'pathExists', ...step };
}
