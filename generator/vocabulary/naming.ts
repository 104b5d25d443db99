/** Names derived from spec ids, shared by every emitter so that they agree. */

/** `clearUserUrlCache` → `ClearUserUrlCache`. */
export function pascalCase(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

export interface CommandNames {
  readonly test: string;
  readonly repair: string;
  readonly status: string;
}

/** The exported functions, with approved verbs (Test, Repair, Get). */
export function commandNames(noun: string): CommandNames {
  return { test: `Test-${noun}`, repair: `Repair-${noun}`, status: `Get-${noun}Status` };
}

/** PowerShell spelling of an execution context, as used in `-Context`. */
export function contextParameterValue(context: 'system' | 'everyUser' | 'currentUser'): string {
  return pascalCase(context);
}

/** A KB article's address (lowering fills in a fix's `link` with it). */
export function kbUrl(kb: number): string {
  return `https://support.microsoft.com/kb/${kb}`;
}
