import type { ExecutionContext, Localized, OutcomeMessages } from '../../../vocabulary/dsl/common';

/**
 * The hive a key path is relative to. `HKLM` goes with context `system`; `HKCU` with
 * `currentUser` (the signed-in user's hive) or `everyUser` (the hive of every profile on disk,
 * loaded for the run when its user is not logged on).
 */
export type RegistryHive = 'HKLM' | 'HKCU';

/** A registry value's type and data, as `reg.exe` and `regedit` name the types (without `REG_`). */
export type RegistryData =
  | { readonly type: 'String' | 'ExpandString'; readonly data: string }
  /** DWord: 0 to 4294967295. QWord: 0 to 2^53-1 (larger numbers do not survive a TypeScript number). */
  | { readonly type: 'DWord' | 'QWord'; readonly data: number }
  /** No empty strings: REG_MULTI_SZ cannot hold them. */
  | { readonly type: 'MultiString'; readonly data: readonly string[] }
  /** The bytes, each 0 to 255. */
  | { readonly type: 'Binary'; readonly data: readonly number[] };

/**
 * - `exists` / `missing`: the value is there (any type and data) / is not (or its key is not).
 * - `equals`: the value has exactly `value`'s type and data.
 * - `differs`: it does not: another type or data, or absent.
 */
export type RegistryValueState = 'exists' | 'missing' | 'equals' | 'differs';

export interface RegistryValueDetection {
  readonly id: string;
  readonly description: Localized;
  /**
   * Whose registry: `system` for HKLM, `currentUser` or `everyUser` for HKCU. With `everyUser` a
   * problem is found when the state holds in any user's hive; used in `verify.that`, the check
   * holds only when it holds in every user's hive.
   */
  readonly context: ExecutionContext;
  readonly hive: RegistryHive;
  /** Relative to the hive, backslash-separated: `Software\Microsoft\Windows\CurrentVersion\Policies\System`. */
  readonly key: string;
  /** The value's name; `''` is the key's default value. */
  readonly name: string;
  readonly state: RegistryValueState;
  /** For `equals` and `differs` only. */
  readonly value?: RegistryData;
  /** `problem` (the default): the state means the fix is needed. `evidence`: reported only. */
  readonly indicates?: 'problem' | 'evidence';
  readonly messages: OutcomeMessages;
}

export type RegistryValueDetectionStep = { readonly kind: 'registryValue' } & RegistryValueDetection;

/** Detects a registry value's presence or data in HKLM, the current user's hive, or every user's. */
export function registryValue(step: RegistryValueDetection): RegistryValueDetectionStep {
  return { kind: 'registryValue', ...step };
}
