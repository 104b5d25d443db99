// A `fixforge build --watch` process whose stderr a test can wait on, line by line.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Watcher {
  readonly process: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves when stderr has `count` lines matching `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, count?: number, timeoutMs?: number): Promise<string[]>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startWatch(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Watcher {
  const child = spawn(command, args, { cwd, env: { ...env, CI: undefined }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const matches = (pattern: RegExp) => err.split('\n').filter((l) => pattern.test(l));
  return {
    process: child,
    stderr: () => err,
    waitFor: (pattern, count = 1, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const found = matches(pattern);
          if (found.length >= count) {
            clearInterval(poll);
            resolve(found);
          } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`no ${count} line(s) matching ${pattern} in:\n${err}`));
          }
        }, 50);
      }),
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
