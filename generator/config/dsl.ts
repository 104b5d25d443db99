/**
 * `fixforge/config`: the typed project file `fixforge.config.ts`. Like a spec it is data: the
 * compiler type-checks it and evaluates `defineConfig({ ... })` statically, never runs it. This
 * file ships as source (it is what the config is type-checked against) and imports nothing but
 * the DSL's types, so checking a config never loads the compiler.
 */
import type { Culture } from '../vocabulary/dsl/common';
import type { Targets } from '../dsl/index';

/** The targets a build can emit: the ones a spec can enable (a test keeps them the compiler's `targetNames`). */
export type ConfigTarget = keyof Targets;

/**
 * Where the signing identity comes from, by environment variable NAMES: the config is committed,
 * so it never holds a key, a password or a path to a secret. CI sets the variables from secrets.
 */
export type SigningConfig =
  | Readonly<{
      /** Variable holding the path of a PFX/PKCS#12 file. */
      pfxPathEnv: string;
      /** Variable holding the PFX password. */
      pfxPasswordEnv?: string;
      timestampUrl?: string;
      timestampOptional?: boolean;
    }>
  | Readonly<{
      /** Variables holding the paths of a PEM private key and its PEM certificate chain. */
      keyPathEnv: string;
      certPathEnv: string;
      /** Variable holding the PEM key's password, if it has one. */
      keyPasswordEnv?: string;
      timestampUrl?: string;
      timestampOptional?: boolean;
    }>
  | Readonly<{
      /** Variable holding the path of the token vendor's PKCS#11 library (.so/.dll): the key never leaves the token. */
      pkcs11ModuleEnv: string;
      /** Variable holding the token's label (may be unset when exactly one token is present). */
      pkcs11TokenEnv?: string;
      /** Variable holding the private key's label or id (hex). */
      pkcs11KeyEnv: string;
      /** Variable holding the token's user PIN (unset for a PIN pad). */
      pkcs11PinEnv?: string;
      /** Variable holding the path of the PEM certificate chain, signer first. */
      certPathEnv: string;
      timestampUrl?: string;
      timestampOptional?: boolean;
    }>
  | Readonly<{
      /** Variable holding the sign command line (a KMS or signing-service CLI); see docs/signing.md. */
      signCommandEnv: string;
      /** Variable holding the path of the PEM certificate chain, signer first. */
      certPathEnv: string;
      timestampUrl?: string;
      timestampOptional?: boolean;
    }>;

/**
 * How `fixforge publish intune` signs in to Microsoft Graph, by environment variable NAMES (like
 * `signing`): the config is committed, so it never holds a client id, a secret or a path.
 * The app registration needs Graph's DeviceManagementScripts.ReadWrite.All permission: delegated
 * for `deviceCode` (a person signs in), application for the others (CI). `--tenant` overrides
 * the tenant variable; `--access-token-env` bypasses all of this with a token obtained elsewhere.
 */
export type GraphSignIn =
  /** A person signs in in a browser with a code fixforge prints. */
  | Readonly<{ method: 'deviceCode'; clientIdEnv: string; tenantIdEnv?: string }>
  /** Client credentials with a secret. */
  | Readonly<{ method: 'clientSecret'; clientIdEnv: string; tenantIdEnv?: string; clientSecretEnv: string }>
  /** Client credentials with a certificate: a PEM file holding the private key and the certificate. */
  | Readonly<{ method: 'clientCertificate'; clientIdEnv: string; tenantIdEnv?: string; certificatePathEnv: string; certificatePasswordEnv?: string }>
  /** Workload identity federation: a federated token (e.g. a CI's OIDC token) in a file. */
  | Readonly<{ method: 'workloadIdentity'; clientIdEnv: string; tenantIdEnv?: string; tokenFileEnv: string }>;

export interface FixforgeConfig {
  /** Spec files, folders (every `*.fix.ts` below) or globs; `fixforge build` with no argument builds these. Default `['fixes']`. */
  readonly specs?: readonly string[];
  /** Output folder, relative to the project. Default `out`. */
  readonly outDir?: string;
  /** Targets to emit when `--target` is not given. Default: every target each spec enables. */
  readonly targets?: readonly ConfigTarget[];
  /** Cultures every spec of the project must declare (en-US first). */
  readonly cultures?: readonly Culture[];
  /** The publisher every spec's module names: `module.author` and `module.companyName`. */
  readonly publisher?: Readonly<{ author: string; companyName: string }>;
  /** How `fixforge build --sign` finds the key. Without it (or with the variables unset) it signs with the project's development certificate. */
  readonly signing?: SigningConfig;
  /** Where `fixforge test` finds pwsh and Pester when they are not on PATH / in PSModulePath. */
  readonly test?: Readonly<{ pwsh?: string; pester?: string }>;
  /** `fixforge publish`: how it signs in to Graph for Intune. */
  readonly publish?: Readonly<{ intune?: Readonly<{ signIn?: GraphSignIn }> }>;
}

/** The one export of `fixforge.config.ts`. */
export function defineConfig(config: FixforgeConfig): FixforgeConfig {
  return config;
}
