/**
 * Where `fixforge test` finds pwsh and Pester. An explicit choice wins: the environment
 * variables FIXFORGE_PWSH (the pwsh executable) and FIXFORGE_PESTER (a Pester.psd1 or its
 * folder), then `test.pwsh` / `test.pester` in fixforge.config.ts. Otherwise pwsh on PATH, then
 * the project's `.tools/pwsh/`; Pester from the project's `.tools/nuget/pester/<version>/`, then
 * PSModulePath (Get-Module -ListAvailable).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PesterRunOptions } from 'pester-runner-wrapper';
import { compareVersions } from 'pester-runner-wrapper';
import type { ProjectConfig } from '../config/loadConfig';

export const PWSH_ENV = 'FIXFORGE_PWSH';
export const PESTER_ENV = 'FIXFORGE_PESTER';

export const TOOLS_HELP = `${PWSH_ENV} / ${PESTER_ENV} (the pwsh executable, a Pester.psd1), else test.pwsh / test.pester in fixforge.config.ts, else pwsh on PATH or in .tools/pwsh and Pester in .tools/nuget/pester or PSModulePath.`;

export type PesterTools = Pick<PesterRunOptions, 'pwsh' | 'searchDirs' | 'pesterModulePath' | 'modulePaths'>;

export function pesterTools(config: ProjectConfig, env: NodeJS.ProcessEnv = process.env): PesterTools {
  const tools = path.join(config.root, '.tools');
  const pwsh = env[PWSH_ENV] ? path.resolve(env[PWSH_ENV]) : config.test.pwsh;
  const pester = env[PESTER_ENV] ? path.resolve(env[PESTER_ENV]) : config.test.pester;
  return {
    pwsh,
    searchDirs: [path.join(tools, 'pwsh')],
    pesterModulePath: pester,
    modulePaths: projectPesters(path.join(tools, 'nuget', 'pester')),
  };
}

/** `.tools/nuget/pester/<version>/tools/Pester.psd1`, newest first (what `npm run setup:pwsh` installs). */
function projectPesters(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort((a, b) => compareVersions(b, a))
    .map((v) => path.join(dir, v, 'tools', 'Pester.psd1'))
    .filter((p) => fs.existsSync(p));
}
