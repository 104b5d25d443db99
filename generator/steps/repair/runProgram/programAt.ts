/**
 * A program by root and path (`{ root, path, signedBy? }`): read and checked at compile time. The
 * path follows the folder rules; a root users may write is refused for SYSTEM (FF2060); the engine
 * checks the rest on the machine (programPath.ps1).
 */
import type { Obj } from '../../../vocabulary/fieldReader';
import type { FolderRef, WellKnownRoot } from '../../../vocabulary/ir/common';
import type { ExecutionContext } from '../../../vocabulary/dsl/common';
import { rootOrder, wellKnownRoots } from '../../../vocabulary/ir/roots';
import type { LowerContext } from '../../lowerContext';

export interface ProgramAtIR {
  readonly location: FolderRef;
  /** The CN or O the file's Authenticode signature must name, or null for no signature check. */
  readonly signedBy: string | null;
}

/** Roots any user may write below: never a place SYSTEM starts a program from. */
export function userWritableRoot(root: WellKnownRoot): boolean {
  const kind = wellKnownRoots[root].location.kind;
  return root === 'programData' || kind === 'profile' || kind === 'everyUserProfile' || kind === 'currentUserProfile';
}

/** Reads `program: { root, path, signedBy? }` of a step of `context`; undefined after reporting. */
export function lowerProgramAt(o: Obj, ctx: LowerContext, context: ExecutionContext | undefined): ProgramAtIR | undefined {
  const f = `${ctx.f}.program`;
  const p = ctx.r.object(o, 'program', f);
  if (!p) return undefined;
  for (const key of Object.keys(p)) {
    if (!['root', 'path', 'signedBy'].includes(key)) ctx.report('FF2063', [key], p, key, `${f}.${key}`);
  }
  const root = ctx.r.oneOf(p, 'root', `${f}.root`, rootOrder);
  const path = ctx.folder(p, 'path', `${f}.path`);
  const signedBy = p.signedBy === undefined ? null : ctx.string(p, 'signedBy', `${f}.signedBy`, 'data');
  if (!root || path === undefined || signedBy === undefined || Object.keys(p).some((k) => !['root', 'path', 'signedBy'].includes(k))) return undefined;
  if (!/\.(exe|com)$/i.test(path)) {
    ctx.report('FF2061', [path], p, 'path', `${f}.path`);
    return undefined;
  }
  if (signedBy !== null && (signedBy.trim() === '' || /[,="]/.test(signedBy))) {
    ctx.report('FF2062', [signedBy], p, 'signedBy', `${f}.signedBy`);
    return undefined;
  }
  if (userWritableRoot(root) && context !== 'currentUser') {
    ctx.report('FF2060', [root, path, context ?? 'detection'], p, 'root', `${f}.root`);
    return undefined;
  }
  const kind = wellKnownRoots[root].location.kind;
  if (kind === 'everyUserProfile') {
    ctx.report('FF2003', [root, context ?? 'detection', wellKnownRoots[root].contexts.join("' or '")], p, 'root', `${f}.root`);
    return undefined;
  }
  const location: FolderRef = kind === 'profile' ? { root, folder: path, context: 'currentUser' } : { root, folder: path };
  return { location, signedBy };
}
