/**
 * The example spec `fixforge init` writes: a small, real fix (an Office add-in cache that goes
 * stale after an update) that builds, signs and passes its generated Pester tests as it is, so a
 * new project's first CI run is green and every part of a spec is there to copy.
 */
export interface ExampleSpecOptions {
  readonly author: string;
  readonly companyName: string;
}

export const EXAMPLE_SPEC_PATH = 'fixes/office-wef-cache.fix.ts';

export function exampleSpec(o: ExampleSpecOptions): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `import { defineFix, detect, repair, verify } from 'fixforge/dsl';

// Office keeps web add-ins (manifests and their files) in the user's Wef folder. After an add-in
// update a stale copy can keep loading the old version; emptying the cache makes Office fetch
// the current one at the next start.
const WEF_CACHE = 'AppData\\\\Local\\\\Microsoft\\\\Office\\\\16.0\\\\Wef';

// A small helper: this fix's texts are English only. A spec may define and import helper
// functions like this one ("Writing specs" in the DSL reference); they are evaluated, never run.
const en = (text: string) => ({ 'en-US': text });

export default defineFix({
  id: 'office-wef-cache',
  kb: 0, // no Microsoft KB article: 0
  module: {
    name: 'Fixes.OfficeWefCache',
    version: '1.0.0',
    noun: 'OfficeAddinCache',
    author: ${q(o.author)},
    companyName: ${q(o.companyName)},
  },
  title: en('Office web add-ins load an outdated version'),
  description: en(
    'Office caches web add-ins in the Wef folder of the user profile. Emptying it makes Office download the current add-in manifests at the next start.',
  ),
  appliesTo: ['windows10', 'windows11'],
  targets: { module: { powershell: '5.1' }, cmd: {}, intune: { powershell: '5.1' } },

  detection: [
    detect.fileContent({
      id: 'cachedManifest',
      description: en('Cached add-in manifests in the Wef folder.'),
      roots: ['currentUserProfile'],
      folder: WEF_CACHE,
      contains: '<OfficeApp',
      indicates: 'problem',
      messages: {
        detected: en('Cached Office add-in manifests were found.'),
        clean: en('No cached Office add-in manifests.'),
      },
    }),
  ],

  repair: [
    repair.clearFolderContents({
      id: 'clearWefCache',
      description: en('Empty the Office web add-in cache of the current user.'),
      context: 'currentUser',
      roots: ['currentUserProfile'],
      folders: [WEF_CACHE],
    }),
  ],

  verify: [
    verify.foldersEmpty('cacheEmpty', en('The add-in cache is empty.'), ['clearWefCache']),
    verify.rerunDetection('noCachedManifest', en('No cached add-in manifests are left.')),
  ],

  hints: [],
});
`;
}
