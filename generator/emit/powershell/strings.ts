/** The `$script:Strings` table a script starts from: every text of the fix in one culture. */
import type { Culture, FixIR } from '../../ir/types';
import { moduleStringTable } from '../module/strings';
import { toPowerShell } from './data';

export function stringsAssignment(ir: FixIR, culture: Culture = 'en-US'): string {
  const table: Record<string, string> = {};
  for (const { key, value } of moduleStringTable(ir)[culture]) table[key] = value;
  return `$script:Strings = ${toPowerShell(table)}`;
}
