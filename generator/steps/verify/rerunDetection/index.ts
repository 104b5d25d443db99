/** verify.rerunDetection: the fix is in place when its detection reads clean. */
import type { StepKind, VerifyIRBase } from '../../stepKind';

export type RerunDetectionVerifyIR = VerifyIRBase<'rerunDetection'>;

export const rerunDetectionKind: StepKind<'verify', 'rerunDetection', RerunDetectionVerifyIR> = {
  phase: 'verify',
  kind: 'rerunDetection',
  call: ['id', 'description'],
  lower: () => ({}),
  engine: { file: 'rerunDetection.ps1', handler: 'Invoke-FfRerunDetectionVerification' },
  data: () => ({}),
  cmd: { notCarried: 'the .cmd fallback does not detect, so it cannot detect again' },
  pester: { file: 'rerunDetection.Cases.ps1', cases: (s) => ({ StepId: s.id }) },
};
