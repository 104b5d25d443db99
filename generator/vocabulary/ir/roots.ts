/** Where each well-known root lives, and which execution contexts may touch it. */
import type { ExecutionContext, RootIR, WellKnownRoot } from './common';

type RootDefinition = RootIR & { readonly contexts: readonly ExecutionContext[] };

const machine = (id: WellKnownRoot, location: RootIR['location'], label: string): RootDefinition => ({ id, location, label, contexts: ['system'] });
const windows = (path: string, only64Bit = false) => ({ kind: 'windows', path, only64Bit }) as const;
const inProfile = (id: WellKnownRoot, path: string, label: string): RootDefinition => ({
  id,
  location: { kind: 'profile', path },
  label,
  contexts: ['everyUser', 'currentUser'],
});

export const wellKnownRoots: Readonly<Record<WellKnownRoot, RootDefinition>> = {
  windows: machine('windows', windows(''), 'Windows folder'),
  system32: machine('system32', windows('System32'), 'System32 folder'),
  localService: machine('localService', windows('ServiceProfiles\\LocalService'), 'LocalService profile'),
  networkService: machine('networkService', windows('ServiceProfiles\\NetworkService'), 'NetworkService profile'),
  systemProfile: machine('systemProfile', windows('System32\\config\\systemprofile'), 'LocalSystem profile'),
  systemProfileWow64: machine('systemProfileWow64', windows('SysWOW64\\config\\systemprofile', true), 'LocalSystem profile (32-bit)'),
  programData: machine('programData', { kind: 'special', folder: 'programData' }, 'ProgramData folder'),
  programFiles: machine('programFiles', { kind: 'special', folder: 'programFiles' }, 'Program Files folder'),
  programFilesX86: machine('programFilesX86', { kind: 'special', folder: 'programFilesX86' }, 'Program Files (x86) folder'),
  everyUserProfile: { id: 'everyUserProfile', location: { kind: 'everyUserProfile' }, label: 'every user profile', contexts: ['everyUser'] },
  currentUserProfile: { id: 'currentUserProfile', location: { kind: 'currentUserProfile' }, label: 'current user profile', contexts: ['currentUser'] },
  localAppData: inProfile('localAppData', 'AppData\\Local', 'AppData\\Local of a profile'),
  roamingAppData: inProfile('roamingAppData', 'AppData\\Roaming', 'AppData\\Roaming of a profile'),
  localLow: inProfile('localLow', 'AppData\\LocalLow', 'AppData\\LocalLow of a profile'),
};

/** Canonical orders, so that output never depends on the order a spec happens to use. */
export const rootOrder = Object.keys(wellKnownRoots) as WellKnownRoot[];
export const contextOrder: readonly ExecutionContext[] = ['system', 'everyUser', 'currentUser'];

/** The IR of a root (its definition without the contexts, which only the checks need). */
export function rootIR(root: WellKnownRoot): RootIR {
  const { contexts: _contexts, ...ir } = wellKnownRoots[root];
  return ir;
}
