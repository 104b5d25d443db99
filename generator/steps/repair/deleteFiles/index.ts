/** repair.deleteFiles: the files matching a name pattern in one folder under each root (subfolders only if asked). */
import { batchPathFragment } from '../../../vocabulary/escape/batch';
import type { FolderRef } from '../../../vocabulary/ir/common';
import type { CmdContext, CmdRefusal, CmdStep, RepairIRBase, StepKind } from '../../stepKind';
import { psLocation } from '../../engineData';

export interface DeleteFilesRepairIR extends RepairIRBase<'deleteFiles'> {
  /** Every root with the step's folder. */
  readonly locations: readonly FolderRef[];
  readonly pattern: string;
  readonly recurse: boolean;
}

/**
 * Characters a pattern may use: every target carries them as they are (ASCII, no quote, no `%`,
 * `!` or `^` that batch would expand), and none is a wildcard in PowerShell's -like besides `*`
 * and `?` (no `[`, `]` or backtick), so every target matches the same names.
 */
const PATTERN_CHARS = /^[A-Za-z0-9 ._~$#@+*?-]+$/;

export function patternProblem(pattern: string): string | undefined {
  if (pattern === '') return 'it is empty';
  if (/[\\/]/.test(pattern)) return 'it matches file names in one folder, so it cannot name a folder';
  if (!PATTERN_CHARS.test(pattern)) return "use letters, digits, space and '. _ - ~ $ # @ +', with the wildcards '*' and '?'";
  if (/[ .]$/.test(pattern)) return 'Windows drops a trailing space or dot from names, so no file could match';
  return undefined;
}

/** The pattern as -like reads it (case-insensitive, `*` and `?`), for test data. */
export function patternMatches(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+$#@~ -]/g, (c) => `\\${c}`).replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'is').test(name);
}

export const deleteFilesKind: StepKind<'repair', 'deleteFiles', DeleteFilesRepairIR> = {
  phase: 'repair',
  kind: 'deleteFiles',
  call: 'object',
  lower(o, ctx, common) {
    const roots = ctx.roots(o, 'roots', `${ctx.f}.roots`, common.context);
    const folder = ctx.folder(o, 'folder', `${ctx.f}.folder`);
    // Read without the per-target carry check: patternProblem admits only what every target carries.
    const pattern = ctx.r.string(o, 'pattern', `${ctx.f}.pattern`);
    const problem = pattern === undefined ? undefined : patternProblem(pattern);
    if (pattern !== undefined && problem) ctx.report('FF2204', [pattern, problem], o, 'pattern', `${ctx.f}.pattern`);
    const recurse = o.recurse === undefined ? false : ctx.r.boolean(o, 'recurse', `${ctx.f}.recurse`);
    if (!roots || folder === undefined || pattern === undefined || problem || recurse === undefined) return undefined;
    return { locations: ctx.locations(roots, [folder], common.context), pattern, recurse };
  },
  locations: (s) => s.locations,
  engine: { file: 'deleteFiles.ps1', handler: 'Invoke-FfDeleteFilesRepair' },
  data: (s) => ({ Locations: s.locations.map(psLocation), Pattern: s.pattern, Recurse: s.recurse }),
  cmd: { emit: emitBatch },
  pester: {
    file: 'deleteFiles.Cases.ps1',
    cases: (s, ctx) => ({
      StepId: s.id,
      ContextValue: ctx.contextValue(s.context),
      Locations: s.locations.map(psLocation),
      Pattern: s.pattern,
      Recurse: s.recurse,
      // Test data from the pattern itself: names it matches, and one it does not (none for `*`).
      MatchingNames: matchingNames(s.pattern),
      OtherName: otherName(s.pattern),
    }),
  },
};

/**
 * Batch matches wildcards against a file's 8.3 short name as well (`*.spl` would take
 * `a.splx`, short name `A~1.SPL`), so it lists every file and compares names itself, as
 * for-variables only: `*` (all), `*.<ext>` (`%%~xF`) and an exact name. Other patterns stay with
 * PowerShell.
 */
function emitBatch(s: DeleteFilesRepairIR, ctx: CmdContext): CmdStep | CmdRefusal {
  if (s.recurse) return { refused: 'batch cannot walk subfolders without entering links (dir /s and for /r follow junctions)' };
  const match = batchMatch(s.pattern);
  if (!match) return { refused: `batch can match only '*', '*.<extension>' or an exact name without 8.3 short names getting in the way, not '${s.pattern}'` };
  const lines: string[] = [];
  for (const l of s.locations) {
    const base = ctx.folder(l);
    if (base === undefined) return { refused: `context '${s.context}' needs every profile on disk, which batch cannot list` };
    const parts = [base, ...l.folder.split('\\').map(batchPathFragment)];
    lines.push('set "FF_LINK=0"');
    // Every folder from the root's variable (included) down to the step's folder: none may be a link.
    const chain = parts.join('\\').split('\\');
    for (let i = 1; i <= chain.length; i++) lines.push(`call :ff_delete_files_link "${chain.slice(0, i).join('\\')}"`);
    lines.push(`call :ff_delete_files "${chain.join('\\')}" ${match.mode} "${match.value}"`);
  }
  return { lines, routines: ['deleteFiles.cmd'] };
}

function batchMatch(pattern: string): { mode: 'all' | 'ext' | 'name'; value: string } | undefined {
  if (pattern === '*') return { mode: 'all', value: '' };
  if (/^\*\.[^*?.]+$/.test(pattern)) return { mode: 'ext', value: batchPathFragment(pattern.slice(1)) };
  if (!/[*?]/.test(pattern)) return { mode: 'name', value: batchPathFragment(pattern) };
  return undefined;
}

function matchingNames(pattern: string): string[] {
  const fill = (star: string, one: string) => pattern.replace(/\*/g, star).replace(/\?/g, one);
  const names = [fill('x1', 'q'), fill('Odd Name (2)', 'Z').toUpperCase()];
  // Windows names are case-insensitive: two names that differ only in case would be one file there.
  const lower = names.map((n) => n.toLowerCase());
  return names.filter((n, i) => lower.indexOf(n.toLowerCase()) === i && patternMatches(pattern, n) && !/[ .]$/.test(n));
}

function otherName(pattern: string): string | null {
  const first = matchingNames(pattern)[0];
  return [`${first}x`, `x${first}`, 'kept-by-fixforge.unmatched'].find((n) => !patternMatches(pattern, n)) ?? null;
}
