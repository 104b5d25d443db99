/** Fixture of detect.serviceState: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Service state fixture' };

export default defineFix({
  id: 'kind-service-state',
  kb: 1,
  module: { name: 'FixForge.KindServiceState', version: '1.0.0', noun: 'KindServiceState', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' } },
  detection: [
    detect.serviceState({
      id: 'spoolerDown', description: text, service: 'Spooler', state: ['stopped', 'stopPending'], startType: ['automatic', 'automaticDelayed'],
      indicates: 'problem', messages: { detected: text, clean: text },
    }),
  ],
  repair: [repair.clearFolderContents({ id: 'clearFixture', description: text, context: 'system', roots: ['networkService'], folders: ['AppData\\Local\\Fixture'] })],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
