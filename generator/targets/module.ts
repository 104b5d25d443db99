/** The PowerShell script module, with its generated Pester tests beside it. */
import { powerShellArgumentRefusal, powerShellRefusal, sourcePathRefusal } from '../vocabulary/escape/powershell';
import { emitModule } from '../emit/module/emitModule';
import { emitPester } from '../emit/pester/emitPester';
import { emitSmoke } from '../emit/pester/emitSmoke';
import type { Target } from './target';
import { checkPowerShellFloor, lowerPowerShellOption } from './powershellFloor';

export const moduleTarget: Target<'module'> = {
  name: 'module',
  lowerOptions: lowerPowerShellOption,
  carry: { text: powerShellRefusal, localizedText: powerShellRefusal, path: powerShellRefusal, argument: powerShellArgumentRefusal, data: powerShellRefusal },
  sourcePath: (file) => sourcePathRefusal(file, false),
  checkReach: (r, spec, targets, appliesTo) => checkPowerShellFloor('module', r, spec, targets, appliesTo),
  // The tests travel with the module they test: one target, two kinds of file; the smoke test
  // is for a real Windows computer (the Windows CI job `fixforge init` writes runs it).
  emit: (ir) => [...emitModule(ir), ...emitPester(ir), ...emitSmoke(ir)],
};
