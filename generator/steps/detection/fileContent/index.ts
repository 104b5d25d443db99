/** detect.fileContent: files under each root whose head contains a text (UTF-16LE or ASCII). */
import type { FolderRef } from '../../../vocabulary/ir/common';
import type { DetectionIRBase, StepKind } from '../../stepKind';
import { psLocation } from '../../engineData';

export interface FileContentDetectionIR extends DetectionIRBase<'fileContent'> {
  readonly locations: readonly FolderRef[];
  readonly contains: string;
}

export const fileContentKind: StepKind<'detection', 'fileContent', FileContentDetectionIR> = {
  phase: 'detection',
  kind: 'fileContent',
  call: 'object',
  lower(o, ctx) {
    const roots = ctx.roots(o, 'roots', `${ctx.f}.roots`);
    const folder = ctx.folder(o, 'folder', `${ctx.f}.folder`);
    const contains = ctx.string(o, 'contains', `${ctx.f}.contains`, 'data');
    const indicates = ctx.r.oneOf(o, 'indicates', `${ctx.f}.indicates`, ['problem', 'evidence'] as const);
    if (!roots || folder === undefined || !contains || !indicates) return undefined;
    return { locations: ctx.locations(roots, [folder]), contains, indicates };
  },
  locations: (s) => s.locations,
  engine: { file: 'fileContent.ps1', handler: 'Invoke-FfFileContentDetection' },
  data: (s) => ({ Locations: s.locations.map(psLocation), Contains: s.contains }),
  cmd: { notCarried: 'the .cmd fallback runs the repair steps only; it does not search file contents' },
  pester: {
    file: 'fileContent.Cases.ps1',
    cases: (s) => ({
      StepId: s.id,
      Indicates: s.indicates,
      Locations: s.locations.map(psLocation),
      // Test data comes from the step: its own text, as UTF-16LE and as ASCII, in mixed case.
      Contains: s.contains,
    }),
  },
};
