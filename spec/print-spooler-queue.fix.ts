/**
 * Print jobs stuck in the queue: documents stay "Spooling" or "Error" and nothing prints, and
 * deleting them from the queue window does not work. The documented procedure: stop the Print
 * Spooler service (its process, spoolsv.exe, when it does not stop), delete the spool files in
 * %windir%\System32\spool\PRINTERS, start the service again, and check that it runs.
 */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const SPOOL = 'spool\\PRINTERS';

export default defineFix({
  id: 'print-spooler-queue',
  // The command reference of the service control the fix relies on; the procedure is the one above.
  link: 'https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/sc-query',
  module: { name: 'FixForge.PrintSpoolerQueue', version: '1.0.0', noun: 'PrintSpoolerQueue', author: 'fixforge', companyName: 'fixforge' },
  title: { 'en-US': 'Print jobs are stuck in the print queue' },
  description: {
    'en-US':
      'Stops the Print Spooler service (ending spoolsv.exe if it hangs), deletes the spool files of every queued job in System32\\spool\\PRINTERS, and starts the service again. Every queued job on this computer is lost: users print them again.',
  },
  appliesTo: ['windows7', 'server2008r2', 'windows8', 'server2012', 'windows81', 'server2012r2', 'windows10', 'windows11', 'server2016', 'server2019', 'server2022', 'server2025'],
  targets: { module: { powershell: '2.0' }, cmd: {}, intune: { powershell: '5.1' }, gpo: { powershell: '2.0' } },
  detection: [
    detect.pathExists({
      id: 'staleSpoolFiles',
      description: { 'en-US': 'The spool folder holds jobs and has not changed for 30 minutes.' },
      roots: ['system32'],
      path: SPOOL,
      type: 'folder',
      notEmpty: true,
      olderThan: { minutes: 30 },
      indicates: 'problem',
      messages: {
        detected: { 'en-US': 'Print jobs have been waiting in the spool folder for more than 30 minutes.' },
        clean: { 'en-US': 'No print jobs are stuck in the spool folder.' },
      },
    }),
    detect.serviceState({
      id: 'spoolerNotRunning',
      description: { 'en-US': 'The Print Spooler service is not running (reported only: it may be stopped on purpose).' },
      service: 'Spooler',
      state: ['stopped', 'stopPending', 'startPending', 'paused'],
      indicates: 'evidence',
      messages: {
        detected: { 'en-US': 'The Print Spooler service is not running.' },
        clean: { 'en-US': 'The Print Spooler service is running.' },
      },
    }),
  ],
  repair: [
    repair.service({
      id: 'stopSpooler',
      description: { 'en-US': 'Stop the Print Spooler service, ending spoolsv.exe if it does not stop within 30 seconds.' },
      context: 'system',
      service: 'Spooler',
      action: 'stop',
      timeoutSeconds: 30,
      stopProcessIfHung: true,
      onFailure: 'stop',
    }),
    repair.deleteFiles({
      id: 'deleteSpoolFiles',
      description: { 'en-US': 'Delete the spool files (.SPL, .SHD) of every queued job.' },
      context: 'system',
      roots: ['system32'],
      folder: SPOOL,
      pattern: '*',
    }),
    repair.service({
      id: 'startSpooler',
      description: { 'en-US': 'Start the Print Spooler service.' },
      context: 'system',
      service: 'Spooler',
      action: 'start',
      timeoutSeconds: 60,
    }),
  ],
  verify: [
    verify.that('spoolerRunning', { 'en-US': 'The Print Spooler service runs.' }, detect.serviceState({
      id: 'spoolerRuns',
      description: { 'en-US': 'The Print Spooler service is running.' },
      service: 'Spooler',
      state: ['running'],
      indicates: 'problem',
      messages: {
        detected: { 'en-US': 'The Print Spooler service is running.' },
        clean: { 'en-US': 'The Print Spooler service is not running.' },
      },
    })),
    verify.rerunDetection('queueMoving', { 'en-US': 'No print job has been waiting for more than 30 minutes.' }),
  ],
  hints: [],
});
