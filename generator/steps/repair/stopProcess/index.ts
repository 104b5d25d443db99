/** repair.stopProcess: end the processes of one image name, in the step's context, and wait for them to go. */
import { batchArgument } from '../../../vocabulary/escape/batch';
import type { RepairIRBase, StepKind } from '../../stepKind';

export interface StopProcessRepairIR extends RepairIRBase<'stopProcess'> {
  /** With its extension, e.g. `OneDrive.exe`. */
  readonly image: string;
  readonly timeoutSeconds: number;
}

const DEFAULT_TIMEOUT_SECONDS = 10;
/** Processes whose end stops Windows itself (or, for svchost, every service it hosts): never by name. */
const critical = ['csrss.exe', 'lsaiso.exe', 'lsass.exe', 'services.exe', 'smss.exe', 'svchost.exe', 'system', 'wininit.exe', 'winlogon.exe'];
/** What `tasklist /FI "IMAGENAME eq ..."` inside `for /f` can carry (see service.cmd's names). */
const BATCH_SAFE_IMAGE = /^[A-Za-z0-9 _.$#@{}+~[\]-]+$/;

/** Why a string cannot be an image name, or undefined. */
export function imageProblem(image: string): string | undefined {
  if (image === '') return 'it is empty';
  if (/[\\/:]/.test(image)) return 'it must be a file name, without a folder or drive';
  if (/[*?]/.test(image)) return 'wildcards would stop processes nobody named';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/["<>|\x00-\x1f\x7f]/.test(image)) return 'it contains a character Windows forbids in file names';
  if (image.length > 255) return 'it is longer than a file name can be';
  if (!/\.exe$/i.test(image) || image.length === 4) return "give the file name with its '.exe' extension, as Task Manager shows it";
  if (critical.includes(image.toLowerCase())) return 'ending it stops Windows itself (or every service it hosts)';
  return undefined;
}

export const stopProcessKind: StepKind<'repair', 'stopProcess', StopProcessRepairIR> = {
  phase: 'repair',
  kind: 'stopProcess',
  call: 'object',
  lower(o, ctx, common) {
    if (common.context === 'everyUser') ctx.report('FF2109', [common.context], o, 'context', `${ctx.f}.context`);
    const image = ctx.string(o, 'image', `${ctx.f}.image`, 'argument');
    const problem = image === undefined ? undefined : imageProblem(image);
    if (image !== undefined && problem) ctx.report('FF2108', [image, problem], o, 'image', `${ctx.f}.image`);
    const timeoutSeconds = o.timeoutSeconds === undefined ? DEFAULT_TIMEOUT_SECONDS : ctx.r.integer(o, 'timeoutSeconds', `${ctx.f}.timeoutSeconds`);
    if (timeoutSeconds !== undefined && (timeoutSeconds < 1 || timeoutSeconds > 600)) ctx.report('FF2110', [timeoutSeconds], o, 'timeoutSeconds', `${ctx.f}.timeoutSeconds`);
    if (image === undefined || problem || timeoutSeconds === undefined || timeoutSeconds < 1 || timeoutSeconds > 600 || common.context === 'everyUser') return undefined;
    return { image, timeoutSeconds };
  },
  engine: { file: 'stopProcess.ps1', handler: 'Invoke-FfStopProcessRepair' },
  // GetProcessesByName takes the name without its extension.
  data: (s) => ({ ProcessName: s.image.slice(0, -'.exe'.length), TimeoutSeconds: s.timeoutSeconds }),
  cmd: {
    emit: (s) => {
      if (s.context !== 'system') return { refused: "batch cannot limit taskkill to the signed-in user's own session safely" };
      if (!BATCH_SAFE_IMAGE.test(s.image)) return { refused: `the image name '${s.image}' has characters batch cannot pass through 'for /f'` };
      return { lines: [`call :ff_stop_process ${batchArgument(s.image)} ${s.timeoutSeconds}`], routines: ['stopProcess.cmd'] };
    },
  },
  pester: {
    file: 'stopProcess.Cases.ps1',
    cases: (s, ctx) => ({ StepId: s.id, ContextValue: ctx.contextValue(s.context), ProcessName: s.image.slice(0, -'.exe'.length), TimeoutSeconds: s.timeoutSeconds }),
  },
};
