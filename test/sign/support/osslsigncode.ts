/** Running osslsigncode, the independent Authenticode implementation, on files in a directory. */
import { execFile } from 'node:child_process';

export interface ToolResult {
  readonly code: number;
  readonly output: string;
}

export function osslsigncode(args: string[], cwd?: string): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile('osslsigncode', args, { cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** Runs `task` over `items` with at most `limit` at a time (the machines have 2 cores). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i], i);
      }
    }),
  );
  return results;
}
