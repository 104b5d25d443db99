/** The `$script:Strings` table a script starts from: every text of the fix in one culture. */
import type { Culture, FixIR } from '../../ir/types';
import { moduleStringTable } from '../module/strings';
import { toPowerShell } from '../../vocabulary/powershell/data';

export function stringsAssignment(ir: FixIR, culture: Culture = 'en-US'): string {
  const table: Record<string, string> = {};
  for (const { key, value } of moduleStringTable(ir)[culture]) table[key] = value;
  return `$script:Strings = ${toPowerShell(table)}`;
}

/** `$script:FfStringTables`: every culture's table, keyed by culture name, en-US first. */
export function stringTablesAssignment(ir: FixIR): string {
  const tables: Record<string, Record<string, string>> = {};
  const all = moduleStringTable(ir);
  for (const culture of ir.cultures) tables[culture] = Object.fromEntries(all[culture].map(({ key, value }) => [key, value]));
  return `$script:FfStringTables = ${toPowerShell(tables)}\n$script:Strings = $script:FfStringTables['en-US']`;
}
