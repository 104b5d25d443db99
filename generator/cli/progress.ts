import type { StageTiming } from '../pipeline/stages';

/** One line per stage on stderr, so stdout stays clean for --json and --emit-ir. */
export function printStage(t: StageTiming): void {
  process.stderr.write(`[fixforge] ${t.stage.padEnd(10)} ${t.ms.toFixed(0).padStart(6)} ms  ${t.detail}\n`);
}
