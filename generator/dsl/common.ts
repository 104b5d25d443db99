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
 * Folders the compiler knows how to find on a real machine.
 * - `localService`, `networkService`: `%windir%\ServiceProfiles\<name>`
 * - `systemProfile`: `%windir%\System32\config\systemprofile`
 * - `systemProfileWow64`: `%windir%\SysWOW64\config\systemprofile` (64-bit Windows only)
 * - `everyUserProfile`: each profile folder listed under the ProfileList registry key
 * - `currentUserProfile`: `%USERPROFILE%`
 */
export type WellKnownRoot =
  | 'localService'
  | 'networkService'
  | 'systemProfile'
  | 'systemProfileWow64'
  | 'everyUserProfile'
  | 'currentUserProfile';

/** What a detection step reports: one text when it finds the problem, one when it does not. */
export type OutcomeMessages = Readonly<{ detected: Localized; clean: Localized }>;
