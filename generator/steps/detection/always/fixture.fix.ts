/** Fixture of detect.always: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'On-demand fixture' };

export default defineFix({
  id: 'kind-always',
  kb: 1,
  module: { name: 'FixForge.KindAlways', version: '1.0.0', noun: 'KindAlways', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' }, cmd: {} },
  detection: [detect.always({ id: 'onDemand', description: text, messages: { detected: text, clean: text } })],
  repair: [repair.runProgram({ id: 'flushDns', description: text, context: 'system', program: 'ipconfig.exe', arguments: ['/flushdns'], successExitCodes: [0] })],
  verify: [
    verify.that('dnsClientAnswers', text, detect.programOutput({
      id: 'dnsCacheReadable', description: text, program: 'ipconfig.exe', arguments: ['/displaydns'], exitCodeIn: [0], messages: { detected: text, clean: text },
    })),
  ],
  hints: [],
});
