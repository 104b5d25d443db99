/** Text every generated file's header shares. No timestamps: builds must be byte-identical. */
import { packageVersion } from '../paths';

export function generatorBanner(): string {
  return `fixforge ${packageVersion()}`;
}

export function kbUrl(kb: number): string {
  return `https://support.microsoft.com/kb/${kb}`;
}
