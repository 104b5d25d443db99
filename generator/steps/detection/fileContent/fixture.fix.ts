/** Fixture of detect.fileContent: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'File content fixture' };

export default defineFix({
  id: 'kind-file-content',
  kb: 1,
  module: { name: 'FixForge.KindFileContent', version: '1.0.0', noun: 'KindFileContent', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' } },
  detection: [
    detect.fileContent({
      id: 'staleFile', description: text, roots: ['networkService'], folder: 'AppData\\Local\\Fixture', contains: 'stale',
      indicates: 'problem', messages: { detected: text, clean: text },
    }),
  ],
  repair: [repair.clearFolderContents({ id: 'clearFixture', description: text, context: 'system', roots: ['networkService'], folders: ['AppData\\Local\\Fixture'] })],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
