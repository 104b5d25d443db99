/**
 * The words every step kind's DSL shares: cultures, contexts, roots, versions. Kept free of
 * compiler code: spec files type-check against this and the step kinds' `dsl.ts` files only.
 */

/**
 * A culture name such as `en-US` or `nl-NL`. en-US is always there (it is the fallback); a fix
 * declares any other culture it carries in `cultures`.
 */
export type Culture = `${string}-${string}`;

/** A text for people: en-US, plus one entry per other culture the fix declares. */
export type Localized = Readonly<{ 'en-US': string } & { [culture: Culture]: string }>;

export type WindowsVersion =
  | 'vista'
  | 'server2008'
  | 'windows7'
  | 'server2008r2'
  | 'windows8'
  | 'server2012'
  | 'windows81'
  | 'server2012r2'
  | 'windows10'
  | 'windows11'
  | 'server2016'
  | 'server2019'
  | 'server2022'
  | 'server2025';

/** Windows PowerShell versions a generated PowerShell artifact can be held to. */
export type PowerShellVersion = '2.0' | '3.0' | '4.0' | '5.1';

/**
 * Who a repair step runs as.
 * - `system`: once per machine, as SYSTEM (startup script, Intune system context).
 * - `currentUser`: as the signed-in user (logon script, Intune user context).
 * - `everyUser`: as SYSTEM, over every user profile folder on disk.
 */
export type ExecutionContext = 'system' | 'currentUser' | 'everyUser';

/**
 * Folders the compiler knows how to find on a real machine. A step's folders are always relative
 * to one of these: a path with `%...%`, a drive letter or `..` does not compile.
 *
 * Machine roots (context `system`):
 * - `windows`: `%windir%`; `system32`: `%windir%\System32` (the 64-bit one, also from a 32-bit process)
 * - `localService`, `networkService`: `%windir%\ServiceProfiles\<name>`
 * - `systemProfile`: `%windir%\System32\config\systemprofile`
 * - `systemProfileWow64`: `%windir%\SysWOW64\config\systemprofile` (64-bit Windows only)
 * - `programData`: `%ProgramData%`; `programFiles`: the native `Program Files`;
 *   `programFilesX86`: `Program Files (x86)` (64-bit Windows only)
 *
 * Profile roots: with context `everyUser`, in each user profile on disk (listed under the
 * ProfileList registry key); with `currentUser`, in the profile of the user running the script:
 * - `everyUserProfile` / `currentUserProfile`: the profile folder itself (one context each)
 * - `localAppData`: `AppData\Local`; `roamingAppData`: `AppData\Roaming`; `localLow`: `AppData\LocalLow`
 */
export type WellKnownRoot =
  | 'windows'
  | 'system32'
  | 'localService'
  | 'networkService'
  | 'systemProfile'
  | 'systemProfileWow64'
  | 'programData'
  | 'programFiles'
  | 'programFilesX86'
  | 'everyUserProfile'
  | 'currentUserProfile'
  | 'localAppData'
  | 'roamingAppData'
  | 'localLow';

/** What a detection step reports: one text when it finds the problem, one when it does not. */
export type OutcomeMessages = Readonly<{ detected: Localized; clean: Localized }>;

/**
 * Options every repair step takes, whatever its kind.
 * - `when`: run only if this detection step (by id) found the problem; otherwise Skipped.
 * - `onFailure`: after this step fails, `continue` with the next steps (the default) or `stop`
 *   (the remaining steps are Skipped).
 * - `retry`: run a failed step again, up to `count` more times, `delaySeconds` apart.
 * - `rebootRequired`: when the step changed something, the result (and the exit codes that have
 *   a way to say it, 3010 for the .cmd) reports that a restart is needed.
 * - `optional`: off unless the caller asks for it: `-Include<StepId>` on the module's Repair
 *   function; unattended scripts (Intune, GPO, .cmd) leave it out and say so.
 */
export interface StepOptions {
  readonly when?: string;
  readonly onFailure?: 'stop' | 'continue';
  readonly retry?: Readonly<{ count: number; delaySeconds: number }>;
  readonly rebootRequired?: boolean;
  readonly optional?: boolean;
}
