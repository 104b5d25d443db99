/** Fixture of verify.that: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Condition fixture' };

export default defineFix({
  id: 'kind-that',
  kb: 1,
  module: { name: 'FixForge.KindThat', version: '1.0.0', noun: 'KindThat', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' } },
  detection: [
    detect.fileContent({
      id: 'staleEntry', description: text, roots: ['programData'], folder: 'Fixture', contains: 'stale',
      indicates: 'problem', messages: { detected: text, clean: text },
    }),
  ],
  repair: [repair.clearFolderContents({ id: 'clearEntries', description: text, context: 'system', roots: ['programData'], folders: ['Fixture'] })],
  verify: [
    verify.that('timeServiceAnswers', text, detect.programOutput({
      id: 'timeQuery', description: text, program: 'w32tm.exe', arguments: ['/query', '/status'], exitCodeIn: [0],
      messages: { detected: text, clean: text },
    })),
  ],
  hints: [],
});
