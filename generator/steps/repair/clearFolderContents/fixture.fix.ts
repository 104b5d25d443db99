/** Fixture of repair.clearFolderContents: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Folder fixture' };

export default defineFix({
  id: 'kind-clear-folder-contents',
  kb: 1,
  module: { name: 'FixForge.KindClearFolderContents', version: '1.0.0', noun: 'KindClearFolderContents', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' }, cmd: {} },
  detection: [
    detect.fileContent({
      id: 'leftover', description: text, roots: ['currentUserProfile'], folder: 'AppData\\Local\\Fixture', contains: 'leftover',
      indicates: 'evidence', messages: { detected: text, clean: text },
    }),
  ],
  repair: [
    repair.clearFolderContents({ id: 'clearUserFixture', description: text, context: 'currentUser', roots: ['currentUserProfile'], folders: ['AppData\\Local\\Fixture', 'AppData\\Local\\Other'] }),
  ],
  verify: [verify.foldersEmpty('foldersEmpty', text, ['clearUserFixture'])],
  hints: [],
});
