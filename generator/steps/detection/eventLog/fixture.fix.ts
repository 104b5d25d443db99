/** Fixture of detect.eventLog: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Event log fixture' };

export default defineFix({
  id: 'kind-event-log',
  kb: 1,
  module: { name: 'FixForge.KindEventLog', version: '1.0.0', noun: 'KindEventLog', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' } },
  detection: [
    detect.eventLog({
      id: 'someEvent', description: text, log: 'System', provider: 'Fixture-Provider', eventIds: [7, 8], level: 'warning',
      dataContains: { index: 1, text: 'needle' }, withinDays: 3, messages: { detected: text, clean: text },
    }),
  ],
  repair: [repair.clearFolderContents({ id: 'clearCache', description: text, context: 'system', roots: ['localService'], folders: ['AppData\\Local\\Fixture'] })],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
