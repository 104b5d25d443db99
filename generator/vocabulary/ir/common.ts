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
  /** A machine folder the OS names: `%ProgramData%`, the native Program Files, Program Files (x86). */
  | { readonly kind: 'special'; readonly folder: 'programData' | 'programFiles' | 'programFilesX86' }
  /** Each profile folder from `HKLM\...\ProfileList`, logged on or not. */
  | { readonly kind: 'everyUserProfile' }
  /** `%USERPROFILE%` of the user running the script. */
  | { readonly kind: 'currentUserProfile' }
  /** A folder inside a profile (`AppData\Local`): every profile or the current one, by the step's context. */
  | { readonly kind: 'profile'; readonly path: string };

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
  /** For profile roots (`localAppData`, ...): whose profiles, from the step's context. */
  readonly context?: 'everyUser' | 'currentUser';
}

export interface TargetsIR {
  readonly module?: { readonly powershell: PowerShellVersion };
  readonly cmd?: Record<string, never>;
  readonly intune?: { readonly powershell: PowerShellVersion };
  readonly gpo?: { readonly powershell: PowerShellVersion };
  readonly gpoBackup?: Record<string, never>;
  readonly nupkg?: NupkgIR;
  readonly fixit?: Record<string, never>;
}

/** The nupkg target's metadata, checked (https URIs, tags without spaces). */
export interface NupkgIR {
  readonly projectUri?: string;
  readonly licenseUri?: string;
  readonly releaseNotes?: string;
  readonly tags: readonly string[];
}
