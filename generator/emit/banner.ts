/** Text every generated file's header shares. No timestamps: builds must be byte-identical. */
import { packageVersion } from '../vocabulary/paths';

export function generatorBanner(): string {
  return `fixforge ${packageVersion()}`;
}

export { kbUrl } from '../vocabulary/naming';

/** How documents name a fix: its KB article (`KB 2328240`), or its id when it has none. */
export function fixName(ir: { readonly id: string; readonly kb: number | null }): string {
  return ir.kb === null ? ir.id : `KB ${ir.kb}`;
}

/** `KB 2328240: ` before a title, or nothing for a fix without a KB article. */
export function kbPrefix(ir: { readonly kb: number | null }): string {
  return ir.kb === null ? '' : `KB ${ir.kb}: `;
}
