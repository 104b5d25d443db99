import type { Localized, OutcomeMessages, WellKnownRoot } from '../../../vocabulary/dsl/common';

export interface FileContentDetection {
  readonly id: string;
  readonly description: Localized;
  readonly roots: readonly WellKnownRoot[];
  /** Folder under each root, backslash-separated, e.g. `AppData\LocalLow\Microsoft\CryptnetUrlCache\MetaData`. */
  readonly folder: string;
  /** Text a file must contain (ASCII or UTF-16LE, case-insensitive). */
  readonly contains: string;
  /**
   * `problem`: a match means the fix is needed. `evidence`: reported in the findings only,
   * for conditions that are also normal on a healthy machine.
   */
  readonly indicates: 'problem' | 'evidence';
  readonly messages: OutcomeMessages;
}

export type FileContentStep = { readonly kind: 'fileContent' } & FileContentDetection;

/** Detects files in a folder under each root whose content contains a text. */
export function fileContent(step: FileContentDetection): FileContentStep {
  return { kind: 'fileContent', ...step };
}
