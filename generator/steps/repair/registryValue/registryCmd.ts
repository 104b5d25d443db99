/**
 * repair.registryValue in batch: reg.exe by full path, HKLM from the machine script and HKCU from
 * the user script. Before the first change the key is exported to `%FF_LOGDIR%\<step id>.reg`,
 * once (a later run never overwrites the state from before fixforge); a key that did not exist
 * gets a REGEDIT4 file that says so. No backup, no change. Every line runs inline, not through
 * `call`, which would expand `%` in the data a second time.
 */
import { batchArgument, batchArgumentRefusal, batchEchoText, batchPathFragment } from '../../../vocabulary/escape/batch';
import { assertNever } from '../../../vocabulary/assertNever';
import type { CmdContext, CmdRefusal, CmdStep } from '../../stepKind';
import type { RegistryDataIR } from '../../detection/registryValue/registryPath';
import type { RegistryValueRepairIR } from './ir';

const REG = '"%SystemRoot%\\System32\\reg.exe"';

/** reg.exe's /t and /d for a value, or why batch cannot pass it. */
function typeAndData(v: RegistryDataIR): { type: string; data: string } | { refused: string } {
  switch (v.type) {
    case 'String':
    case 'ExpandString':
      if (v.data === '') return { refused: 'an empty string cannot be passed to reg.exe through cmd' };
      return { type: v.type === 'String' ? 'REG_SZ' : 'REG_EXPAND_SZ', data: v.data };
    case 'DWord':
      return { type: 'REG_DWORD', data: `0x${v.data.toString(16)}` };
    case 'QWord':
      return { type: 'REG_QWORD', data: `0x${v.data.toString(16)}` };
    case 'MultiString':
      // reg.exe splits /d at the two characters \0; an item containing them would be split too.
      if (v.data.some((s) => s.includes('\\0'))) return { refused: "a MultiString item contains '\\0', reg.exe's item separator" };
      return { type: 'REG_MULTI_SZ', data: v.data.join('\\0') };
    case 'Binary':
      if (v.data.length === 0) return { refused: 'empty Binary data cannot be passed to reg.exe through cmd' };
      return { type: 'REG_BINARY', data: v.data.map((b) => b.toString(16).padStart(2, '0')).join('') };
    default:
      return assertNever(v);
  }
}

export function registryCmd(s: RegistryValueRepairIR, ctx: CmdContext): CmdStep | CmdRefusal {
  if (s.context === 'everyUser') return { refused: "batch cannot load the hives of users who are not logged on ('everyUser')" };
  if (s.action === 'remove' && s.name === '') return { refused: "reg.exe query cannot tell whether a key's default value is set" };
  const regKey = `${s.hive}\\${s.key}`;
  const valueOf = s.value ? typeAndData(s.value) : undefined;
  if (valueOf && 'refused' in valueOf) return valueOf;
  // The key, the name and the data are reg.exe arguments here: what batch cannot pass refuses the step.
  const refusal = [regKey, s.name, valueOf?.data ?? 'x'].map((a) => (a === '' ? undefined : batchArgumentRefusal(a))).find((r) => r);
  if (refusal) return { refused: refusal };

  const l = `ff_${ctx.label}`;
  const key = batchArgument(regKey);
  const value = s.name === '' ? '/ve' : `/v ${batchArgument(s.name)}`;
  const shown = batchEchoText(`${regKey}\\${s.name === '' ? '(default)' : s.name}`);
  const id = batchEchoText(s.id);
  const backupFile = `%FF_LOGDIR%\\${batchPathFragment(`${s.id}.reg`)}`;
  const backup = `"${backupFile}"`;
  // A backup is a file: a folder of that name (or anything else) must not pass for one.
  const isBackup = `if exist ${backup} if not exist "${backupFile}\\*"`;
  const log = (text: string) => `>>"%FF_LOG%" echo:%DATE% %TIME% ${id}: ${text}`;

  const backupLines = [
    `${isBackup} goto ${l}_backed`,
    `${REG} query ${key} >nul 2>&1`,
    `if errorlevel 1 goto ${l}_nokey`,
    `${REG} export ${key} ${backup} /y >nul 2>&1`,
    `goto ${l}_checkbackup`,
    `:${l}_nokey`,
    `>${backup} echo:REGEDIT4`,
    `>>${backup} echo:; ${batchEchoText(regKey)} did not exist before this step: delete it to undo.`,
    `:${l}_checkbackup`,
    `${isBackup} goto ${l}_backed`,
    log(`no backup of ${batchEchoText(regKey)} could be written, so it was not changed`),
    'set "FF_RESULT=1"',
    `goto ${l}_done`,
    `:${l}_backed`,
  ];
  const failed = [`:${l}_failed`, log(`reg.exe could not change ${shown}`), 'set "FF_RESULT=1"', `:${l}_done`];

  if (s.action === 'set') {
    const v = valueOf as { type: string; data: string };
    return {
      lines: [
        ...backupLines,
        `${REG} add ${key} ${value} /t ${v.type} /d ${batchArgument(v.data)} /f >>"%FF_LOG%" 2>&1`,
        `if errorlevel 1 goto ${l}_failed`,
        log(`set ${shown} (the key before: ${batchEchoText(`${s.id}.reg`)})`),
        `goto ${l}_done`,
        ...failed,
      ],
    };
  }
  return {
    lines: [
      `${REG} query ${key} ${value} >nul 2>&1`,
      `if errorlevel 1 goto ${l}_absent`,
      ...backupLines,
      `${REG} delete ${key} ${value} /f >>"%FF_LOG%" 2>&1`,
      `if errorlevel 1 goto ${l}_failed`,
      log(`removed ${shown} (the key before: ${batchEchoText(`${s.id}.reg`)})`),
      `goto ${l}_done`,
      `:${l}_absent`,
      log(`${shown} is not there, nothing to do`),
      `goto ${l}_done`,
      ...failed,
    ],
  };
}
