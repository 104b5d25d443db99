/**
 * From CLI options to the pipeline's sign stage. Keys come from a PFX (password in an
 * environment variable, never a flag) or PEM files; with neither, a development certificate is
 * created once under .fixforge/ and its public .cer ships with the build so testers can trust it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ArtifactSigner } from '../pipeline/compile';
import type { EncodedFile } from '../pipeline/encode/encodeArtifact';
import {
  closeSigningIdentity,
  ensureDevCertificate,
  isSignableFile,
  loadCommandIdentity,
  loadPkcs11Identity,
  loadSigningIdentity,
  signPowerShellFile,
  type SigningIdentity,
} from '../pipeline/sign';

export interface SigningOptions {
  readonly pfx?: string;
  readonly pfxPasswordEnv?: string;
  readonly key?: string;
  readonly cert?: string;
  readonly timestampUrl?: string;
  readonly timestampOptional?: boolean;
  /** A key on a PKCS#11 token; the PIN is named by `pinEnv`, never given. */
  readonly pkcs11?: Readonly<{ module: string; token?: string; key: string; pinEnv?: string }>;
  /** An external signer run once per file. */
  readonly signCommand?: Readonly<{ command: string; timeoutSeconds?: number }>;
  readonly projectDir: string;
  readonly log: (line: string) => void;
}

export const DEV_CERT_FILE = 'fixforge-development-signing.cer';

/** The sign stage's signer; `close` ends a token session (call it once the build is done, failed or not). */
export type ClosableSigner = ArtifactSigner & { close(): Promise<void> };

export async function createSigner(options: SigningOptions): Promise<ClosableSigner> {
  let identity: SigningIdentity;
  let extra: { path: string; bytes: Buffer }[] = [];
  if (options.pkcs11) {
    identity = await loadPkcs11Identity({ ...options.pkcs11, certPemPath: options.cert! });
  } else if (options.signCommand) {
    identity = await loadCommandIdentity({ ...options.signCommand, certPemPath: options.cert! });
  } else if (options.pfx || options.key || options.cert) {
    identity = await loadSigningIdentity({
      pfxPath: options.pfx,
      pfxPasswordEnv: options.pfxPasswordEnv,
      keyPemPath: options.key,
      certPemPath: options.cert,
    });
  } else {
    const dev = await ensureDevCertificate(options.projectDir);
    identity = dev.identity;
    options.log(
      `WARNING: no signing key configured; signing with the DEVELOPMENT certificate ${path.relative(options.projectDir, dev.cerPath)}` +
        `${dev.created ? ' (just created)' : ''}. It is for testing only: never trust it on production machines.`,
    );
    extra = [{ path: DEV_CERT_FILE, bytes: fs.readFileSync(dev.cerPath) }];
  }
  // One signing time per build: the signing time attribute is the only varying input.
  const signingTime = process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date();
  return {
    canSign: (file: EncodedFile) => isSignableFile(file.path),
    sign: (file: EncodedFile) =>
      signPowerShellFile(file.bytes, file.path, identity, {
        timestampUrl: options.timestampUrl,
        timestampOptional: options.timestampOptional,
        onTimestampSkipped: (e) => options.log(`WARNING: ${file.path} signed without a timestamp: ${e.message}`),
        signingTime,
      }),
    extraFiles: () => extra,
    close: () => closeSigningIdentity(identity),
  };
}
