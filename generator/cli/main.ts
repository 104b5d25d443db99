/**
 * The fixforge command line. Exit codes (exitCodes.ts): 0 ok, 1 diagnostics (errors) or failed
 * checks, 2 usage. With --json every outcome, usage errors included, is one JSON document on
 * stdout (jsonResult.ts).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { packageVersion } from '../vocabulary/paths';
import { buildCommand } from './buildCommand';
import { EXIT_CODES_HELP, EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE } from './exitCodes';
import { initCommand } from './initCommand';
import { publishCommand } from './publishCommand';
import { writeJson, type CommandName } from './jsonResult';
import { formatPlain } from './printDiagnostics';
import { testCommand } from './testCommand';
import { UsageError } from './usageError';
import { verifyCommand } from './verifyCommand';

export { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE };

export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
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
      .command(initCommand(setExit))
      .command(publishCommand(setExit))
      .demandCommand(1, 'Give a command: build, verify, test, init or publish.')
      .strict()
      .version(packageVersion())
      .help()
      .alias('h', 'help')
      .epilogue(EXIT_CODES_HELP)
      .wrap(Math.min(100, process.stdout.columns || 100))
      .fail((msg, err) => {
        // yargs would go on to run the handler after a failed check: stop here.
        if (err && !msg) throw err;
        throw UsageError.of('FF6007', [msg ?? err?.message ?? 'invalid command line']);
      })
      .parseAsync();
  } catch (e) {
    if (!(e instanceof UsageError)) {
      process.stderr.write(`fixforge: ${(e as Error).stack ?? e}\n`);
      return EXIT_DIAGNOSTICS;
    }
    if (argv.includes('--json')) {
      writeJson(commandOf(argv), EXIT_USAGE, [e.diagnostic]);
    } else {
      const command = commandOf(argv);
      process.stderr.write(`fixforge: ${formatPlain(e.diagnostic)}\nRun 'fixforge ${command ? `${command} ` : ''}--help' for usage.\n`);
    }
    return EXIT_USAGE;
  }
  return exitCode;
}

function commandOf(argv: readonly string[]): CommandName | undefined {
  const first = argv.find((a) => !a.startsWith('-'));
  return first === 'build' || first === 'verify' || first === 'test' || first === 'init' || first === 'publish' ? first : undefined;
}

