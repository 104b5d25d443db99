import type { ExecutionContext, Localized } from '../../../vocabulary/dsl/common';
import type { RegistryData, RegistryHive } from '../../detection/registryValue/dsl';

export interface RegistryValueRepair {
  readonly id: string;
  readonly description: Localized;
  /** `system` for HKLM; `currentUser` (the signed-in user) or `everyUser` (every profile's hive) for HKCU. */
  readonly context: ExecutionContext;
  readonly hive: RegistryHive;
  /** Relative to the hive, backslash-separated: `Software\Microsoft\Windows\CurrentVersion\Policies\System`. */
  readonly key: string;
  /** The value's name; `''` is the key's default value. */
  readonly name: string;
  /** `set` writes `value` (creating the key when needed); `remove` deletes the value and keeps the key. */
  readonly action: 'set' | 'remove';
  /** For `set` only. */
  readonly value?: RegistryData;
}

export type RegistryValueRepairStep = { readonly kind: 'registryValue' } & RegistryValueRepair;

/** Sets or removes a registry value; the previous value is recorded in the result and the log. */
export function registryValue(step: RegistryValueRepair): RegistryValueRepairStep {
  return { kind: 'registryValue', ...step };
}
