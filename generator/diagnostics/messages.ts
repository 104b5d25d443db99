/**
 * Every user-visible compiler diagnostic, with a stable code. Codes never change meaning;
 * retired codes are not reused. `{0}`, `{1}` ... are filled from the arguments.
 *
 * FF1xxx: loading and evaluating a spec. FF2xxx: meaning of the fix. FF3xxx: what a target can
 * carry. FF4xxx: emitted code checks. FF5xxx: signing (see generator/sign/errors.ts).
 */
export const diagnosticMessages = {
  FF1001: { category: 'error', text: 'Spec file not found: {0}' },
  FF1002: { category: 'error', text: 'TS{0}: {1}' },
  FF1003: { category: 'error', text: 'A spec must export exactly one fix built with defineFix(); found {0}.' },
  FF1004: { category: 'error', text: 'Cannot evaluate {0} statically: {1}' },
  FF1005: { category: 'error', text: "Unknown {0} step kind '{1}'; expected one of: {2}." },
  FF1006: { category: 'error', text: "Field '{0}' is required." },
  FF1007: { category: 'error', text: "Field '{0}' must be {1}." },
  FF1008: { category: 'error', text: 'The value refers to itself through {0}.' },

  FF2001: { category: 'error', text: "Duplicate step id '{0}': ids must be unique across detection, repair, verify and hints." },
  FF2002: { category: 'error', text: "Invalid {0} '{1}': {2}" },
  FF2003: { category: 'error', text: "Root '{0}' cannot be used in context '{1}': {2}" },
  FF2004: { category: 'error', text: "Context '{0}' cannot be honoured by a {1} step: {2}" },
  FF2005: { category: 'error', text: "'{0}' refers to unknown {1} step '{2}'." },
  FF2006: { category: 'error', text: "Folder '{0}' is not a safe relative path: {1}" },
  FF2007: { category: 'error', text: 'A fix needs at least one {0} step.' },
  FF2008: { category: 'error', text: 'Target {0} must run on Windows PowerShell {1} because the fix applies to {2}, but the spec asks for {3}.' },
  FF2009: { category: 'error', text: 'Target intune reaches only Windows 10 1607 and later, but the fix applies only to {0}.' },
  FF2010: { category: 'error', text: 'At least one target must be enabled.' },

  FF3001: { category: 'error', text: 'Target {0} cannot carry this string: {1}' },
  FF3002: { category: 'warning', text: "Target cmd cannot honour context '{0}' of step '{1}'; the PowerShell module covers it." },

  FF4001: { category: 'error', text: '{0}:{1}: {2} is not available in Windows PowerShell 2.0 (internal: a template produced it).' },
  FF4002: { category: 'error', text: 'Artifact {0} must be ASCII but contains {1} at offset {2} (internal).' },
} as const;

export type DiagnosticCode = keyof typeof diagnosticMessages;

export function formatMessage(code: DiagnosticCode, args: readonly (string | number)[]): string {
  return diagnosticMessages[code].text.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}
