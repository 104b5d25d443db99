/** Fixture of detect.programOutput: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Program output fixture' };

export default defineFix({
  id: 'kind-program-output',
  kb: 1,
  module: { name: 'FixForge.KindProgramOutput', version: '1.0.0', noun: 'KindProgramOutput', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' } },
  detection: [
    detect.programOutput({
      id: 'repositoryInconsistent', description: text, program: 'wbem\\winmgmt.exe', arguments: ['/verifyrepository'], whenMissing: 'skip',
      exitCodeNotIn: [0], messages: { detected: text, clean: text },
    }),
  ],
  repair: [repair.runProgram({ id: 'salvage', description: text, context: 'system', program: 'wbem\\winmgmt.exe', arguments: ['/salvagerepository'], successExitCodes: [0] })],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
