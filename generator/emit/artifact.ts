/** What an emitter returns: text plus the kind that decides its bytes (see generator/pipeline/encode). */
import type { FixIR } from '../ir/types';

export type ArtifactKind =
  /** .ps1/.psm1/.psd1 for GPO or manual use: ASCII, or UTF-8 with BOM when non-ASCII; CRLF. */
  | 'powershell'
  /** Intune scripts: pure ASCII, no BOM, CRLF. */
  | 'powershell-ascii'
  /** .cmd: ASCII, no BOM, CRLF. */
  | 'cmd'
  /** scripts.ini / psscripts.ini: UTF-16LE with BOM, CRLF. */
  | 'ini'
  /** README.md, DEPLOY.md, .gitattributes, JSON: UTF-8 without BOM, LF. */
  | 'text'
  /** Bytes made elsewhere (a copy of a final file, a zip): `text` is their base64, written as decoded. */
  | 'binary';

export interface Artifact {
  /** Relative to the fix's output folder, forward slashes. */
  readonly path: string;
  readonly kind: ArtifactKind;
  readonly text: string;
}

/** An emitter is a pure function of the IR. */
export type Emitter = (ir: import('../ir/types').FixIR) => Artifact[];

/** A file as it will be written: encoded and, when signing is on, signed. */
export interface FinalFile {
  readonly path: string;
  readonly bytes: Buffer;
  readonly signed: boolean;
}

/**
 * Files a target derives from the final bytes of its other files, e.g. the Intune Graph bodies
 * that carry base64 of the signed scripts. They are encoded after the sign stage and not signed.
 */
export interface AfterSignEmitter {
  /** The paths `emit` produces, known before signing (the per-fix README lists them). */
  paths(ir: FixIR): string[];
  emit(ir: FixIR, files: readonly FinalFile[]): Artifact[];
}
