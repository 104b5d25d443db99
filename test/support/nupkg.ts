/** The nupkg of a built fix, for the tests; a fix whose spec does not enable nupkg gets it added to its IR. */
import type { BuiltFix } from '../../generator/pipeline/compile';
import type { FixIR } from '../../generator/ir/types';
import { nupkgAfterSign, nupkgPath } from '../../generator/emit/nupkg/emitNupkg';
import { encodeArtifact } from '../../generator/pipeline/encode/encodeArtifact';

export function packageOf(fix: BuiltFix): { ir: FixIR; path: string; bytes: Buffer } {
  if (fix.ir.targets.nupkg) return { ir: fix.ir, path: nupkgPath(fix.ir), bytes: fix.contents.get(nupkgPath(fix.ir))! };
  const ir: FixIR = { ...fix.ir, targets: { ...fix.ir.targets, nupkg: { tags: [] } } };
  const [artifact] = nupkgAfterSign.emit(ir, [...fix.contents].map(([p, bytes]) => ({ path: p, bytes, signed: false })));
  return { ir, path: artifact.path, bytes: encodeArtifact(artifact).bytes };
}
