/** verify.that: a detection step used as an assertion; the check passes when it finds its condition. */
import type { FolderRef } from '../../../ir/common';
import type { DetectionIRBase, StepKind, VerifyIRBase } from '../../stepKind';

export interface ThatVerifyIR extends VerifyIRBase<'that'> {
  /** The condition, lowered as the detection step it is (any detection kind). */
  readonly condition: DetectionIRBase & Record<string, unknown>;
}

export const thatKind: StepKind<'verify', 'that', ThatVerifyIR> = {
  phase: 'verify',
  kind: 'that',
  call: ['id', 'description', 'condition'],
  lower(o, ctx) {
    const condition = ctx.r.object(o, 'condition', `${ctx.f}.condition`);
    if (!condition) return undefined;
    const lowered = ctx.nested('detection', condition, `${ctx.f}.condition`);
    return lowered ? { condition: lowered as ThatVerifyIR['condition'] } : undefined;
  },
  locations: (s, ctx) => ctx?.locationsOf('detection', s.condition) ?? ([] as FolderRef[]),
  nested: (s) => [{ phase: 'detection', step: s.condition }],
  engine: { file: 'that.ps1', handler: 'Invoke-FfThatVerification' },
  data: (s, ctx) => ({ Condition: ctx!.stepData('detection', s.condition) }),
  cmd: { notCarried: 'the .cmd fallback does not detect, so it cannot check a condition' },
  pester: { file: 'that.Cases.ps1', cases: (s) => ({ StepId: s.id, ConditionId: s.condition.id, ConditionKind: s.condition.kind }) },
};
