/** Shapes step kinds share in the engine's data tables. */
import type { FolderRef } from '../vocabulary/ir/common';
import type { PsValue } from '../vocabulary/powershell/data';
import { contextParameterValue } from '../vocabulary/naming';

/** A folder under a root as the engine reads it: `@{ Root = 'localService'; Segments = @(...) }`. */
export function psLocation(l: FolderRef): Record<string, PsValue> {
  const location: Record<string, PsValue> = { Root: l.root, Segments: l.folder.split('\\') };
  if (l.context) location.Context = contextParameterValue(l.context);
  return location;
}

/** A root's own path as folder segments (none for the Windows folder itself). */
export function pathSegments(path: string): string[] {
  return path === '' ? [] : path.split('\\');
}
