/** detect.programOutput: an allowed program run read-only, matched on its exit code and/or output. */
import type { DetectionIRBase, StepKind } from '../../stepKind';
import type { SystemProgram } from '../../repair/runProgram/dsl';
import { lowerProgramRun, programCases, programsNeedingElevation } from '../../repair/runProgram';
import { readOnlyRefusal } from './readOnly';

export interface ProgramOutputDetectionIR extends DetectionIRBase<'programOutput'> {
  readonly program: SystemProgram;
  readonly arguments: readonly string[];
  readonly whenMissing?: 'skip' | 'fail';
  readonly exitCodeIn: readonly number[];
  readonly exitCodeNotIn: readonly number[];
  readonly outputContains: string | null;
  readonly timeoutSeconds: number;
}

export const programOutputKind: StepKind<'detection', 'programOutput', ProgramOutputDetectionIR> = {
  phase: 'detection',
  kind: 'programOutput',
  call: 'object',
  lower(o, ctx) {
    // The same reading as a program run, with a shorter default timeout; success codes are not a thing here.
    // A program by path has no known read-only use: detection runs only the known names.
    const run = lowerProgramRun(o, ctx, { defaultTimeout: 60, successCodes: false, byPath: false });
    const exitCodeIn = o.exitCodeIn === undefined ? [] : ctx.r.integers(o, 'exitCodeIn', `${ctx.f}.exitCodeIn`);
    const exitCodeNotIn = o.exitCodeNotIn === undefined ? [] : ctx.r.integers(o, 'exitCodeNotIn', `${ctx.f}.exitCodeNotIn`);
    const outputContains = o.outputContains === undefined ? null : ctx.string(o, 'outputContains', `${ctx.f}.outputContains`, 'data');
    if (!run || typeof run.program !== 'string' || !exitCodeIn || !exitCodeNotIn || outputContains === undefined) return undefined;
    if (exitCodeIn.length === 0 && exitCodeNotIn.length === 0 && !outputContains) {
      ctx.report('FF2029', [], o, 'program', `${ctx.f}`);
      return undefined;
    }
    const refusal = readOnlyRefusal(run.program, run.arguments);
    if (refusal) {
      ctx.report('FF2030', [run.program, run.arguments.join(' '), refusal], o, 'arguments', `${ctx.f}.arguments`);
      return undefined;
    }
    return { program: run.program, arguments: run.arguments, ...(run.whenMissing ? { whenMissing: run.whenMissing } : {}), exitCodeIn, exitCodeNotIn, outputContains, timeoutSeconds: run.timeoutSeconds, indicates: 'problem' };
  },
  engine: { file: 'programOutput.ps1', handler: 'Invoke-FfProgramOutputDetection', uses: ['../../repair/runProgram/runProgram.ps1', '../../repair/runProgram/programPath.ps1'] },
  data: (s) => ({
    ProgramSegments: s.program.split('\\'),
    ...(s.whenMissing ? { WhenMissing: s.whenMissing } : {}),
    ArgumentList: s.arguments,
    ExitCodeIn: s.exitCodeIn,
    ExitCodeNotIn: s.exitCodeNotIn,
    OutputContains: s.outputContains,
    TimeoutSeconds: s.timeoutSeconds,
    NeedsElevation: programsNeedingElevation.has(s.program),
  }),
  cmd: { notCarried: 'the .cmd fallback runs the repair steps only; it does not detect' },
  pester: {
    file: 'programOutput.Cases.ps1',
    cases: (s) => {
      // A run that matches every criterion, and one that misses: from the step's own criteria.
      const matching = s.exitCodeIn[0] ?? [1, 2, 3, 5, 0x80041002].find((c) => !s.exitCodeNotIn.includes(c)) ?? 1;
      const missing = s.exitCodeIn.length > 0 ? ([0, 1, 2, 3].find((c) => !s.exitCodeIn.includes(c)) ?? 99) : (s.exitCodeNotIn[0] ?? matching);
      return {
        StepId: s.id,
        NeedsElevation: typeof s.program === 'string' && programsNeedingElevation.has(s.program),
        ...programCases(s.program, s.whenMissing),
        ArgumentList: s.arguments,
        MatchingExitCode: matching,
        MissingExitCode: missing,
        MatchingOutput: s.outputContains ? `before ${s.outputContains.toUpperCase()} after` : 'any output',
        MissingOutput: s.outputContains ? 'nothing of interest' : 'any output',
        ChecksOutput: s.outputContains !== null,
        ChecksExitCode: s.exitCodeIn.length > 0 || s.exitCodeNotIn.length > 0,
      };
    },
  },
};
