/** repair.runProgram: a curated Windows program by full path, fixed arguments, success exit codes. */
import { batchArgument, batchEchoText, batchPathFragment } from '../../../escape/batch';
import type { RepairIRBase, StepKind } from '../../stepKind';
import type { SystemProgram } from './dsl';
import type { Obj } from '../../../check/fieldReader';
import type { LowerContext } from '../../lowerContext';

export interface RunProgramRepairIR extends RepairIRBase<'runProgram'> {
  /** Under `%SystemRoot%\System32`; never resolved through PATH or the current folder. */
  readonly program: SystemProgram;
  readonly arguments: readonly string[];
  readonly successExitCodes: readonly number[];
  readonly timeoutSeconds: number;
}

/** The programs a spec may run; nothing outside this list compiles (the DSL type says the same). */
export const systemPrograms: readonly SystemProgram[] = [
  'certutil.exe', 'sc.exe', 'net.exe', 'netsh.exe', 'ipconfig.exe', 'w32tm.exe', 'regsvr32.exe',
  'wbem\\winmgmt.exe', 'wevtutil.exe', 'schtasks.exe', 'bitsadmin.exe', 'dism.exe', 'sfc.exe',
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
  { defaultTimeout = 300, successCodes = true }: { defaultTimeout?: number; successCodes?: boolean } = {},
): { program: SystemProgram; arguments: string[]; successExitCodes: number[]; timeoutSeconds: number } | undefined {
  const program = ctx.r.oneOf(o, 'program', `${ctx.f}.program`, systemPrograms);
  const args = ctx.strings(o, 'arguments', `${ctx.f}.arguments`, 'argument');
  const codes = successCodes ? ctx.r.integers(o, 'successExitCodes', `${ctx.f}.successExitCodes`) : [0];
  if (codes && codes.length === 0) ctx.report('FF2019', [], o, 'successExitCodes', `${ctx.f}.successExitCodes`);
  const timeoutSeconds = o.timeoutSeconds === undefined ? defaultTimeout : ctx.r.integer(o, 'timeoutSeconds', `${ctx.f}.timeoutSeconds`);
  if (timeoutSeconds !== undefined && (timeoutSeconds < 1 || timeoutSeconds > 3600)) ctx.report('FF2028', [timeoutSeconds], o, 'timeoutSeconds', `${ctx.f}.timeoutSeconds`);
  if (!program || !args || !codes || codes.length === 0 || timeoutSeconds === undefined || timeoutSeconds < 1 || timeoutSeconds > 3600) return undefined;
  return { program, arguments: args, successExitCodes: codes, timeoutSeconds };
}

export const runProgramKind: StepKind<'repair', 'runProgram', RunProgramRepairIR> = {
  phase: 'repair',
  kind: 'runProgram',
  call: 'object',
  lower(o, ctx, common) {
    if (common.context === 'everyUser') ctx.report('FF2004', [common.context, 'runProgram'], o, 'context', `${ctx.f}.context`);
    return lowerProgramRun(o, ctx);
  },
  engine: { file: 'runProgram.ps1', handler: 'Invoke-FfRunProgramRepair' },
  data: (s) => ({ ProgramSegments: s.program.split('\\'), ArgumentList: s.arguments, SuccessExitCodes: s.successExitCodes, TimeoutSeconds: s.timeoutSeconds, NeedsElevation: programsNeedingElevation.has(s.program) }),
  cmd: {
    emit: (s, ctx) => ({
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
      ProgramSegments: ['System32', ...s.program.split('\\')],
      ArgumentList: s.arguments,
      FailingExitCode: failingExitCode(s.successExitCodes),
    }),
  },
};

/** An exit code the step does not accept, to check that failures are reported. */
function failingExitCode(success: readonly number[]): number {
  return [5, 1, 2, 3, 4, 6, 7, 8, 9].find((c) => !success.includes(c)) ?? Math.max(...success) + 1;
}
