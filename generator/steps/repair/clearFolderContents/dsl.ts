import type { ExecutionContext, Localized, WellKnownRoot } from '../../../vocabulary/dsl/common';

export interface ClearFolderContentsRepair {
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  readonly roots: readonly WellKnownRoot[];
  /** Folders under each root whose contents are deleted; the folders themselves are kept. */
  readonly folders: readonly string[];
}

export type ClearFolderContentsStep = { readonly kind: 'clearFolderContents' } & ClearFolderContentsRepair;

/** Deletes everything inside folders under each root and keeps the folders; links go as links. */
export function clearFolderContents(step: ClearFolderContentsRepair): ClearFolderContentsStep {
  return { kind: 'clearFolderContents', ...step };
}
