/** Fixture of repair.wait: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Wait fixture' };

export default defineFix({
  id: 'kind-wait',
  kb: 1,
  module: { name: 'FixForge.KindWait', version: '1.0.0', noun: 'KindWait', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  // Windows 7: the module is Windows PowerShell 2.0, so the suite's 2.0 check covers the handler.
  appliesTo: ['windows7', 'windows10'],
  targets: { module: { powershell: '2.0' }, cmd: {} },
  detection: [
    detect.pathExists({
      id: 'spoolBusy', description: text, roots: ['system32'], path: 'spool\\PRINTERS\\busy.lock', type: 'file',
      indicates: 'evidence', messages: { detected: text, clean: text },
    }),
  ],
  repair: [
    // Batch carries the pause (ping); waiting on a detection stays with PowerShell.
    repair.wait({ id: 'settle', description: text, context: 'system', seconds: 3 }),
    repair.wait({ id: 'untilIdle', description: text, context: 'currentUser', until: { detection: 'spoolBusy', is: 'clean' }, timeoutSeconds: 30, intervalSeconds: 10 }),
  ],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
