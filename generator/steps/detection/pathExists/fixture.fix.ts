/** Fixture of detect.pathExists: the smallest fix that uses it; the invariants test builds it and runs its Pester cases. */
import { defineFix, detect, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Path fixture' };

export default defineFix({
  id: 'kind-path-exists',
  kb: 1,
  module: { name: 'FixForge.KindPathExists', version: '1.0.0', noun: 'KindPathExists', author: 'fixforge', companyName: 'fixforge' },
  title: text,
  description: text,
  // Windows 7: the module is Windows PowerShell 2.0, so the suite's 2.0 check covers the handler.
  appliesTo: ['windows7', 'windows10'],
  targets: { module: { powershell: '2.0' } },
  detection: [
    detect.pathExists({
      id: 'queueNotEmpty', description: text, roots: ['systemProfile'], path: 'Fixture\\Queue', type: 'folder', notEmpty: true,
      indicates: 'problem', messages: { detected: text, clean: text },
    }),
    detect.pathExists({
      id: 'staleMarker', description: text, roots: ['windows', 'currentUserProfile'], path: 'Fixture\\marker.txt', type: 'file', olderThan: { days: 2 },
      indicates: 'evidence', messages: { detected: text, clean: text },
    }),
  ],
  repair: [repair.clearFolderContents({ id: 'clearQueue', description: text, context: 'system', roots: ['systemProfile'], folders: ['Fixture\\Queue'] })],
  verify: [verify.rerunDetection('recheck', text)],
  hints: [],
});
