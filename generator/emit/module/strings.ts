/** The module's string table per culture: every Localized text of the IR under a stable key. */
import type { Culture, FixIR, Localized } from '../../ir/types';
import { pascalCase } from '../../vocabulary/naming';
import { kindOfStep, phases } from '../../steps/registry';

export interface StringEntry {
  readonly key: string;
  readonly value: string;
}

export function moduleStringTable(ir: FixIR): Record<Culture, StringEntry[]> {
  const entries: [string, Localized][] = [
    ['Title', ir.title],
    ['Description', ir.description],
  ];
  const detection = (d: { id: string; messages: { detected: Localized; clean: Localized } }) =>
    entries.push([`${pascalCase(d.id)}Detected`, d.messages.detected], [`${pascalCase(d.id)}Clean`, d.messages.clean]);
  for (const d of ir.detection) detection(d);
  for (const s of [...ir.repair, ...ir.verify]) entries.push([`${pascalCase(s.id)}Description`, s.description]);
  // Steps inside steps (verify.that's condition) speak with their own texts.
  for (const phase of phases) {
    for (const s of ir[phase]) {
      for (const inner of kindOfStep(phase, s).nested?.(s as never) ?? []) {
        if (inner.phase === 'detection') detection(inner.step as unknown as Parameters<typeof detection>[0]);
        else entries.push([`${pascalCase(inner.step.id)}Description`, inner.step.description]);
      }
    }
  }
  for (const h of ir.hints) entries.push([`${pascalCase(h.id)}Text`, h.text]);
  const table = {} as Record<Culture, StringEntry[]>;
  for (const culture of ir.cultures) table[culture] = entries.map(([key, text]) => ({ key, value: text[culture] }));
  return table;
}
