/**
 * The engine as one standalone block for scripts deployed as single files (Intune uploads one
 * file, SYSVOL gets one startup script): the strings, the data tables, the core and the used
 * handlers, the standalone helpers, and the public functions.
 *
 * The strings are every culture's string table; at run time `Select-FfStrings` (Standalone.ps1)
 * takes the machine's UI culture, or en-US when the fix has no text in it or the console could
 * not show its letters. The Fix it wizard picks its own culture and asks for en-US only here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FixIR } from '../../ir/types';
import { engineDir } from '../../vocabulary/paths';
import { engineCode, engineData } from './engine';
import { publicFunctions } from './publicFunctions';
import { stringsAssignment, stringTablesAssignment } from './strings';

export interface StandaloneOptions {
  /** The cultures whose hint needles the detection matches (the event text is in the device's language). */
  readonly hintCultures: readonly string[];
  /** The cultures whose descriptions the help carries besides en-US (none for ASCII-only files). */
  readonly helpCultures: readonly string[];
  /** `all`: every culture's string table, chosen at run time; `en-US`: that table only. */
  readonly strings: 'all' | 'en-US';
}

let standaloneSource: string | undefined;

export function standaloneEngine(ir: FixIR, options: StandaloneOptions): string {
  standaloneSource ??= fs.readFileSync(path.join(engineDir(), 'Standalone.ps1'), 'utf8').replace(/\r\n/g, '\n').trimEnd();
  const all = options.strings === 'all';
  return [
    all ? '#region Strings (every culture of the fix; Select-FfStrings below picks one)' : '#region Strings (en-US)',
    all ? stringTablesAssignment(ir) : stringsAssignment(ir),
    '#endregion',
    '',
    engineData(ir, options.hintCultures),
    '',
    '#region Engine',
    engineCode(ir),
    '#endregion',
    '',
    '#region Public functions',
    publicFunctions({ ...ir, cultures: ir.cultures.filter((c) => c === 'en-US' || options.helpCultures.includes(c)) }).trimEnd(),
    '#endregion',
    '',
    '#region Standalone run',
    standaloneSource,
    ...(all ? ['$script:Strings = Select-FfStrings -Tables $script:FfStringTables'] : []),
    '#endregion',
  ].join('\n');
}
