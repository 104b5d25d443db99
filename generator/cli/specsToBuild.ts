import fs from 'node:fs';
import path from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import { CONFIG_FILE } from '../config/projectRoot';
import { expandSpecInputs } from '../config/specInputs';
import type { ProjectContext } from './projectContext';

/**
 * The specs to build: the command line's inputs (relative to cwd), else the config's `specs`
 * (relative to the project). Nothing to build is FF1102, not an empty success.
 */
export function specsToBuild(project: ProjectContext, cliInputs: readonly string[] | undefined): { specs: string[]; diagnostics: Diagnostic[] } {
  const configFile = project.config.file ?? CONFIG_FILE;
  if (cliInputs?.length) return expandSpecInputs(cliInputs, project.cwd);
  const inputs = project.config.specs.map((p) => pathFromProject(project, p));
  const present = inputs.filter((p) => fs.existsSync(path.resolve(project.cwd, p)) || /[*?[]/.test(p));
  // Without a config, the default folder is only a guess: its absence means nothing was asked for.
  if (!project.config.file && present.length === 0) return { specs: [], diagnostics: [makeDiagnostic('FF1102', [configFile])] };
  const expanded = expandSpecInputs(present, project.cwd);
  const missing = inputs.filter((p) => !present.includes(p)).map((p) => makeDiagnostic('FF1103', [p]));
  const diagnostics = [...missing, ...expanded.diagnostics];
  if (expanded.specs.length === 0 && diagnostics.length === 0) diagnostics.push(makeDiagnostic('FF1102', [configFile]));
  return { specs: expanded.specs, diagnostics };
}

export function pathFromProject(project: ProjectContext, p: string): string {
  return path.relative(project.cwd, path.resolve(project.config.root, p)).split(path.sep).join('/') || '.';
}

