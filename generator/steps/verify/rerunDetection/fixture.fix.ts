/** Fixture of verify.rerunDetection: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Recheck fixture' };

export default defineFix({
  id: 'kind-rerun-detection',
  kb: 1,
  module: { name: 'FixForge.KindRerunDetection', version: '1.0.0', noun: 'KindRerunDetection', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' } },
  detection: [
    detect.eventLog({
      id: 'someEvent', description: text, log: 'Application', provider: 'Fixture-Provider', eventIds: [1], level: 'error',
      dataContains: { index: 0, text: 'needle' }, withinDays: 7, messages: { detected: text, clean: text },
    }),
  ],
  repair: [repair.runProgram({ id: 'runTool', description: text, context: 'currentUser', program: 'certutil.exe', arguments: ['-urlcache', '*', 'delete'], successExitCodes: [0] })],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
