import type { Localized } from '../../../vocabulary/dsl/common';

export type FoldersEmptyStep = {
  readonly kind: 'foldersEmpty';
  readonly id: string;
  readonly description: Localized;
  /** Ids of `clearFolderContents` repair steps whose folders must now be empty. */
  readonly repairSteps: readonly string[];
};

/** Passes when the folders the named clearFolderContents steps emptied are still empty. */
export function foldersEmpty(id: string, description: Localized, repairSteps: readonly string[]): FoldersEmptyStep {
  return { kind: 'foldersEmpty', id, description, repairSteps };
}
