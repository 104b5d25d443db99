/**
 * Authenticode signing and verification of PowerShell files, in-process, on any OS.
 * See docs/signing.md.
 */
export { SignError, type SignErrorCode } from './errors';
export type { SigningIdentity } from './identity';
export { loadSigningIdentity, type LoadSigningIdentityOptions } from './keys';
export { loadPkcs11Identity, loadCommandIdentity, closeSigningIdentity, type Pkcs11IdentityOptions, type CommandIdentityOptions } from './remoteIdentity';
export { ensureDevCertificate, DEV_CERTIFICATE_SUBJECT, type DevCertificate } from './devCertificate';
export { isSignableFile } from './fileTypes';
export { signPowerShellFile, type SignOptions } from './signFile';
export { verifyPowerShellFile, type VerifyOptions, type VerifyResult, type VerifyStatus } from './verify';
export { verifyPath, loadTrustedRoots, allValid, formatVerifyReport, formatVerifyJson, type FileVerifyResult } from './verifyPath';
