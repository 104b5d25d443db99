/** Timing of pipeline stages, for the CLI's one line of progress per stage. */
export interface StageTiming {
  readonly stage: string;
  readonly ms: number;
  readonly detail: string;
}

export class StageClock {
  readonly timings: StageTiming[] = [];

  constructor(private readonly onStage?: (t: StageTiming) => void) {}

  run<T>(stage: string, fn: () => T, detail: (result: T) => string = () => ''): T {
    const start = process.hrtime.bigint();
    const result = fn();
    this.finish(stage, start, detail(result));
    return result;
  }

  async runAsync<T>(stage: string, fn: () => Promise<T>, detail: (result: T) => string = () => ''): Promise<T> {
    const start = process.hrtime.bigint();
    const result = await fn();
    this.finish(stage, start, detail(result));
    return result;
  }

  private finish(stage: string, start: bigint, detail: string): void {
    const t = { stage, ms: Number(process.hrtime.bigint() - start) / 1e6, detail };
    this.timings.push(t);
    this.onStage?.(t);
  }
}
