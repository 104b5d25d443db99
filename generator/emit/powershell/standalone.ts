/**
 * The engine as one standalone block for scripts deployed as single files (Intune uploads one
 * file, SYSVOL gets one startup script): en-US strings, the data tables, the core and the used
 * handlers, the standalone helpers, and the public functions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FixIR } from '../../ir/types';
import { engineDir } from '../../paths';
import { engineCode, engineData } from './engine';
import { publicFunctions } from './publicFunctions';
import { stringsAssignment } from './strings';

let standaloneSource: string | undefined;

export function standaloneEngine(ir: FixIR, hintCultures: readonly string[]): string {
  standaloneSource ??= fs.readFileSync(path.join(engineDir(), 'Standalone.ps1'), 'utf8').replace(/\r\n/g, '\n').trimEnd();
  return [
    '#region Strings (en-US)',
    stringsAssignment(ir),
    '#endregion',
    '',
    engineData(ir, hintCultures),
    '',
    '#region Engine',
    engineCode(ir),
    '#endregion',
    '',
    '#region Public functions',
    publicFunctions(ir).trimEnd(),
    '#endregion',
    '',
    '#region Standalone run',
    standaloneSource,
    '#endregion',
  ].join('\n');
}
