/** Shapes step kinds share in the engine's data tables. */
import type { FolderRef } from '../ir/common';
import type { PsValue } from '../emit/powershell/data';

/** A folder under a root as the engine reads it: `@{ Root = 'localService'; Segments = @(...) }`. */
export function psLocation(l: FolderRef): Record<string, PsValue> {
  return { Root: l.root, Segments: l.folder.split('\\') };
}
