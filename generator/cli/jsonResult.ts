/**
 * The `--json` document every command prints on stdout: one object with `schemaVersion` (bumped
 * only when a field changes meaning or goes away; new fields may appear in any version), the
 * command, `ok`, the exit code and the diagnostics, then the command's own fields. See README.
 */
import type { Diagnostic } from '../vocabulary/diagnostics/diagnostic';

export const JSON_SCHEMA_VERSION = 1;

export type CommandName = 'build' | 'verify' | 'test' | 'init' | 'publish';

export function writeJson(command: CommandName | undefined, exitCode: number, diagnostics: readonly Diagnostic[], fields: Record<string, unknown> = {}): void {
  const doc = { schemaVersion: JSON_SCHEMA_VERSION, command: command ?? null, ok: exitCode === 0, exitCode, diagnostics, ...fields };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}
