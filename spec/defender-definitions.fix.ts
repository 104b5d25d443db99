/**
 * Microsoft Defender Antivirus security intelligence (definitions) damaged or stuck: updates
 * fail (0x80070643, 0x8050A004), or scans report an engine or definition error. Microsoft's
 * documented procedure: remove the installed security intelligence with
 * `MpCmdRun.exe -RemoveDefinitions -All` (back to the original default set), then download the
 * current one with `MpCmdRun.exe -SignatureUpdate`, both from `%ProgramFiles%\Windows Defender`,
 * as an administrator (here: as SYSTEM).
 *
 * Sources:
 * - https://learn.microsoft.com/en-us/defender-endpoint/command-line-arguments-microsoft-defender-antivirus
 *   (MpCmdRun.exe: -RemoveDefinitions [-All], -SignatureUpdate; run from %ProgramFiles%\Windows Defender)
 * - https://learn.microsoft.com/en-us/defender-endpoint/manage-protection-updates-microsoft-defender-antivirus
 *   (updating security intelligence; MpCmdRun -SignatureUpdate as one of the update sources)
 *
 * MpCmdRun.exe is started only when its folders are no links, admin-only, and the file carries a
 * valid signature whose certificate names Microsoft Corporation. Where Defender is not installed
 * (removed on a server, another antivirus), the steps report NotNeeded.
 */
import { defineFix, detect, repair } from 'fixforge/dsl';

const mpCmdRun = { root: 'programFiles', path: 'Windows Defender\\MpCmdRun.exe', signedBy: 'Microsoft Corporation' } as const;

export default defineFix({
  id: 'defender-definitions',
  link: 'https://learn.microsoft.com/en-us/defender-endpoint/command-line-arguments-microsoft-defender-antivirus',
  module: { name: 'FixForge.DefenderDefinitions', version: '1.0.0', noun: 'DefenderDefinitions', author: 'fixforge', companyName: 'fixforge' },
  title: { 'en-US': 'Microsoft Defender Antivirus definitions are damaged or do not update' },
  description: {
    'en-US':
      'Microsoft Defender Antivirus keeps its security intelligence (definitions) in its own folders. When they are damaged, updates fail or scans report engine errors. Removing the installed definitions and downloading them again, with the MpCmdRun.exe tool Microsoft documents for it, restores them.',
  },
  appliesTo: ['windows10', 'windows11', 'server2016', 'server2019', 'server2022', 'server2025'],
  // No .cmd: batch cannot check MpCmdRun.exe's signature (FF3002).
  targets: { module: { powershell: '5.1' }, intune: { powershell: '5.1' } },
  // On demand: run when a user or the help desk reports failing Defender updates.
  detection: [
    detect.always({
      id: 'onDemand',
      description: { 'en-US': 'Run on request: damaged definitions show as failing updates or scans, not as a state to read.' },
      messages: {
        detected: { 'en-US': 'The Defender definitions will be removed and downloaded again.' },
        clean: { 'en-US': 'Nothing to do.' },
      },
    }),
  ],
  repair: [
    repair.runProgram({
      id: 'removeDefinitions',
      description: { 'en-US': 'Remove the installed Defender definitions with MpCmdRun.exe -RemoveDefinitions -All.' },
      context: 'system',
      program: mpCmdRun,
      arguments: ['-RemoveDefinitions', '-All'],
      successExitCodes: [0],
      whenMissing: 'skip',
      onFailure: 'stop',
    }),
    repair.runProgram({
      id: 'updateDefinitions',
      description: { 'en-US': 'Download the current Defender definitions with MpCmdRun.exe -SignatureUpdate.' },
      context: 'system',
      program: mpCmdRun,
      arguments: ['-SignatureUpdate'],
      successExitCodes: [0],
      timeoutSeconds: 1800,
      whenMissing: 'skip',
      retry: { count: 2, delaySeconds: 60 },
    }),
  ],
  verify: [],
  hints: [],
});
