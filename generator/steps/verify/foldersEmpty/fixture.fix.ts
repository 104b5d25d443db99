/** Fixture of verify.foldersEmpty: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Empty folders fixture' };

export default defineFix({
  id: 'kind-folders-empty',
  kb: 1,
  module: { name: 'FixForge.KindFoldersEmpty', version: '1.0.0', noun: 'KindFoldersEmpty', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' } },
  detection: [
    detect.fileContent({
      id: 'leftover', description: text, roots: ['everyUserProfile'], folder: 'Fixture', contains: 'leftover',
      indicates: 'problem', messages: { detected: text, clean: text },
    }),
  ],
  repair: [
    repair.clearFolderContents({ id: 'clearProfiles', description: text, context: 'everyUser', roots: ['everyUserProfile'], folders: ['Fixture'] }),
    repair.clearFolderContents({ id: 'clearService', description: text, context: 'system', roots: ['localService'], folders: ['Fixture'] }),
  ],
  verify: [verify.foldersEmpty('foldersEmpty', text, ['clearProfiles', 'clearService'])],
  hints: [],
});
