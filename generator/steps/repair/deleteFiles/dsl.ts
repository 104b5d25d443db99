import type { ExecutionContext, Localized, WellKnownRoot } from '../../../vocabulary/dsl/common';

export interface DeleteFilesRepair {
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  readonly roots: readonly WellKnownRoot[];
  /** The folder under each root whose matching files are deleted; the folder itself is kept. */
  readonly folder: string;
  /**
   * A file name, or a wildcard on the name only: `*` any run of characters, `?` one character
   * (`*.spl`, `~$*`, `*`). Letters, digits, space and `. _ - ~ $ # @ +`; no folders.
   */
  readonly pattern: string;
  /** Also the matching files in subfolders (never inside a link). Off unless asked. */
  readonly recurse?: boolean;
}

export type DeleteFilesStep = { readonly kind: 'deleteFiles' } & DeleteFilesRepair;

/** Deletes the files whose names match a pattern in a folder under each root; links are never followed. */
export function deleteFiles(step: DeleteFilesRepair): DeleteFilesStep {
  return { kind: 'deleteFiles', ...step };
}
