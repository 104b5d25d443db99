/** Where each well-known root lives, and which execution context may touch it. */
import type { ExecutionContext, RootIR, WellKnownRoot } from './common';

export const wellKnownRoots: Readonly<Record<WellKnownRoot, RootIR & { readonly context: ExecutionContext }>> = {
  localService: {
    id: 'localService',
    location: { kind: 'windows', path: 'ServiceProfiles\\LocalService', only64Bit: false },
    label: 'LocalService profile',
    context: 'system',
  },
  networkService: {
    id: 'networkService',
    location: { kind: 'windows', path: 'ServiceProfiles\\NetworkService', only64Bit: false },
    label: 'NetworkService profile',
    context: 'system',
  },
  systemProfile: {
    id: 'systemProfile',
    location: { kind: 'windows', path: 'System32\\config\\systemprofile', only64Bit: false },
    label: 'LocalSystem profile',
    context: 'system',
  },
  systemProfileWow64: {
    id: 'systemProfileWow64',
    location: { kind: 'windows', path: 'SysWOW64\\config\\systemprofile', only64Bit: true },
    label: 'LocalSystem profile (32-bit)',
    context: 'system',
  },
  everyUserProfile: {
    id: 'everyUserProfile',
    location: { kind: 'everyUserProfile' },
    label: 'every user profile',
    context: 'everyUser',
  },
  currentUserProfile: {
    id: 'currentUserProfile',
    location: { kind: 'currentUserProfile' },
    label: 'current user profile',
    context: 'currentUser',
  },
};

/** Canonical orders, so that output never depends on the order a spec happens to use. */
export const rootOrder = Object.keys(wellKnownRoots) as WellKnownRoot[];
export const contextOrder: readonly ExecutionContext[] = ['system', 'everyUser', 'currentUser'];
