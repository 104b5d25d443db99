/** Fixture of repair.service: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Service fixture' };

export default defineFix({
  id: 'kind-service',
  kb: 1,
  module: { name: 'FixForge.KindService', version: '1.0.0', noun: 'KindService', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' }, cmd: {} },
  detection: [
    detect.serviceState({ id: 'spoolerDown', description: text, service: 'Spooler', state: ['stopped'], indicates: 'problem', messages: { detected: text, clean: text } }),
  ],
  repair: [
    repair.service({ id: 'stopSpooler', description: text, context: 'system', service: 'Spooler', action: 'stop', withDependents: true, timeoutSeconds: 20, stopProcessIfHung: true }),
    repair.service({ id: 'automaticSpooler', description: text, context: 'system', service: 'Spooler', action: 'setStartType', startType: 'automaticDelayed' }),
    repair.service({ id: 'startSpooler', description: text, context: 'system', service: 'Spooler', action: 'start' }),
    repair.service({ id: 'restartSearch', description: text, context: 'system', service: 'WSearch', action: 'restart', timeoutSeconds: 5 }),
  ],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
