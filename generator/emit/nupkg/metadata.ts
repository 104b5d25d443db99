/** The package metadata the module manifest (PrivateData.PSData) and the nuspec share. */
import type { FixIR } from '../../ir/types';

export interface PackageMetadata {
  readonly projectUri: string;
  readonly licenseUri: string | undefined;
  readonly releaseNotes: string | undefined;
  readonly tags: readonly string[];
}

/** The spec's `targets.nupkg` metadata over fixforge's defaults: the KB article as project, `KB<n>` and `FixForge` as tags. */
export function packageMetadata(ir: FixIR): PackageMetadata {
  const options = ir.targets.nupkg;
  const base = ir.kb === null ? ['FixForge'] : [`KB${ir.kb}`, 'FixForge'];
  const tags = [...base];
  for (const t of options?.tags ?? []) if (!tags.some((x) => x.toLowerCase() === t.toLowerCase())) tags.push(t);
  return {
    projectUri: options?.projectUri ?? ir.link,
    licenseUri: options?.licenseUri,
    releaseNotes: options?.releaseNotes,
    tags,
  };
}
