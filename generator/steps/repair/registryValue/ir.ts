/** repair.registryValue's IR, on its own so that the kind (index.ts) and its batch (registryCmd.ts) share it without a circle. */
import type { RepairIRBase } from '../../stepKind';
import type { RegistryDataIR, RegistryLocationIR } from '../../detection/registryValue/registryPath';

export interface RegistryValueRepairIR extends RepairIRBase<'registryValue'>, RegistryLocationIR {
  readonly action: 'set' | 'remove';
  /** For `set`. */
  readonly value?: RegistryDataIR;
}
