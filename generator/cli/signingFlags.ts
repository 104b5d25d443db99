/**
 * The signing part of `fixforge build`'s command line, checked as a whole (yargs' `implies` is
 * satisfied by a boolean's default, so `--pfx` without `--sign` used to build unsigned output),
 * then completed from the config's environment variable names when no key is given.
 */
import type { SigningConfig } from '../config/dsl';
import { UsageError } from './usageError';
import type { SigningOptions } from './signingOptions';

export interface SigningFlags {
  readonly sign: boolean;
  readonly pfx?: string;
  readonly pfxPasswordEnv?: string;
  readonly key?: string;
  readonly cert?: string;
  readonly timestampUrl?: string;
  readonly timestampOptional: boolean;
}

export type SigningChoice = Omit<SigningOptions, 'projectDir' | 'log'> & { readonly notes: string[] };

/** Throws UsageError (exit 2) for flags that contradict each other. */
export function checkSigningFlags(f: SigningFlags): void {
  const needsSign: [string, unknown][] = [
    ['pfx', f.pfx],
    ['pfx-password-env', f.pfxPasswordEnv],
    ['key', f.key],
    ['cert', f.cert],
    ['timestamp-url', f.timestampUrl],
    ['timestamp-optional', f.timestampOptional || undefined],
  ];
  const stray = needsSign.find(([, v]) => v !== undefined);
  if (!f.sign && stray) throw UsageError.of('FF6001', [stray[0]]);
  if (f.pfx !== undefined && (f.key !== undefined || f.cert !== undefined)) throw UsageError.of('FF6003', []);
  if ((f.key === undefined) !== (f.cert === undefined)) throw UsageError.of('FF6002', []);
}

/** Flags first; else the key the config's variables point at; else (no key) the development certificate. */
export function chooseSigning(f: SigningFlags, config: SigningConfig | undefined, env: NodeJS.ProcessEnv = process.env): SigningChoice {
  const timestampUrl = f.timestampUrl ?? config?.timestampUrl;
  const timestampOptional = f.timestampOptional || (config?.timestampOptional ?? false);
  if (f.pfx || f.key || !config) {
    return { pfx: f.pfx, pfxPasswordEnv: f.pfxPasswordEnv, key: f.key, cert: f.cert, timestampUrl, timestampOptional, notes: [] };
  }
  if ('pfxPathEnv' in config) {
    const pfx = env[config.pfxPathEnv];
    if (pfx) return { pfx, pfxPasswordEnv: f.pfxPasswordEnv ?? config.pfxPasswordEnv, timestampUrl, timestampOptional, notes: [`signing with the PFX named by ${config.pfxPathEnv}`] };
    return { timestampUrl, timestampOptional, notes: [`${config.pfxPathEnv} is not set`] };
  }
  const key = env[config.keyPathEnv];
  const cert = env[config.certPathEnv];
  if (key && cert) {
    return { key, cert, pfxPasswordEnv: f.pfxPasswordEnv ?? config.keyPasswordEnv, timestampUrl, timestampOptional, notes: [`signing with the key named by ${config.keyPathEnv}`] };
  }
  return { timestampUrl, timestampOptional, notes: [`${[config.keyPathEnv, config.certPathEnv].filter((n) => !env[n]).join(' and ')} not set`] };
}
