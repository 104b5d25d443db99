/** repair.moveAside: rename a file or folder out of the way as `<name>.fixforge-<n>`, keeping the newest copies. */
import { batchPathFragment } from '../../../vocabulary/escape/batch';
import type { FolderRef } from '../../../vocabulary/ir/common';
import type { CmdContext, CmdRefusal, CmdStep, RepairIRBase, StepKind } from '../../stepKind';
import { psLocation } from '../../engineData';

export interface MoveAsideRepairIR extends RepairIRBase<'moveAside'> {
  /** Every root with the step's path: the item is the location's last segment. */
  readonly locations: readonly FolderRef[];
  readonly keep: number;
}

const MAX_KEEP = 20;

export const moveAsideKind: StepKind<'repair', 'moveAside', MoveAsideRepairIR> = {
  phase: 'repair',
  kind: 'moveAside',
  call: 'object',
  lower(o, ctx, common) {
    const roots = ctx.roots(o, 'roots', `${ctx.f}.roots`, common.context);
    const path = ctx.folder(o, 'path', `${ctx.f}.path`);
    const keep = ctx.r.integer(o, 'keep', `${ctx.f}.keep`);
    const keepOk = keep !== undefined && keep >= 1 && keep <= MAX_KEEP;
    if (keep !== undefined && !keepOk) ctx.report('FF2205', [keep, MAX_KEEP], o, 'keep', `${ctx.f}.keep`);
    // A name that already looks like a copy would count its own siblings as earlier copies.
    const copyLike = path !== undefined && /\.fixforge-/i.test(path.split('\\').pop()!);
    if (copyLike) ctx.report('FF2206', [path], o, 'path', `${ctx.f}.path`);
    if (!roots || path === undefined || !keepOk || copyLike) return undefined;
    return { locations: ctx.locations(roots, [path], common.context), keep };
  },
  locations: (s) => s.locations,
  engine: { file: 'moveAside.ps1', handler: 'Invoke-FfMoveAsideRepair' },
  data: (s) => ({ Locations: s.locations.map(psLocation), Keep: s.keep }),
  cmd: { emit: emitBatch },
  pester: {
    file: 'moveAside.Cases.ps1',
    cases: (s, ctx) => ({ StepId: s.id, ContextValue: ctx.contextValue(s.context), Locations: s.locations.map(psLocation), Keep: s.keep }),
  },
};

/**
 * `:ff_move_aside` finds the earlier copies by splitting their names at the first '-' (after
 * `fixforge`), so the item's own name must not hold one. The link checks walk from below the
 * root's variable down to the item itself.
 */
function emitBatch(s: MoveAsideRepairIR, ctx: CmdContext): CmdStep | CmdRefusal {
  const lines: string[] = [];
  for (const l of s.locations) {
    const base = ctx.folder(l);
    if (base === undefined) return { refused: `context '${s.context}' needs every profile on disk, which batch cannot list` };
    const chain = [...base.split('\\'), ...l.folder.split('\\').map(batchPathFragment)];
    const name = chain[chain.length - 1];
    if (name.includes('-')) return { refused: `batch finds the earlier copies by splitting names at '-', and '${name}' holds one` };
    lines.push('set "FF_LINK=0"');
    for (let i = 1; i <= chain.length; i++) lines.push(`call :ff_move_aside_link "${chain.slice(0, i).join('\\')}"`);
    lines.push(`call :ff_move_aside "${chain.slice(0, -1).join('\\')}" "${name}" ${s.keep}`);
  }
  return { lines, routines: ['moveAside.cmd'] };
}
