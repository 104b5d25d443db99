/**
 * Values in Group Policy's scripts.ini / psscripts.ini ([MS-GPSCR]). The files are read like
 * Windows profile (ini) files: a value is the rest of its line after `=`, white space around it is
 * trimmed and a pair of surrounding quotes is dropped. There is no escape syntax at all, so a value
 * that would read back differently is refused rather than altered.
 */
import { CannotCarryError } from './refusal';

/** CmdLine must stay under MAX_PATH (260). */
export const INI_COMMAND_LINE_MAX = 259;

/** Why `value` cannot be written as an ini value, or undefined. */
export function iniValueRefusal(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'a line break would end the value early';
  if (value.includes('\0')) return 'a NUL character cannot appear in an ini file';
  if (value !== value.trim()) return 'white space around a value is dropped when it is read';
  if (/^(".*"|'.*')$/s.test(value)) return 'quotes around a value are dropped when it is read';
  return undefined;
}

/** Why `value` cannot be a `<n>CmdLine` value, or undefined. */
export function iniCommandLineRefusal(value: string): string | undefined {
  if (value === '') return 'a script entry needs a command line';
  if (value.length > INI_COMMAND_LINE_MAX) return `longer than ${INI_COMMAND_LINE_MAX} characters (MAX_PATH)`;
  return iniValueRefusal(value);
}

/** `value` unchanged, or CannotCarryError: ini files have no escapes. */
export function iniValue(value: string): string {
  const refusal = iniValueRefusal(value);
  if (refusal) throw new CannotCarryError('ini', value, refusal);
  return value;
}

/** A `<n>CmdLine` value unchanged, or CannotCarryError. */
export function iniCommandLine(value: string): string {
  const refusal = iniCommandLineRefusal(value);
  if (refusal) throw new CannotCarryError('ini', value, refusal);
  return value;
}
