/**
 * The fixforge command line. Exit codes: 0 ok, 1 diagnostics (errors) or failed checks, 2 usage.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { packageVersion } from '../paths';
import { buildCommand } from './buildCommand';
import { testCommand } from './testCommand';
import { verifyCommand } from './verifyCommand';

export const EXIT_OK = 0;
export const EXIT_DIAGNOSTICS = 1;
export const EXIT_USAGE = 2;

export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  class UsageError extends Error {}
  const setExit = (code: number) => {
    exitCode = code;
  };
  try {
    await yargs(hideBin(['node', 'fixforge', ...argv]))
      .scriptName('fixforge')
      .usage('$0 <command> [options]\n\nCompile Windows repair specs into signed PowerShell, batch, Intune and Group Policy artifacts.')
      .command(buildCommand(setExit))
      .command(verifyCommand(setExit))
      .command(testCommand(setExit))
      .demandCommand(1, 'Give a command: build, verify or test.')
      .strict()
      .version(packageVersion())
      .help()
      .alias('h', 'help')
      .wrap(Math.min(100, process.stdout.columns || 100))
      .fail((msg, err) => {
        // yargs would go on to run the handler after a failed check: stop here.
        throw err && !msg ? err : new UsageError(msg ?? err?.message);
      })
      .parseAsync();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`fixforge: ${e.message}\nRun 'fixforge --help' for usage.\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`fixforge: ${(e as Error).stack ?? e}\n`);
    return EXIT_DIAGNOSTICS;
  }
  return exitCode;
}
