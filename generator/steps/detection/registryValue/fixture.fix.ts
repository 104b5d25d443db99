/** Fixture of detect.registryValue: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Registry detection fixture' };

export default defineFix({
  id: 'kind-registry-value-detection',
  kb: 1,
  module: { name: 'FixForge.KindRegistryValueDetection', version: '1.0.0', noun: 'KindRegistryValueDetection', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' }, cmd: {} },
  detection: [
    detect.registryValue({
      id: 'taskManagerPolicy', description: text, context: 'everyUser', hive: 'HKCU',
      key: 'Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System', name: 'DisableTaskMgr',
      state: 'equals', value: { type: 'DWord', data: 1 }, messages: { detected: text, clean: text },
    }),
    detect.registryValue({
      id: 'machineMarker', description: text, context: 'system', hive: 'HKLM', key: 'Software\\FixForge\\Fixture', name: '',
      state: 'exists', indicates: 'evidence', messages: { detected: text, clean: text },
    }),
  ],
  repair: [
    repair.clearFolderContents({ id: 'clearFixture', description: text, context: 'currentUser', roots: ['currentUserProfile'], folders: ['AppData\\Local\\Fixture'] }),
  ],
  verify: [verify.foldersEmpty('foldersEmpty', text, ['clearFixture'])],
  hints: [],
});
