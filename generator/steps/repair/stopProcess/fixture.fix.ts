/** Fixture of repair.stopProcess: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Process fixture' };

export default defineFix({
  id: 'kind-stop-process',
  kb: 1,
  module: { name: 'FixForge.KindStopProcess', version: '1.0.0', noun: 'KindStopProcess', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' }, cmd: {} },
  detection: [
    detect.serviceState({ id: 'spoolerDown', description: text, service: 'Spooler', state: ['stopped'], indicates: 'problem', messages: { detected: text, clean: text } }),
  ],
  repair: [
    repair.stopProcess({ id: 'stopDriverHost', description: text, context: 'system', image: 'PrintIsolationHost.exe', timeoutSeconds: 5 }),
    repair.stopProcess({ id: 'stopUserTray', description: text, context: 'currentUser', image: 'FixForgeTray.exe' }),
  ],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
