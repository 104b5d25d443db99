/** The module's string table per culture: every Localized text of the IR under a stable key. */
import type { Culture, FixIR, Localized } from '../../ir/types';
import { pascalCase } from '../naming';

export interface StringEntry {
  readonly key: string;
  readonly value: string;
}

export function moduleStringTable(ir: FixIR): Record<Culture, StringEntry[]> {
  const entries: [string, Localized][] = [
    ['Title', ir.title],
    ['Description', ir.description],
  ];
  for (const d of ir.detection) {
    entries.push([`${pascalCase(d.id)}Detected`, d.messages.detected], [`${pascalCase(d.id)}Clean`, d.messages.clean]);
  }
  for (const s of [...ir.repair, ...ir.verify]) entries.push([`${pascalCase(s.id)}Description`, s.description]);
  for (const h of ir.hints) entries.push([`${pascalCase(h.id)}Text`, h.text]);
  const table = {} as Record<Culture, StringEntry[]>;
  for (const culture of ir.cultures) table[culture] = entries.map(([key, text]) => ({ key, value: text[culture] }));
  return table;
}
