/**
 * Windows Search returns nothing or stops indexing, and the index must be rebuilt. The documented
 * procedure (KB 928782, unchanged since): stop the Windows Search service, set
 * SetupCompletedSuccessfully to 0 under HKLM\SOFTWARE\Microsoft\Windows Search so that the service
 * sets itself up again, move the index database out of the way, and start the service; it then
 * builds a new index in the background. Run on demand.
 */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

export default defineFix({
  id: 'windows-search-index',
  kb: 928782,
  module: { name: 'FixForge.WindowsSearchIndex', version: '1.0.0', noun: 'WindowsSearchIndex', author: 'fixforge', companyName: 'fixforge' },
  title: { 'en-US': 'Rebuild the Windows Search index' },
  description: {
    'en-US':
      'Stops Windows Search, marks its setup as not completed, moves the index database aside (one earlier copy is kept) and starts the service, which builds a new index. Searches are incomplete until the new index is built.',
  },
  appliesTo: ['windows7', 'windows8', 'windows81', 'windows10', 'windows11'],
  targets: { module: { powershell: '2.0' }, cmd: {}, intune: { powershell: '5.1' }, gpo: { powershell: '2.0' } },
  detection: [
    detect.always({
      id: 'onDemand',
      description: { 'en-US': 'On demand: the index is rebuilt whenever the fix is run.' },
      messages: {
        detected: { 'en-US': 'Run on demand: the Windows Search index will be rebuilt.' },
        clean: { 'en-US': 'Not applicable: this fix runs on demand.' },
      },
    }),
  ],
  repair: [
    repair.service({
      id: 'stopSearch',
      description: { 'en-US': 'Stop the Windows Search service (WSearch), ending SearchIndexer.exe if it hangs.' },
      context: 'system',
      service: 'WSearch',
      action: 'stop',
      timeoutSeconds: 60,
      stopProcessIfHung: true,
      onFailure: 'stop',
    }),
    repair.registryValue({
      id: 'markSetupIncomplete',
      description: { 'en-US': 'Set SetupCompletedSuccessfully to 0, so that Windows Search sets itself up again.' },
      context: 'system',
      hive: 'HKLM',
      key: 'SOFTWARE\\Microsoft\\Windows Search',
      name: 'SetupCompletedSuccessfully',
      action: 'set',
      value: { type: 'DWord', data: 0 },
      onFailure: 'stop',
    }),
    repair.moveAside({
      id: 'moveIndexAside',
      description: { 'en-US': 'Move the index database (ProgramData\\Microsoft\\Search\\Data\\Applications\\Windows) aside, keeping one earlier copy.' },
      context: 'system',
      roots: ['programData'],
      path: 'Microsoft\\Search\\Data\\Applications\\Windows',
      keep: 2,
      onFailure: 'stop',
    }),
    repair.service({
      id: 'startSearch',
      description: { 'en-US': 'Start the Windows Search service.' },
      context: 'system',
      service: 'WSearch',
      action: 'start',
      timeoutSeconds: 60,
    }),
  ],
  verify: [
    verify.that('searchRunning', { 'en-US': 'Windows Search runs again.' }, detect.serviceState({
      id: 'searchRuns',
      description: { 'en-US': 'The Windows Search service is running.' },
      service: 'WSearch',
      state: ['running'],
      indicates: 'problem',
      messages: {
        detected: { 'en-US': 'Windows Search is running.' },
        clean: { 'en-US': 'Windows Search is not running.' },
      },
    })),
  ],
  hints: [],
});
