/** repair.runProgram: a known Windows program (or one by root and path, checked before it starts), fixed arguments, success exit codes. */
import { batchArgument, batchEchoText, batchPathFragment } from '../../../vocabulary/escape/batch';
import type { CmdContext, CmdRefusal, CmdStep, RepairIRBase, StepKind } from '../../stepKind';
import type { SystemProgram } from './dsl';
import type { Obj } from '../../../vocabulary/fieldReader';
import type { PsValue } from '../../../vocabulary/powershell/data';
import type { LowerContext } from '../../lowerContext';
import type { ExecutionContext, FolderRef } from '../../../vocabulary/ir/common';
import { psLocation } from '../../engineData';
import { lowerProgramAt, type ProgramAtIR } from './programAt';

export interface RunProgramRepairIR extends RepairIRBase<'runProgram'> {
  /**
   * A short name under `%SystemRoot%\System32`, or a program by root and path; never resolved
   * through PATH or the current folder.
   */
  readonly program: SystemProgram | ProgramAtIR;
  readonly arguments: readonly string[];
  /** Only when the spec gives it: a missing program then is NotNeeded (`skip`) or Failed (`fail`). */
  readonly whenMissing?: 'skip' | 'fail';
  readonly successExitCodes: readonly number[];
  readonly timeoutSeconds: number;
}

/** The programs a spec may run; nothing outside this list compiles (the DSL type says the same). */
export const systemPrograms: readonly SystemProgram[] = [
  'certutil.exe', 'sc.exe', 'net.exe', 'netsh.exe', 'ipconfig.exe', 'w32tm.exe', 'regsvr32.exe',
  'wbem\\winmgmt.exe', 'wevtutil.exe', 'schtasks.exe', 'bitsadmin.exe', 'dism.exe', 'sfc.exe',
  'wsreset.exe', 'gpupdate.exe', 'gpresult.exe', 'msiexec.exe', 'pnputil.exe', 'UsoClient.exe', 'wuauclt.exe', 'powercfg.exe', 'bcdedit.exe',
];

/**
 * The allowed programs that refuse to work without an elevated token (administrator or SYSTEM),
 * whatever their arguments: a user's run would read their "Access is denied" as the machine's state
 * (`winmgmt /verifyrepository`, `w32tm /query /status` exit non-zero). The engine reports an error
 * instead of running them (`NeedsElevation` in the step's data).
 */
export const programsNeedingElevation: ReadonlySet<SystemProgram> = new Set<SystemProgram>(['wbem\\winmgmt.exe', 'w32tm.exe', 'dism.exe', 'sfc.exe']);

/** Reads the fields a program run needs: the program, its arguments, the exit codes that mean success, the timeout. */
export function lowerProgramRun(
  o: Obj,
  ctx: LowerContext,
  { defaultTimeout = 300, successCodes = true, context, byPath = true }: { defaultTimeout?: number; successCodes?: boolean; context?: ExecutionContext; byPath?: boolean } = {},
): { program: SystemProgram | ProgramAtIR; arguments: string[]; successExitCodes: number[]; timeoutSeconds: number; whenMissing?: 'skip' | 'fail' } | undefined {
  const program = byPath && typeof o.program === 'object' && o.program !== null ? lowerProgramAt(o, ctx, context) : ctx.r.oneOf(o, 'program', `${ctx.f}.program`, systemPrograms);
  const whenMissing = o.whenMissing === undefined ? undefined : ctx.r.oneOf(o, 'whenMissing', `${ctx.f}.whenMissing`, ['skip', 'fail'] as const);
  if (o.whenMissing !== undefined && whenMissing === undefined) return undefined;
  const args = ctx.strings(o, 'arguments', `${ctx.f}.arguments`, 'argument');
  const codes = successCodes ? ctx.r.integers(o, 'successExitCodes', `${ctx.f}.successExitCodes`) : [0];
  if (codes && codes.length === 0) ctx.report('FF2019', [], o, 'successExitCodes', `${ctx.f}.successExitCodes`);
  const timeoutSeconds = o.timeoutSeconds === undefined ? defaultTimeout : ctx.r.integer(o, 'timeoutSeconds', `${ctx.f}.timeoutSeconds`);
  if (timeoutSeconds !== undefined && (timeoutSeconds < 1 || timeoutSeconds > 3600)) ctx.report('FF2028', [timeoutSeconds], o, 'timeoutSeconds', `${ctx.f}.timeoutSeconds`);
  if (!program || !args || !codes || codes.length === 0 || timeoutSeconds === undefined || timeoutSeconds < 1 || timeoutSeconds > 3600) return undefined;
  return { program, arguments: args, successExitCodes: codes, timeoutSeconds, ...(whenMissing ? { whenMissing } : {}) };
}

/** The program's entries in the engine's data table: where it is, and what its checks need. */
export function programData(s: { program: SystemProgram | ProgramAtIR; whenMissing?: 'skip' | 'fail' }): Record<string, PsValue> {
  const data: Record<string, PsValue> = typeof s.program === 'string'
    ? { ProgramSegments: s.program.split('\\') }
    : { ProgramLocation: psLocation(s.program.location), ...(s.program.signedBy ? { SignedBy: s.program.signedBy } : {}) };
  // A known program that needs an elevated token is not started for a user (it would fail as if
  // it found the problem); a program by path declares no such need.
  data.NeedsElevation = typeof s.program === 'string' && programsNeedingElevation.has(s.program);
  if (s.whenMissing) data.WhenMissing = s.whenMissing;
  return data;
}

/** The folder the program lies in, for the roots table (a short name needs none). */
export function programLocations(s: { program: SystemProgram | ProgramAtIR }): FolderRef[] {
  return typeof s.program === 'string' ? [] : [s.program.location];
}

/** How a step names its program in logs and messages. */
export function programName(program: SystemProgram | ProgramAtIR): string {
  return typeof program === 'string' ? program : `${program.location.root}\\${program.location.folder}`;
}

export const runProgramKind: StepKind<'repair', 'runProgram', RunProgramRepairIR> = {
  phase: 'repair',
  kind: 'runProgram',
  call: 'object',
  lower(o, ctx, common) {
    if (common.context === 'everyUser') ctx.report('FF2004', [common.context, 'runProgram'], o, 'context', `${ctx.f}.context`);
    return lowerProgramRun(o, ctx, { context: common.context });
  },
  locations: programLocations,
  engine: { file: 'runProgram.ps1', handler: 'Invoke-FfRunProgramRepair', uses: ['programPath.ps1'] },
  data: (s) => ({ ...programData(s), ArgumentList: s.arguments, SuccessExitCodes: s.successExitCodes, TimeoutSeconds: s.timeoutSeconds }),
  cmd: {
    emit: (s, ctx) => typeof s.program !== 'string' ? programAtCmd(s, s.program, ctx) : ({
      lines: [
        `"%SystemRoot%\\System32\\${batchPathFragment(s.program)}"${s.arguments.map((a) => ` ${batchArgument(a)}`).join('')} >>"%FF_LOG%" 2>&1`,
        'set "FF_RC=%ERRORLEVEL%"',
        ...s.successExitCodes.map((c) => `if "%FF_RC%"=="${c}" goto ff_${ctx.label}_ok`),
        `>>"%FF_LOG%" echo:%DATE% %TIME% ${batchEchoText(s.id)}: ${batchEchoText(s.program)} failed with exit code %FF_RC%`,
        'set "FF_RESULT=1"',
        `:ff_${ctx.label}_ok`,
      ],
    }),
  },
  pester: {
    file: 'runProgram.Cases.ps1',
    cases: (s, ctx) => ({
      StepId: s.id,
      ContextValue: ctx.contextValue(s.context),
      ...programCases(s.program, s.whenMissing),
      ArgumentList: s.arguments,
      FailingExitCode: failingExitCode(s.successExitCodes),
    }),
  },
};

/** An exit code the step does not accept, to check that failures are reported. */
function failingExitCode(success: readonly number[]): number {
  return [5, 1, 2, 3, 4, 6, 7, 8, 9].find((c) => !success.includes(c)) ?? Math.max(...success) + 1;
}

/** Roots whose batch variable names a machine folder only administrators write (cmd checks links, not owners). */
const cmdProgramRoots: readonly string[] = ['programFiles', 'programFilesX86'];

/** A program by root and path in batch: under %ProgramFiles% with the link checks of its folders, or refused. */
function programAtCmd(s: RunProgramRepairIR, program: ProgramAtIR, ctx: CmdContext): CmdStep | CmdRefusal {
  if (program.signedBy) return { refused: 'its signature check (signedBy) needs Get-AuthenticodeSignature, which batch does not have' };
  const base = cmdProgramRoots.includes(program.location.root) ? ctx.folder(program.location) : undefined;
  const [, anchor, rest] = /^(%[^%\\]+%)\\?(.*)$/.exec(base ?? '') ?? [];
  if (anchor === undefined) return { refused: `batch starts programs by path only under %ProgramFiles%, not under root '${program.location.root}'` };
  const below = [...rest.split('\\'), ...batchPathFragment(program.location.folder).split('\\')].filter((p) => p !== '');
  const file = [anchor, ...below].join('\\');
  const name = programName(program);
  const l = ctx.label;
  return {
    lines: [
      `call :ff_program_check ${[anchor, ...below].map((p) => `"${p}"`).join(' ')}`,
      'set "FF_RC=%ERRORLEVEL%"',
      `if "%FF_RC%"=="2" goto ff_${l}_missing`,
      `if not "%FF_RC%"=="0" goto ff_${l}_refused`,
      `"${file}"${s.arguments.map((a) => ` ${batchArgument(a)}`).join('')} >>"%FF_LOG%" 2>&1`,
      'set "FF_RC=%ERRORLEVEL%"',
      ...s.successExitCodes.map((c) => `if "%FF_RC%"=="${c}" goto ff_${l}_ok`),
      `>>"%FF_LOG%" echo:%DATE% %TIME% ${batchEchoText(s.id)}: ${batchEchoText(name)} failed with exit code %FF_RC%`,
      'set "FF_RESULT=1"',
      `goto ff_${l}_ok`,
      `:ff_${l}_refused`,
      `>>"%FF_LOG%" echo:%DATE% %TIME% ${batchEchoText(s.id)}: refused, not started: "%FF_WALK%" is a link (junction, symbolic link or mount point) or not a program`,
      'set "FF_RESULT=1"',
      `goto ff_${l}_ok`,
      `:ff_${l}_missing`,
      `>>"%FF_LOG%" echo:%DATE% %TIME% ${batchEchoText(s.id)}: ${batchEchoText(name)} is not installed on this computer`,
      ...(s.whenMissing === 'skip' ? [] : ['set "FF_RESULT=1"']),
      `:ff_${l}_ok`,
    ],
    routines: ['runProgram.cmd'],
  };
}

/** What the generated cases need to find the program: its segments under the Windows folder, or its location. */
export function programCases(program: SystemProgram | ProgramAtIR, whenMissing: 'skip' | 'fail' | undefined): Record<string, PsValue> {
  if (typeof program === 'string') return { ProgramSegments: ['System32', ...program.split('\\')], ProgramLocation: null, SignedBy: null, WhenMissing: whenMissing ?? null };
  return { ProgramSegments: null, ProgramLocation: psLocation(program.location), SignedBy: program.signedBy, WhenMissing: whenMissing ?? 'fail' };
}
