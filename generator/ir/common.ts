/**
 * IR types that step kinds share. Plain, serialisable data. `types.ts` adds the fix as a whole
 * and the step unions derived from the registry.
 */
import type { Culture, ExecutionContext, Localized, PowerShellVersion, WellKnownRoot, WindowsVersion } from '../dsl/common';

export type { Culture, ExecutionContext, Localized, PowerShellVersion, WellKnownRoot, WindowsVersion };

/** Where a well-known root lives on a real machine. */
export type RootLocation =
  /** `%windir%\<path>`; `only64Bit` roots exist only on 64-bit Windows. */
  | { readonly kind: 'windows'; readonly path: string; readonly only64Bit: boolean }
  /** Each profile folder from `HKLM\...\ProfileList` (SIDs `S-1-5-21-*`). */
  | { readonly kind: 'everyUserProfile' }
  /** `%USERPROFILE%` of the user running the script. */
  | { readonly kind: 'currentUserProfile' };

export interface RootIR {
  readonly id: WellKnownRoot;
  readonly location: RootLocation;
  /** Human label for logs and docs, e.g. `LocalService profile`. */
  readonly label: string;
}

/** One folder under one root. */
export interface FolderRef {
  readonly root: WellKnownRoot;
  /** Backslash-separated, relative, no `..`, no leading or trailing separator. */
  readonly folder: string;
}

export interface TargetsIR {
  readonly module?: { readonly powershell: PowerShellVersion };
  readonly cmd?: Record<string, never>;
  readonly intune?: { readonly powershell: PowerShellVersion };
  readonly gpo?: { readonly powershell: PowerShellVersion };
}
