/** The project a command runs in: its root folder and its fixforge.config.ts, read once. */
import type { Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import { loadProjectConfig, type ProjectConfig } from '../config/loadConfig';
import { findProjectRoot } from '../config/projectRoot';

export interface ProjectContext {
  readonly cwd: string;
  readonly config: ProjectConfig;
  readonly diagnostics: Diagnostic[];
}

export function loadProjectContext(cwd = process.cwd()): ProjectContext {
  const { config, diagnostics } = loadProjectConfig(findProjectRoot(cwd), cwd);
  return { cwd, config, diagnostics };
}
