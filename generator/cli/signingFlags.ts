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
  readonly pkcs11Module?: string;
  readonly pkcs11Token?: string;
  readonly pkcs11Key?: string;
  readonly pkcs11PinEnv?: string;
  readonly signCommand?: string;
  readonly signCommandTimeout?: number;
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
    ['pkcs11-module', f.pkcs11Module],
    ['pkcs11-token', f.pkcs11Token],
    ['pkcs11-key', f.pkcs11Key],
    ['pkcs11-pin-env', f.pkcs11PinEnv],
    ['sign-command', f.signCommand],
    ['sign-command-timeout', f.signCommandTimeout],
  ];
  const stray = needsSign.find(([, v]) => v !== undefined);
  if (!f.sign && stray) throw UsageError.of('FF6001', [stray[0]]);
  const pkcs11 = f.pkcs11Module !== undefined || f.pkcs11Token !== undefined || f.pkcs11Key !== undefined || f.pkcs11PinEnv !== undefined;
  const command = f.signCommand !== undefined || f.signCommandTimeout !== undefined;
  const routes = [f.pfx !== undefined && '--pfx', f.key !== undefined && '--key', pkcs11 && '--pkcs11-module', command && '--sign-command'].filter(Boolean);
  if (routes.length > 1) {
    if (f.pfx !== undefined && f.key !== undefined && routes.length === 2) throw UsageError.of('FF6003', []);
    throw UsageError.of('FF5055', [`give one key route, not ${routes.join(' and ')}`]);
  }
  if (pkcs11) {
    if (f.pkcs11Module === undefined) throw UsageError.of('FF5055', ['--pkcs11-token, --pkcs11-key and --pkcs11-pin-env need --pkcs11-module (the token\'s PKCS#11 library)']);
    if (f.pkcs11Key === undefined) throw UsageError.of('FF5055', ['--pkcs11-module needs --pkcs11-key (the label or id of the key on the token)']);
    if (f.cert === undefined) throw UsageError.of('FF5055', ['--pkcs11-module needs --cert (the PEM certificate chain of the key on the token)']);
    return;
  }
  if (command) {
    if (f.signCommand === undefined) throw UsageError.of('FF5055', ['--sign-command-timeout needs --sign-command']);
    if (f.signCommand.trim() === '') throw UsageError.of('FF5055', ['--sign-command is empty']);
    if (f.signCommandTimeout !== undefined && !(Number.isFinite(f.signCommandTimeout) && f.signCommandTimeout > 0)) {
      throw UsageError.of('FF5055', ['--sign-command-timeout takes a number of seconds greater than 0']);
    }
    if (f.cert === undefined) throw UsageError.of('FF5055', ['--sign-command needs --cert (the PEM certificate chain of the key the command signs with)']);
    return;
  }
  if (f.pfx !== undefined && (f.key !== undefined || f.cert !== undefined)) throw UsageError.of('FF6003', []);
  if ((f.key === undefined) !== (f.cert === undefined)) throw UsageError.of('FF6002', []);
}

/** Flags first; else the key the config's variables point at; else (no key) the development certificate. */
export function chooseSigning(f: SigningFlags, config: SigningConfig | undefined, env: NodeJS.ProcessEnv = process.env): SigningChoice {
  const timestampUrl = f.timestampUrl ?? config?.timestampUrl;
  const timestampOptional = f.timestampOptional || (config?.timestampOptional ?? false);
  if (f.pfx || f.key || f.pkcs11Module || f.signCommand || !config) {
    return {
      pfx: f.pfx,
      pfxPasswordEnv: f.pfxPasswordEnv,
      key: f.key,
      cert: f.cert,
      ...(f.pkcs11Module ? { pkcs11: { module: f.pkcs11Module, token: f.pkcs11Token, key: f.pkcs11Key!, pinEnv: f.pkcs11PinEnv } } : {}),
      ...(f.signCommand ? { signCommand: { command: f.signCommand, timeoutSeconds: f.signCommandTimeout } } : {}),
      timestampUrl,
      timestampOptional,
      notes: [],
    };
  }
  const unset = (names: string[]) => ({ timestampUrl, timestampOptional, notes: [`${names.filter((n) => !env[n]).join(' and ')} not set`] });
  if ('pfxPathEnv' in config) {
    const pfx = env[config.pfxPathEnv];
    if (pfx) return { pfx, pfxPasswordEnv: f.pfxPasswordEnv ?? config.pfxPasswordEnv, timestampUrl, timestampOptional, notes: [`signing with the PFX named by ${config.pfxPathEnv}`] };
    return { timestampUrl, timestampOptional, notes: [`${config.pfxPathEnv} is not set`] };
  }
  if ('pkcs11ModuleEnv' in config) {
    const module = env[config.pkcs11ModuleEnv];
    const key = env[config.pkcs11KeyEnv];
    const cert = env[config.certPathEnv];
    if (!module || !key || !cert) return unset([config.pkcs11ModuleEnv, config.pkcs11KeyEnv, config.certPathEnv]);
    const token = config.pkcs11TokenEnv ? env[config.pkcs11TokenEnv] : undefined;
    return {
      cert,
      pkcs11: { module, token: token || undefined, key, pinEnv: f.pkcs11PinEnv ?? config.pkcs11PinEnv },
      timestampUrl,
      timestampOptional,
      notes: [`signing with the PKCS#11 key named by ${config.pkcs11KeyEnv}`],
    };
  }
  if ('signCommandEnv' in config) {
    const command = env[config.signCommandEnv];
    const cert = env[config.certPathEnv];
    if (!command || !cert) return unset([config.signCommandEnv, config.certPathEnv]);
    return { cert, signCommand: { command, timeoutSeconds: f.signCommandTimeout }, timestampUrl, timestampOptional, notes: [`signing with the command named by ${config.signCommandEnv}`] };
  }
  const key = env[config.keyPathEnv];
  const cert = env[config.certPathEnv];
  if (key && cert) {
    return { key, cert, pfxPasswordEnv: f.pfxPasswordEnv ?? config.keyPasswordEnv, timestampUrl, timestampOptional, notes: [`signing with the key named by ${config.keyPathEnv}`] };
  }
  return unset([config.keyPathEnv, config.certPathEnv]);
}
