/** detect.always: on-demand fixes; the problem is "there" whenever the fix runs. */
import type { DetectionIRBase, StepKind } from '../../stepKind';

export type AlwaysDetectionIR = DetectionIRBase<'always'>;

export const alwaysKind: StepKind<'detection', 'always', AlwaysDetectionIR> = {
  phase: 'detection',
  kind: 'always',
  call: 'object',
  onDemand: true,
  lower: () => ({ indicates: 'problem' }),
  engine: { file: 'always.ps1', handler: 'Invoke-FfAlwaysDetection' },
  data: () => ({}),
  cmd: { notCarried: 'the .cmd fallback runs its repair steps whenever it runs, which is what always means' },
  pester: { file: 'always.Cases.ps1', cases: (s) => ({ StepId: s.id }) },
};
