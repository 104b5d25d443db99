/** What `build` hands `--watch`: its own file, so that watch.ts and buildCommand.ts do not import each other. */
import type { BuildResult } from '../pipeline/compile';
import type { TargetName } from '../targets';
import type { ProjectContext } from './projectContext';

/** Everything a build needs once the command line and the config are read; watch reuses it. */
export interface BuildPlan {
  readonly project: ProjectContext;
  /** The spec inputs as given (command line or config); watch expands them again to find new specs. */
  readonly cliInputs?: readonly string[];
  readonly outDir: string;
  readonly targets?: readonly TargetName[];
  readonly pretty: boolean;
  readonly run: (specs: readonly string[], quiet: boolean) => Promise<BuildResult>;
}
