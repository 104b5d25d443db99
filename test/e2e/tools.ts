// The pwsh and Pester of this checkout (`npm run setup:pwsh`), handed to the installed fixforge
// through FIXFORGE_PWSH / FIXFORGE_PESTER, as a team would point it at theirs.
import fs from 'node:fs';
import path from 'node:path';
import { compareVersions } from 'pester-runner-wrapper';
import { pwshPath as checkoutPwsh, repoRoot } from '../support/pwsh';

export function pwshPath(): string {
  const found = checkoutPwsh();
  if (!found) throw new Error('no pwsh on PATH or in .tools/pwsh: run `npm run setup:pwsh`');
  return found;
}

/** The newest .tools/nuget/pester/<version>/tools/Pester.psd1, else '' (Pester from PSModulePath). */
export function pesterModulePath(): string {
  const dir = path.join(repoRoot, '.tools/nuget/pester');
  const versions = fs.existsSync(dir) ? fs.readdirSync(dir).sort((a, b) => compareVersions(b, a)) : [];
  return versions.map((v) => path.join(dir, v, 'tools/Pester.psd1')).find((p) => fs.existsSync(p)) ?? '';
}
