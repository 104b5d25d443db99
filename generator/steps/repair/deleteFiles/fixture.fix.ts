/** Fixture of repair.deleteFiles: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Delete files fixture' };

export default defineFix({
  id: 'kind-delete-files',
  kb: 1,
  module: { name: 'FixForge.KindDeleteFiles', version: '1.0.0', noun: 'KindDeleteFiles', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  // Windows 7: the module is Windows PowerShell 2.0, so the suite's 2.0 check covers the handler.
  appliesTo: ['windows7', 'windows10'],
  targets: { module: { powershell: '2.0' }, cmd: {} },
  detection: [
    detect.pathExists({
      id: 'stuckJob', description: text, roots: ['system32'], path: 'spool\\PRINTERS\\stuck.spl', type: 'file',
      indicates: 'problem', messages: { detected: text, clean: text },
    }),
  ],
  repair: [
    // Batch: by extension (`*.spl`), by exact name, and a recursive step it leaves to PowerShell.
    repair.deleteFiles({ id: 'deleteJobs', description: text, context: 'system', roots: ['system32'], folder: 'spool\\PRINTERS', pattern: '*.spl' }),
    repair.deleteFiles({ id: 'deleteTrace', description: text, context: 'currentUser', roots: ['localAppData'], folder: 'Fixture\\Logs', pattern: 'trace.log' }),
    repair.deleteFiles({ id: 'deleteTemp', description: text, context: 'everyUser', roots: ['everyUserProfile'], folder: 'AppData\\Local\\Fixture\\Temp', pattern: 'job?.*', recurse: true }),
  ],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
