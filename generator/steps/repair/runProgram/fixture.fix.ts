/** Fixture of repair.runProgram: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Program fixture' };

export default defineFix({
  id: 'kind-run-program',
  kb: 1,
  module: { name: 'FixForge.KindRunProgram', version: '1.0.0', noun: 'KindRunProgram', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' }, cmd: {} },
  detection: [
    detect.fileContent({
      id: 'marker', description: text, roots: ['systemProfile'], folder: 'Fixture', contains: 'marker',
      indicates: 'problem', messages: { detected: text, clean: text },
    }),
  ],
  repair: [
    repair.runProgram({ id: 'runTool', description: text, context: 'system', program: 'certutil.exe', arguments: ['-setreg', 'chain\\ChainCacheResync', '1'], successExitCodes: [0] }),
    // A vendor tool under Program Files (the .cmd carries it, with the link checks of its folders).
    repair.runProgram({ id: 'vendorTool', description: text, context: 'system', program: { root: 'programFiles', path: 'Contoso\\Tool\\ContosoTool.exe' }, arguments: ['/repair'], successExitCodes: [0, 3010], whenMissing: 'skip' }),
    // The user's own program in their profile, run as that user.
    repair.runProgram({ id: 'userTool', description: text, context: 'currentUser', program: { root: 'localAppData', path: 'Microsoft\\OneDrive\\OneDrive.exe' }, arguments: ['/reset'], successExitCodes: [0], whenMissing: 'fail' }),
  ],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
