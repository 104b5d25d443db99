/** repair.clearFolderContents: empty folders under each root, keep the folders, links go as links. */
import { batchPathFragment } from '../../../vocabulary/escape/batch';
import type { FolderRef } from '../../../vocabulary/ir/common';
import type { RepairIRBase, StepKind } from '../../stepKind';
import { psLocation } from '../../engineData';

export interface ClearFolderContentsRepairIR extends RepairIRBase<'clearFolderContents'> {
  /** Every root × folder pair, in spec order (roots outer, folders inner). */
  readonly locations: readonly FolderRef[];
}

export const clearFolderContentsKind: StepKind<'repair', 'clearFolderContents', ClearFolderContentsRepairIR> = {
  phase: 'repair',
  kind: 'clearFolderContents',
  call: 'object',
  lower(o, ctx, common) {
    const roots = ctx.roots(o, 'roots', `${ctx.f}.roots`, common.context);
    const folders = ctx.r.array(o, 'folders', `${ctx.f}.folders`);
    const paths = folders?.map((_, i) => ctx.folder(folders as never, i, `${ctx.f}.folders[${i}]`));
    if (!roots || !paths || paths.some((p) => p === undefined)) return undefined;
    if (paths.length === 0) ctx.report('FF2020', [], o, 'folders', `${ctx.f}.folders`);
    return { locations: ctx.locations(roots, paths as string[], common.context) };
  },
  locations: (s) => s.locations,
  engine: { file: 'clearFolderContents.ps1', handler: 'Invoke-FfClearFolderContentsRepair' },
  data: (s) => ({ Locations: s.locations.map(psLocation) }),
  cmd: {
    emit: (s, ctx) => {
      const folders = s.locations.map((l) => ({ l, base: ctx.folder(l) }));
      if (folders.some((f) => f.base === undefined)) {
        return { refused: `context '${s.context}' needs every profile on disk, which batch cannot list` };
      }
      // The routine walks from the anchor (the %VARIABLE% the base starts with) down, checking
      // every component for a link: it gets the anchor, then each folder as its own argument.
      return {
        lines: folders.map((f) => {
          const [, anchor, rest] = /^(%[^%\\]+%)\\?(.*)$/.exec(f.base as string) ?? [];
          if (anchor === undefined) throw new Error(`internal: batch folder '${f.base}' does not start with a %VARIABLE%`);
          const below = [...rest.split('\\'), ...batchPathFragment(f.l.folder).split('\\')].filter((p) => p !== '');
          return `call :ff_clear_folder ${[anchor, ...below].map((p) => `"${p}"`).join(' ')}`;
        }),
        routines: ['clearFolderContents.cmd'],
      };
    },
  },
  pester: {
    file: 'clearFolderContents.Cases.ps1',
    cases: (s, ctx) => ({ StepId: s.id, ContextValue: ctx.contextValue(s.context), Locations: s.locations.map(psLocation) }),
  },
};
