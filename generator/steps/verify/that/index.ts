/** verify.that: a detection step used as an assertion; the check passes when it finds its condition. */
import type { FolderRef } from '../../../vocabulary/ir/common';
import type { DetectionIRBase, StepKind, VerifyIRBase } from '../../stepKind';
import type { PsValue } from '../../../vocabulary/powershell/data';
import { psRegistryData } from '../../detection/registryValue/registryPath';
import type { RegistryValueDetectionIR } from '../../detection/registryValue';

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
  pester: {
    file: 'that.Cases.ps1',
    cases: (s) => ({ StepId: s.id, ConditionId: s.condition.id, ConditionKind: s.condition.kind, EveryUserRegistry: everyUserRegistry(s.condition) }),
  },
};

/**
 * Test data for a registryValue condition over every user's hive: a value (or `null`, absent) for
 * which the condition holds in one hive, and one for which it does not, so that the generated test
 * can give two profiles different values. `null` for any other condition.
 */
function everyUserRegistry(condition: ThatVerifyIR['condition']): PsValue {
  if (condition.kind !== 'registryValue') return null;
  const c = condition as unknown as RegistryValueDetectionIR;
  if (c.context !== 'everyUser') return null;
  const some = { ValueType: 'String', ValueData: 'present' };
  const wanted = c.value ? psRegistryData(c.value) : some;
  const holdsFails: Record<string, [PsValue, PsValue]> = {
    exists: [some, null],
    missing: [null, some],
    equals: [wanted, null],
    differs: [null, wanted],
  };
  const [holds, fails] = holdsFails[c.state];
  return { Key: c.key, ValueName: c.name, Holds: holds, Fails: fails };
}
