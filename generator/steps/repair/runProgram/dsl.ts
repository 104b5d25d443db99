import type { ExecutionContext, Localized, WellKnownRoot } from '../../../vocabulary/dsl/common';

/**
 * Programs a step may run: a curated list of Windows programs, always by full path under
 * `%SystemRoot%\System32` (a subfolder where the program lives there, e.g. `wbem\winmgmt.exe`).
 * Any other program is given by root and path (`ProgramAt`).
 */
export type SystemProgram =
  | 'certutil.exe'
  | 'sc.exe'
  | 'net.exe'
  | 'netsh.exe'
  | 'ipconfig.exe'
  | 'w32tm.exe'
  | 'regsvr32.exe'
  | 'wbem\\winmgmt.exe'
  | 'wevtutil.exe'
  | 'schtasks.exe'
  | 'bitsadmin.exe'
  | 'dism.exe'
  | 'sfc.exe'
  | 'wsreset.exe'
  | 'gpupdate.exe'
  | 'gpresult.exe'
  | 'msiexec.exe'
  | 'pnputil.exe'
  | 'UsoClient.exe'
  | 'wuauclt.exe'
  | 'powercfg.exe'
  | 'bcdedit.exe';

/**
 * A program beyond the short names, by root and path: `{ root: 'programFiles', path: 'Windows
 * Defender\\MpCmdRun.exe' }`. The path follows the folder rules (relative, backslashes, no `%...%`,
 * no drive letter, no `..`) and names an `.exe`. Before it starts, every component from the root's
 * folder down, the file included, is checked: no link (junction, symbolic link, mount point) and,
 * under a machine root, owned by SYSTEM, Administrators or TrustedInstaller and writable by no one
 * else. A root users may write (`programData`, a profile root) is refused for `system` steps (FF2060)
 * and allowed for `currentUser` ones (`localAppData` runs the user's own copy).
 */
export interface ProgramAt {
  readonly root: WellKnownRoot;
  readonly path: string;
  /**
   * The signer the file's Authenticode signature must name (its certificate's CN or O, e.g.
   * `Microsoft Corporation`): a file unsigned, tampered with or signed by someone else is refused.
   * Read with Get-AuthenticodeSignature, which every Windows PowerShell edition from 2.0 has; the
   * `.cmd` target cannot check it and leaves the step out (FF3002).
   */
  readonly signedBy?: string;
}

export interface RunProgramRepair {
  readonly id: string;
  readonly description: Localized;
  readonly context: ExecutionContext;
  /**
   * A known program by its short name, under System32 (`certutil.exe`, `dism.exe`, `wsreset.exe`,
   * `gpupdate.exe`, `msiexec.exe`, `pnputil.exe`, `UsoClient.exe`, ...), or any program by root and
   * path: `{ root: 'programFiles', path: 'Windows Defender\\MpCmdRun.exe', signedBy: 'Microsoft
   * Corporation' }`. Before it starts, every folder from the root down and the file are checked: no
   * link and, under a machine root, owned by SYSTEM, Administrators or TrustedInstaller and writable
   * by no one else; `signedBy` adds an Authenticode check (Get-AuthenticodeSignature, Windows
   * PowerShell 2.0 and later). A root users may write (`programData`, a profile root such as
   * `localAppData`) is refused for `system` steps (FF2060) and allowed for `currentUser` ones. The
   * `.cmd` target carries programs under `programFiles` / `programFilesX86` without `signedBy`.
   */
  readonly program: SystemProgram | ProgramAt;
  readonly arguments: readonly string[];
  /**
   * When the program is not on the computer (Defender removed, Office not installed): `fail` the
   * step (the default) or `skip` it (NotNeeded).
   */
  readonly whenMissing?: 'skip' | 'fail';
  readonly successExitCodes: readonly number[];
  /** Stop the program and fail the step after this many seconds (default 300). */
  readonly timeoutSeconds?: number;
}

export type RunProgramStep = { readonly kind: 'runProgram' } & RunProgramRepair;

/** Runs a Windows program (a short name under System32, or `{ root, path }`) by its full path, with fixed arguments, and checks its exit code. */
export function runProgram(step: RunProgramRepair): RunProgramStep {
  return { kind: 'runProgram', ...step };
}
