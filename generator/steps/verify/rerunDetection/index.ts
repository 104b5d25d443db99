/** verify.rerunDetection: the fix is in place when its detection reads clean. */
import type { StepKind, VerifyIRBase } from '../../stepKind';

export type RerunDetectionVerifyIR = VerifyIRBase<'rerunDetection'>;

export const rerunDetectionKind: StepKind<'verify', 'rerunDetection', RerunDetectionVerifyIR> = {
  phase: 'verify',
  kind: 'rerunDetection',
  call: ['id', 'description'],
  lower(o, ctx) {
    // An on-demand fix's detection always finds the problem: running it again proves nothing.
    const always = [...ctx.declaredDetection].find(([, kind]) => ctx.services.onDemand(kind));
    if (always) {
      ctx.report('FF2031', [always[0]], o, 'kind', `${ctx.f}`);
      return undefined;
    }
    return {};
  },
  engine: { file: 'rerunDetection.ps1', handler: 'Invoke-FfRerunDetectionVerification' },
  data: () => ({}),
  cmd: { notCarried: 'the .cmd fallback does not detect, so it cannot detect again' },
  pester: { file: 'rerunDetection.Cases.ps1', cases: (s) => ({ StepId: s.id }) },
};
