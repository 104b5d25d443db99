/** detect.registryValue: a value's presence or data in HKLM, the current user's hive, or every user's. */
import type { DetectionIRBase, StepKind } from '../../stepKind';
import type { RegistryValueState } from './dsl';
import {
  checkValuePresence,
  lowerRegistryContext,
  lowerRegistryData,
  lowerRegistryLocation,
  psRegistryData,
  psRegistryLocation,
  registryLocations,
  type RegistryDataIR,
  type RegistryLocationIR,
} from './registryPath';

export interface RegistryValueDetectionIR extends DetectionIRBase<'registryValue'>, RegistryLocationIR {
  readonly state: RegistryValueState;
  /** For `equals` and `differs`. */
  readonly value?: RegistryDataIR;
}

const states: readonly RegistryValueState[] = ['exists', 'missing', 'equals', 'differs'];

export const registryValueDetectionKind: StepKind<'detection', 'registryValue', RegistryValueDetectionIR> = {
  phase: 'detection',
  kind: 'registryValue',
  call: 'object',
  lower(o, ctx) {
    const context = lowerRegistryContext(o, ctx);
    const location = lowerRegistryLocation(o, ctx, context, 'data');
    const state = ctx.r.oneOf(o, 'state', `${ctx.f}.state`, states);
    const compares = state === 'equals' || state === 'differs';
    const presence = state !== undefined && checkValuePresence(o, ctx, compares, `state '${state}'`);
    const value = presence && compares ? lowerRegistryData(o, ctx, 'data') : undefined;
    const indicates = o.indicates === undefined ? 'problem' : ctx.r.oneOf(o, 'indicates', `${ctx.f}.indicates`, ['problem', 'evidence'] as const);
    if (!location || !state || !presence || (compares && !value) || !indicates) return undefined;
    return { ...location, state, ...(value ? { value } : {}), indicates };
  },
  locations: registryLocations,
  engine: { file: 'registryValue.ps1', handler: 'Invoke-FfRegistryValueDetection' },
  data: (s) => ({ ...psRegistryLocation(s), State: s.state, ...psRegistryData(s.value) }),
  cmd: { notCarried: 'the .cmd fallback runs the repair steps only; it does not detect' },
  pester: {
    file: 'registryValue.Cases.ps1',
    cases: (s) => {
      const match = s.value ?? { type: 'String', data: 'present' };
      return {
        StepId: s.id,
        Indicates: s.indicates,
        ...psRegistryLocation(s),
        State: s.state,
        // A value the step matches, and one of the same name it does not (test data from the step).
        MatchType: match.type,
        MatchData: psRegistryData(match).ValueData,
        OtherType: match.type === 'String' ? 'DWord' : 'String',
        OtherData: match.type === 'String' ? 7 : 'other',
      };
    },
  },
};
