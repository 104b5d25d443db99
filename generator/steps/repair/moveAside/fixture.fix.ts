/** Fixture of repair.moveAside: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Move aside fixture' };

export default defineFix({
  id: 'kind-move-aside',
  kb: 1,
  module: { name: 'FixForge.KindMoveAside', version: '1.0.0', noun: 'KindMoveAside', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  // Windows 7: the module is Windows PowerShell 2.0, so the suite's 2.0 check covers the handler.
  appliesTo: ['windows7', 'windows10'],
  targets: { module: { powershell: '2.0' }, cmd: {} },
  detection: [
    detect.pathExists({
      id: 'storePresent', description: text, roots: ['windows'], path: 'SoftwareDistribution', type: 'folder',
      indicates: 'problem', messages: { detected: text, clean: text },
    }),
  ],
  repair: [
    repair.moveAside({ id: 'moveStore', description: text, context: 'system', roots: ['windows'], path: 'SoftwareDistribution', keep: 2 }),
    repair.moveAside({ id: 'moveIndex', description: text, context: 'currentUser', roots: ['localAppData'], path: 'Fixture\\Search Index', keep: 1 }),
  ],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
