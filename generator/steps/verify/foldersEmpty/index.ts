/** verify.foldersEmpty: the folders of named clearFolderContents steps are empty now. */
import type { FolderRef } from '../../../vocabulary/ir/common';
import type { ExecutionContext } from '../../../vocabulary/dsl/common';
import type { StepKind, VerifyIRBase } from '../../stepKind';
import { psLocation } from '../../engineData';
import { contextParameterValue } from '../../../vocabulary/naming';

export interface FoldersEmptyVerifyIR extends VerifyIRBase<'foldersEmpty'> {
  /** The locations of the referenced steps, each with the context of the step that empties it. */
  readonly locations: readonly (FolderRef & { readonly stepContext: ExecutionContext })[];
}

export const foldersEmptyKind: StepKind<'verify', 'foldersEmpty', FoldersEmptyVerifyIR> = {
  phase: 'verify',
  kind: 'foldersEmpty',
  call: ['id', 'description', 'repairSteps'],
  lower(o, ctx) {
    const refs = ctx.r.strings(o, 'repairSteps', `${ctx.f}.repairSteps`);
    if (!refs) return undefined;
    const locations: (FolderRef & { stepContext: ExecutionContext })[] = [];
    refs.forEach((ref, i) => {
      const field = `${ctx.f}.repairSteps[${i}]`;
      const step = ctx.repair.find((s) => s.id === ref);
      if (!step && ctx.declaredRepair.has(ref)) return; // declared but failed to lower: reported there
      if (!step || step.kind !== 'clearFolderContents') {
        ctx.report('FF2005', [field, 'clearFolderContents repair', ref], o.repairSteps as object, i, field);
        return;
      }
      const s = step as unknown as { context: ExecutionContext; locations: readonly FolderRef[] };
      locations.push(...s.locations.map((l) => ({ ...l, stepContext: s.context })));
    });
    return { locations };
  },
  locations: (s) => s.locations.map(({ stepContext: _stepContext, ...l }) => l),
  engine: { file: 'foldersEmpty.ps1', handler: 'Invoke-FfFoldersEmptyVerification' },
  data: (s) => ({ Locations: s.locations.map((l) => ({ ...psLocation(l), Context: contextParameterValue(l.stepContext) })) }),
  cmd: { notCarried: 'the .cmd fallback counts what it could not delete instead (exit code 2)' },
  pester: {
    file: 'foldersEmpty.Cases.ps1',
    cases: (s) => ({
      StepId: s.id,
      Locations: s.locations.map((l) => ({ ...psLocation(l), Context: contextParameterValue(l.stepContext) })),
    }),
  },
};
