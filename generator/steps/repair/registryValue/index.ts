/** repair.registryValue: set or remove a value in HKLM, the current user's hive, or every user's. */
import type { RepairIRBase, StepKind } from '../../stepKind';
import {
  checkValuePresence,
  lowerRegistryData,
  lowerRegistryLocation,
  psRegistryData,
  psRegistryLocation,
  registryLocations,
  type RegistryDataIR,
  type RegistryLocationIR,
} from '../../detection/registryValue/registryPath';
import { registryCmd } from './registryCmd';
import type { RegistryValueRepairIR } from './ir';

export type { RegistryValueRepairIR } from './ir';

export const registryValueRepairKind: StepKind<'repair', 'registryValue', RegistryValueRepairIR> = {
  phase: 'repair',
  kind: 'registryValue',
  call: 'object',
  lower(o, ctx, common) {
    // Data, not program arguments: the PowerShell targets write them through .NET, whatever they
    // hold. The .cmd emitter checks them as reg.exe arguments and refuses the step (FF3002) when
    // batch cannot pass one, so that what only batch cannot carry never fails the build.
    const location = lowerRegistryLocation(o, ctx, common.context, 'data');
    const action = ctx.r.oneOf(o, 'action', `${ctx.f}.action`, ['set', 'remove'] as const);
    const presence = action !== undefined && checkValuePresence(o, ctx, action === 'set', `action '${action}'`);
    const value = presence && action === 'set' ? lowerRegistryData(o, ctx, 'data') : undefined;
    if (!location || !action || !presence || (action === 'set' && !value)) return undefined;
    const { context: _context, ...where } = location;
    return { ...where, action, ...(value ? { value } : {}) };
  },
  locations: registryLocations,
  engine: { file: 'registryValue.ps1', handler: 'Invoke-FfRegistryValueRepair', uses: ['../../detection/registryValue/registryValue.ps1'] },
  data: (s) => ({ ...psRegistryLocation(s), Action: s.action, ...psRegistryData(s.value) }),
  cmd: { emit: registryCmd },
  pester: {
    file: 'registryValue.Cases.ps1',
    cases: (s, ctx) => ({
      StepId: s.id,
      ContextValue: ctx.contextValue(s.context),
      ...psRegistryLocation(s),
      Action: s.action,
      ...psRegistryData(s.value),
      // A value of the same name that the repair must replace (set) or delete (remove).
      OtherType: s.value?.type === 'String' ? 'DWord' : 'String',
      OtherData: s.value?.type === 'String' ? 7 : 'other',
    }),
  },
};
