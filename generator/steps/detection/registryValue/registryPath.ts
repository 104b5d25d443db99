/**
 * What detect.registryValue and repair.registryValue share: reading and checking where a value
 * lives (context, hive, key, name) and a typed value, and their shapes in the engine's data table.
 */
import type { Obj } from '../../../vocabulary/fieldReader';
import type { StringRole } from '../../../vocabulary/stringRole';
import type { ExecutionContext, FolderRef } from '../../../vocabulary/ir/common';
import type { PsValue } from '../../../vocabulary/powershell/data';
import { contextParameterValue } from '../../../vocabulary/naming';
import { assertNever } from '../../../vocabulary/assertNever';
import type { LowerContext } from '../../lowerContext';
import type { RegistryData, RegistryHive } from './dsl';

/** Where a value lives. `key` is relative to the hive; `name` is '' for the key's default value. */
export interface RegistryLocationIR {
  readonly context: ExecutionContext;
  readonly hive: RegistryHive;
  readonly key: string;
  readonly name: string;
}

export type RegistryDataIR = RegistryData;

const hives: readonly RegistryHive[] = ['HKLM', 'HKCU'];
const contexts: readonly ExecutionContext[] = ['system', 'currentUser', 'everyUser'];
const types: readonly RegistryData['type'][] = ['String', 'ExpandString', 'DWord', 'QWord', 'MultiString', 'Binary'];

/** The hive each context reaches: SYSTEM's own HKCU is nobody's, and a user cannot write HKLM. */
const hiveOf: Readonly<Record<ExecutionContext, RegistryHive>> = { system: 'HKLM', currentUser: 'HKCU', everyUser: 'HKCU' };
const hiveReason: Readonly<Record<ExecutionContext, string>> = {
  system: "a SYSTEM step reaches HKLM; for users' hives use context 'everyUser'",
  currentUser: 'the signed-in user reaches their own HKCU, and HKLM only with administrator rights; use context \'system\' for HKLM',
  everyUser: "'everyUser' means every profile's HKCU; use context 'system' for HKLM",
};

/** A hive written into the key, as PowerShell, reg.exe or regedit spell it. */
const HIVE_PREFIX = /^(?:HK(?:LM|CU|CR|U|CC)|HKEY_[A-Z_]+|Registry::.*|Microsoft\.PowerShell\.Core\\Registry::.*)$|^[^\\]*:$/i;

/** A spec string as a diagnostic shows it: control characters as \xNN, so the message stays on one line. */
function shown(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Why a key path is not a plain relative path, or undefined. */
export function registryKeyProblem(key: string): string | undefined {
  if (key === '') return 'it is empty';
  if (key.includes('/')) return "use backslashes ('\\'), not slashes";
  if (key.startsWith('\\')) return 'it must not start with a backslash';
  if (key.endsWith('\\')) return 'it must not end with a backslash';
  const parts = key.split('\\');
  if (parts.some((p) => p === '')) return 'it must not contain empty segments';
  if (parts.some((p) => p === '.' || p === '..')) return "it must not contain '.' or '..' segments";
  if ([...key].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'it must not contain control characters';
  if (parts.some((p) => p.length > 255)) return 'a key name is at most 255 characters';
  return undefined;
}

/** Whether the key's first segment is a hive (`HKLM:`, `HKEY_CURRENT_USER`, `Registry::...`). */
export function namesHive(key: string): boolean {
  return HIVE_PREFIX.test(key.split('\\')[0] ?? '') || /^Registry::/i.test(key);
}

/** Reads context, hive, key and name; every problem is reported at its field. */
export function lowerRegistryLocation(o: Obj, ctx: LowerContext, context: ExecutionContext | undefined, role: StringRole): RegistryLocationIR | undefined {
  const hive = ctx.r.oneOf(o, 'hive', `${ctx.f}.hive`, hives);
  let ok = hive !== undefined && context !== undefined;
  if (hive && context && hiveOf[context] !== hive) {
    ctx.report('FF2154', [hive, context, hiveReason[context]], o, 'hive', `${ctx.f}.hive`);
    ok = false;
  }
  const key = ctx.r.string(o, 'key', `${ctx.f}.key`);
  if (key !== undefined) {
    const problem = registryKeyProblem(key);
    if (namesHive(key)) {
      ctx.report('FF2152', [shown(key)], o, 'key', `${ctx.f}.key`);
      ok = false;
    } else if (problem) {
      ctx.report('FF2151', [shown(key), problem], o, 'key', `${ctx.f}.key`);
      ok = false;
    } else ctx.carry(key, role, o, 'key', `${ctx.f}.key`);
  } else ok = false;
  const name = ctx.r.string(o, 'name', `${ctx.f}.name`);
  if (name !== undefined) {
    const problem = [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
      ? 'must not contain control characters'
      : name.length > 16383
        ? 'is longer than 16383 characters'
        : undefined;
    if (problem) {
      ctx.report('FF2153', [shown(name), problem], o, 'name', `${ctx.f}.name`);
      ok = false;
    } else if (name !== '') ctx.carry(name, role, o, 'name', `${ctx.f}.name`);
  } else ok = false;
  return ok ? { context: context!, hive: hive!, key: key!, name: name! } : undefined;
}

/** The context a detection step names itself (repair steps have theirs from lowerSpec). */
export function lowerRegistryContext(o: Obj, ctx: LowerContext): ExecutionContext | undefined {
  return ctx.r.oneOf(o, 'context', `${ctx.f}.context`, contexts);
}

/** Whether `value` is present exactly when `needed`: `what` names the state or action that decides. */
export function checkValuePresence(o: Obj, ctx: LowerContext, needed: boolean, what: string): boolean {
  if (needed && o.value === undefined) {
    ctx.report('FF2155', [what], o, undefined, `${ctx.f}.value`);
    return false;
  }
  if (!needed && o.value !== undefined) {
    ctx.report('FF2156', [what], o, 'value', `${ctx.f}.value`);
    return false;
  }
  return true;
}

/** Reads `value: { type, data }` and checks the data against its type; strings are carried in `role`. */
export function lowerRegistryData(o: Obj, ctx: LowerContext, role: StringRole): RegistryDataIR | undefined {
  const f = `${ctx.f}.value`;
  const v = ctx.r.object(o, 'value', f);
  const type = v && ctx.r.oneOf(v, 'type', `${f}.type`, types);
  if (!v || !type) return undefined;
  const bad = (reason: string) => {
    ctx.report('FF2157', [type, reason], v, 'data', `${f}.data`);
    return undefined;
  };
  switch (type) {
    case 'String':
    case 'ExpandString': {
      const data = ctx.r.string(v, 'data', `${f}.data`);
      if (data === undefined) return undefined;
      if (data.includes('\0')) return bad('must not contain a NUL character');
      // An empty string is a real value that batch cannot pass: the .cmd refuses that step instead.
      if (data !== '') ctx.carry(data, role, v, 'data', `${f}.data`);
      return { type, data };
    }
    case 'DWord':
    case 'QWord': {
      const data = ctx.r.integer(v, 'data', `${f}.data`);
      if (data === undefined) return undefined;
      const max = type === 'DWord' ? 0xffffffff : Number.MAX_SAFE_INTEGER;
      if (data < 0 || data > max) return bad(`must be an integer from 0 to ${max}`);
      return { type, data };
    }
    case 'MultiString': {
      const data = ctx.r.strings(v, 'data', `${f}.data`);
      if (data === undefined) return undefined;
      if (data.some((s) => s === '')) return bad('must not contain an empty string (REG_MULTI_SZ cannot hold one)');
      if (data.some((s) => s.includes('\0'))) return bad('must not contain a NUL character');
      data.forEach((s, i) => ctx.carry(s, role, v.data as object, i, `${f}.data[${i}]`));
      return { type, data };
    }
    case 'Binary': {
      const data = ctx.r.integers(v, 'data', `${f}.data`);
      if (data === undefined) return undefined;
      if (data.some((b) => b < 0 || b > 255)) return bad('must be bytes, each from 0 to 255');
      return { type, data };
    }
    default:
      return assertNever(type);
  }
}

/** The location's entries in the engine's data table. */
export function psRegistryLocation(l: RegistryLocationIR): Record<string, PsValue> {
  // The scope decides the hive (HKLM for System, a user's hive otherwise): lowering checked they agree.
  return { Scope: contextParameterValue(l.context), Key: l.key, ValueName: l.name };
}

/** A value's entries in the engine's data table; absent values give none. */
export function psRegistryData(d: RegistryDataIR | undefined): Record<string, PsValue> {
  if (!d) return {};
  return { ValueType: d.type, ValueData: d.type === 'MultiString' || d.type === 'Binary' ? [...d.data] : d.data };
}

/**
 * An everyUser step loads each profile's NTUSER.DAT, so its fix carries the everyUserProfile root
 * (and with it the scripts' -ProfileDirectory parameter); the other contexts touch no folder.
 */
export function registryLocations(l: RegistryLocationIR): readonly FolderRef[] {
  return l.context === 'everyUser' ? [{ root: 'everyUserProfile', folder: 'NTUSER.DAT' }] : [];
}
