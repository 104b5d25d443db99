/** Fixture of repair.registryValue: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Registry repair fixture' };
const policies = 'Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System';

export default defineFix({
  id: 'kind-registry-value-repair',
  kb: 1,
  module: { name: 'FixForge.KindRegistryValueRepair', version: '1.0.0', noun: 'KindRegistryValueRepair', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  appliesTo: ['windows10'],
  targets: { module: { powershell: '5.1' }, cmd: {} },
  detection: [
    detect.registryValue({
      id: 'taskManagerDisabled', description: text, context: 'everyUser', hive: 'HKCU', key: policies, name: 'DisableTaskMgr',
      state: 'exists', messages: { detected: text, clean: text },
    }),
  ],
  repair: [
    repair.registryValue({ id: 'allowTaskManager', description: text, context: 'everyUser', hive: 'HKCU', key: policies, name: 'DisableTaskMgr', action: 'remove' }),
    repair.registryValue({
      id: 'searchSetup', description: text, context: 'system', hive: 'HKLM', key: 'Software\\Microsoft\\Windows Search', name: 'SetupCompletedSuccessfully',
      action: 'set', value: { type: 'DWord', data: 0 },
    }),
    repair.registryValue({
      id: 'userTemp', description: text, context: 'currentUser', hive: 'HKCU', key: 'Software\\FixForge\\Fixture', name: 'Temp Folder',
      action: 'set', value: { type: 'ExpandString', data: '%SystemRoot%\\Temp' },
    }),
    repair.registryValue({
      id: 'machineBytes', description: text, context: 'system', hive: 'HKLM', key: 'Software\\FixForge\\Fixture', name: 'Bytes',
      action: 'set', value: { type: 'Binary', data: [0, 171, 255] },
    }),
    repair.registryValue({
      id: 'machineBig', description: text, context: 'system', hive: 'HKLM', key: 'Software\\FixForge\\Fixture', name: 'Big',
      action: 'set', value: { type: 'QWord', data: 4294967296 },
    }),
    repair.registryValue({
      id: 'userList', description: text, context: 'currentUser', hive: 'HKCU', key: 'Software\\FixForge\\Fixture', name: '',
      action: 'set', value: { type: 'MultiString', data: ['one', 'two words'] },
    }),
    // A double quote is fine for PowerShell, not for reg.exe through cmd: the .cmd leaves this step out (FF3002).
    repair.registryValue({
      id: 'quotedText', description: text, context: 'system', hive: 'HKLM', key: 'Software\\FixForge\\Fixture', name: 'Quoted',
      action: 'set', value: { type: 'String', data: 'say "hi"' },
    }),
    repair.registryValue({ id: 'dropObsolete', description: text, context: 'system', hive: 'HKLM', key: 'Software\\FixForge\\Fixture', name: 'Obsolete', action: 'remove' }),
  ],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
