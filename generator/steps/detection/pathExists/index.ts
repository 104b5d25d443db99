/** detect.pathExists: a file or folder under each root; optionally older than an age, or a folder that is not empty. */
import type { Obj } from '../../../vocabulary/fieldReader';
import type { FolderRef } from '../../../vocabulary/ir/common';
import type { LowerContext } from '../../lowerContext';
import type { DetectionIRBase, StepKind } from '../../stepKind';
import { psLocation } from '../../engineData';

export interface PathExistsDetectionIR extends DetectionIRBase<'pathExists'> {
  /** Every root with the step's path: the item itself is the location's last segment. */
  readonly locations: readonly FolderRef[];
  readonly type: 'file' | 'folder';
  /** The age as minutes (days are converted), or absent for any age. */
  readonly olderThanMinutes?: number;
  readonly notEmpty: boolean;
}

/** Ten years either way: a longer age is a typo, not a policy. */
const MAX_DAYS = 3650;
const MAX_MINUTES = MAX_DAYS * 24 * 60;

export const pathExistsKind: StepKind<'detection', 'pathExists', PathExistsDetectionIR> = {
  phase: 'detection',
  kind: 'pathExists',
  call: 'object',
  lower(o, ctx) {
    const roots = ctx.roots(o, 'roots', `${ctx.f}.roots`);
    const path = ctx.folder(o, 'path', `${ctx.f}.path`);
    const type = ctx.r.oneOf(o, 'type', `${ctx.f}.type`, ['file', 'folder'] as const);
    const indicates = ctx.r.oneOf(o, 'indicates', `${ctx.f}.indicates`, ['problem', 'evidence'] as const);
    const age = o.olderThan === undefined ? null : lowerAge(o, ctx);
    let notEmpty: boolean | undefined = false;
    if (o.notEmpty !== undefined) {
      notEmpty = ctx.r.boolean(o, 'notEmpty', `${ctx.f}.notEmpty`);
      if (notEmpty && type === 'file') {
        ctx.report('FF2201', [], o, 'notEmpty', `${ctx.f}.notEmpty`);
        notEmpty = undefined;
      }
    }
    if (!roots || path === undefined || !type || !indicates || age === undefined || notEmpty === undefined) return undefined;
    return { locations: ctx.locations(roots, [path]), type, notEmpty, indicates, ...(age === null ? {} : { olderThanMinutes: age }) };
  },
  locations: (s) => s.locations,
  engine: { file: 'pathExists.ps1', handler: 'Invoke-FfPathExistsDetection' },
  data: (s) => ({
    Locations: s.locations.map(psLocation),
    ItemType: s.type,
    OlderThanMinutes: s.olderThanMinutes ?? 0,
    NotEmpty: s.notEmpty,
  }),
  cmd: { notCarried: 'the .cmd fallback runs the repair steps only; it does not detect' },
  pester: {
    file: 'pathExists.Cases.ps1',
    cases: (s) => ({
      StepId: s.id,
      Indicates: s.indicates,
      Locations: s.locations.map(psLocation),
      ItemType: s.type,
      OlderThanMinutes: s.olderThanMinutes ?? 0,
      NotEmpty: s.notEmpty,
    }),
  },
};

/** `{ minutes }` or `{ days }`, exactly one, in range; undefined after a diagnostic. */
function lowerAge(o: Obj, ctx: LowerContext): number | undefined {
  const age = ctx.r.object(o, 'olderThan', `${ctx.f}.olderThan`);
  if (!age) return undefined;
  const units = Object.keys(age);
  if (units.length !== 1 || (units[0] !== 'minutes' && units[0] !== 'days')) {
    ctx.report('FF2202', [], o, 'olderThan', `${ctx.f}.olderThan`);
    return undefined;
  }
  const unit = units[0];
  const value = ctx.r.integer(age, unit, `${ctx.f}.olderThan.${unit}`);
  if (value === undefined) return undefined;
  const max = unit === 'days' ? MAX_DAYS : MAX_MINUTES;
  if (value < 1 || value > max) {
    ctx.report('FF2203', [value, unit, max], age, unit, `${ctx.f}.olderThan.${unit}`);
    return undefined;
  }
  return unit === 'days' ? value * 24 * 60 : value;
}
