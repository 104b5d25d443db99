/** The module as a `.nupkg` for PSResourceGet feeds, made from the module's final bytes (issue 13). */
import { isObj, type FieldReader, type Obj } from '../vocabulary/fieldReader';
import { powerShellRefusal } from '../vocabulary/escape/powershell';
import { nupkgAfterSign } from '../emit/nupkg/emitNupkg';
import type { NupkgIR } from '../ir/types';
import type { Target } from './target';

const HTTPS_URI = /^https:\/\/[^\s'"<>]+$/;
const TAG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;

function lowerUri(r: FieldReader, options: Obj, key: 'projectUri' | 'licenseUri', field: string): string | undefined | null {
  if (options[key] === undefined) return undefined;
  const v = r.string(options, key, `${field}.${key}`);
  if (v === undefined) return null;
  let ok = HTTPS_URI.test(v);
  try {
    ok &&= new URL(v).hostname !== '';
  } catch {
    ok = false;
  }
  if (!ok) {
    r.report('FF2302', [key, v], options, key, `${field}.${key}`);
    return null;
  }
  return v;
}

function lowerNupkgOptions(r: FieldReader, options: Obj, field: string): NupkgIR | undefined {
  let failed = false;
  const projectUri = lowerUri(r, options, 'projectUri', field);
  const licenseUri = lowerUri(r, options, 'licenseUri', field);
  if (projectUri === null || licenseUri === null) failed = true;
  let releaseNotes: string | undefined;
  if (options.releaseNotes !== undefined) {
    releaseNotes = r.string(options, 'releaseNotes', `${field}.releaseNotes`);
    if (releaseNotes === undefined) failed = true;
    else {
      // The notes go into the manifest (a PowerShell literal) and the nuspec (XML 1.0).
      const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(releaseNotes);
      const reason = control ? `the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} cannot appear in a nuspec` : powerShellRefusal(releaseNotes);
      if (reason) {
        r.report('FF2304', [reason], options, 'releaseNotes', `${field}.releaseNotes`);
        failed = true;
      }
    }
  }
  let tags: string[] = [];
  if (options.tags !== undefined) {
    const read = r.strings(options, 'tags', `${field}.tags`);
    if (!read) failed = true;
    else {
      const list = options.tags as unknown as object;
      read.forEach((t, i) => {
        if (!TAG.test(t)) {
          r.report('FF2303', [t], list, i, `${field}.tags[${i}]`);
          failed = true;
        }
      });
      tags = read;
    }
  }
  for (const key of Object.keys(options)) {
    if (!['projectUri', 'licenseUri', 'releaseNotes', 'tags'].includes(key)) {
      r.report('FF1007', [`${field}.${key}`, 'absent: the nupkg options are projectUri, licenseUri, releaseNotes and tags'], options, key, `${field}.${key}`);
      failed = true;
    }
  }
  if (failed) return undefined;
  return {
    ...(projectUri ? { projectUri } : {}),
    ...(licenseUri ? { licenseUri } : {}),
    ...(releaseNotes !== undefined && releaseNotes !== '' ? { releaseNotes } : {}),
    tags,
  };
}

export const nupkgTarget: Target<'nupkg'> = {
  name: 'nupkg',
  lowerOptions: lowerNupkgOptions,
  // The package carries the module target's files, checked by its rules.
  carry: {},
  sourcePath: () => undefined,
  packs: 'module',
  checkReach: (r, spec, targets) => {
    const t = isObj(spec.targets) ? spec.targets : undefined;
    if (targets.nupkg && !targets.module && t) r.report('FF2301', ['nupkg', 'module'], t, 'nupkg', 'targets.nupkg');
  },
  emit: () => [],
  afterSign: nupkgAfterSign,
};
