/**
 * "Task Manager has been disabled by your administrator": the DisableTaskMgr policy value under
 * HKCU\Software\Microsoft\Windows\CurrentVersion\Policies\System, often left behind by malware or
 * a removed policy. Microsoft's procedure: delete the value. Here for every user with a profile on
 * the computer, logged on or not (their NTUSER.DAT is loaded for the run and unloaded afterwards).
 * Where a Group Policy still sets it, the next policy refresh writes it again: fix the policy.
 */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const POLICY_KEY = 'Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System';

export default defineFix({
  id: 'task-manager-policy',
  // The command reference of the deletion the fix performs (reg delete); the policy is "Remove Task Manager".
  link: 'https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/reg-delete',
  module: { name: 'FixForge.TaskManagerPolicy', version: '1.0.0', noun: 'TaskManagerPolicy', author: 'fixforge', companyName: 'fixforge' },
  cultures: ['en-US', 'nl-NL'],
  title: {
    'en-US': 'Task Manager has been disabled by a policy value',
    'nl-NL': 'Taakbeheer is uitgeschakeld door een beleidswaarde',
  },
  description: {
    'en-US': 'Removes the DisableTaskMgr policy value from the registry of every user, logged on or not, so that Task Manager opens again.',
    'nl-NL': 'Verwijdert de beleidswaarde DisableTaskMgr uit het register van elke gebruiker, aangemeld of niet, zodat Taakbeheer weer opent.',
  },
  appliesTo: ['windows7', 'server2008r2', 'windows8', 'server2012', 'windows81', 'server2012r2', 'windows10', 'windows11', 'server2016', 'server2019', 'server2022', 'server2025'],
  // No .cmd: batch cannot run a step only when detection finds the problem (or reach every user's hive).
  targets: { module: { powershell: '2.0' }, intune: { powershell: '5.1' }, gpo: { powershell: '2.0' } },
  detection: [
    detect.registryValue({
      id: 'taskManagerDisabled',
      description: { 'en-US': 'DisableTaskMgr is set in a user\'s Policies\\System key.', 'nl-NL': 'DisableTaskMgr staat in de sleutel Policies\\System van een gebruiker.' },
      context: 'everyUser',
      hive: 'HKCU',
      key: POLICY_KEY,
      name: 'DisableTaskMgr',
      state: 'exists',
      messages: {
        detected: { 'en-US': 'Task Manager is disabled by policy for at least one user.', 'nl-NL': 'Taakbeheer is voor minstens één gebruiker uitgeschakeld door beleid.' },
        clean: { 'en-US': 'No user has Task Manager disabled by policy.', 'nl-NL': 'Geen enkele gebruiker heeft Taakbeheer uitgeschakeld door beleid.' },
      },
    }),
  ],
  repair: [
    repair.registryValue({
      id: 'removePolicyValue',
      description: { 'en-US': 'Remove DisableTaskMgr from every user\'s Policies\\System key (the previous value is logged).', 'nl-NL': 'DisableTaskMgr verwijderen uit de sleutel Policies\\System van elke gebruiker (de vorige waarde wordt vastgelegd).' },
      context: 'everyUser',
      hive: 'HKCU',
      key: POLICY_KEY,
      name: 'DisableTaskMgr',
      action: 'remove',
      when: 'taskManagerDisabled',
    }),
  ],
  verify: [
    verify.that('policyValueGone', { 'en-US': 'No user has DisableTaskMgr any more.', 'nl-NL': 'Geen enkele gebruiker heeft nog DisableTaskMgr.' }, detect.registryValue({
      id: 'policyValueMissing',
      description: { 'en-US': 'DisableTaskMgr is missing for every user.', 'nl-NL': 'DisableTaskMgr ontbreekt bij elke gebruiker.' },
      context: 'everyUser',
      hive: 'HKCU',
      key: POLICY_KEY,
      name: 'DisableTaskMgr',
      state: 'missing',
      messages: {
        detected: { 'en-US': 'DisableTaskMgr is gone.', 'nl-NL': 'DisableTaskMgr is verdwenen.' },
        clean: { 'en-US': 'DisableTaskMgr is still set for a user.', 'nl-NL': 'DisableTaskMgr staat nog bij een gebruiker.' },
      },
    })),
  ],
  hints: [],
});
