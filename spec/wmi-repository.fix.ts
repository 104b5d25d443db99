/**
 * WMI repository inconsistent: `winmgmt /verifyrepository` reports an inconsistent repository
 * (exit code other than 0), and WMI queries fail or return nothing. Microsoft's procedure for
 * Windows Vista and later: salvage the repository with `winmgmt /salvagerepository` (it keeps
 * what can be read and rebuilds the rest), then verify it again. Resetting the repository
 * (`/resetrepository`) loses registered providers' data and is left to an administrator.
 */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

export default defineFix({
  id: 'wmi-repository',
  link: 'https://learn.microsoft.com/en-us/windows/win32/wmisdk/winmgmt',
  module: { name: 'FixForge.WmiRepository', version: '1.0.0', noun: 'WmiRepository', author: 'fixforge', companyName: 'fixforge' },
  title: { 'en-US': 'The WMI repository is inconsistent' },
  description: {
    'en-US':
      'Windows Management Instrumentation keeps its classes and data in a repository under System32\\wbem\\Repository. When the repository is inconsistent, management tools, Group Policy WMI filters and monitoring agents fail. Salvaging the repository rebuilds what cannot be read and keeps the rest.',
  },
  appliesTo: ['windows7', 'server2008r2', 'windows8', 'server2012', 'windows81', 'server2012r2', 'windows10', 'windows11', 'server2016', 'server2019', 'server2022', 'server2025'],
  // No .cmd: batch cannot run a step only when detection finds the problem (or reach every user's hive).
  targets: { module: { powershell: '2.0' }, intune: { powershell: '5.1' }, gpo: { powershell: '2.0' } },
  detection: [
    detect.programOutput({
      id: 'repositoryInconsistent',
      description: { 'en-US': 'winmgmt /verifyrepository does not report a consistent repository (exit code other than 0).' },
      program: 'wbem\\winmgmt.exe',
      arguments: ['/verifyrepository'],
      // The exit code is language-neutral; the message ("WMI repository is consistent") is not.
      exitCodeNotIn: [0],
      messages: {
        detected: { 'en-US': 'The WMI repository is inconsistent.' },
        clean: { 'en-US': 'The WMI repository is consistent.' },
      },
    }),
  ],
  repair: [
    repair.runProgram({
      id: 'salvageRepository',
      description: { 'en-US': 'Salvage the WMI repository with winmgmt /salvagerepository.' },
      context: 'system',
      program: 'wbem\\winmgmt.exe',
      arguments: ['/salvagerepository'],
      successExitCodes: [0],
      timeoutSeconds: 900,
      when: 'repositoryInconsistent',
    }),
  ],
  verify: [verify.rerunDetection('repositoryConsistent', { 'en-US': 'winmgmt /verifyrepository reports a consistent repository.' })],
  hints: [],
});
