/** `fixforge init [dir]`: a new fixes project, ready for `npm install`, an editor and CI. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { initProject } from './init/initProject';
import { EXIT_CODES_HELP, EXIT_DIAGNOSTICS, EXIT_OK } from './exitCodes';
import { writeJson } from './jsonResult';
import { prettyByDefault, printDiagnostics } from './printDiagnostics';

interface InitArgs {
  dir: string;
  author?: string;
  company?: string;
  json: boolean;
  pretty?: boolean;
}

export function initCommand(setExit: (code: number) => void): CommandModule<object, InitArgs> {
  return {
    command: 'init [dir]',
    describe: 'Create a fixes project: package.json, tsconfig.json, fixforge.config.ts, an example spec, .gitignore, CI workflows',
    builder: (y) =>
      y
        .positional('dir', { type: 'string', default: '.', describe: 'Project folder (created if missing)' })
        .option('author', { type: 'string', describe: "module.author of the project's fixes (default: the folder name)" })
        .option('company', { type: 'string', describe: 'module.companyName of the fixes (default: the author)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable result to stdout (schemaVersion 1)' })
        .option('pretty', { type: 'boolean', describe: 'Colour in diagnostics (default: on for a terminal, off in CI and with --json)' })
        .example('$0 init', 'Set up the current folder (after `npm i -D fixforge`)')
        .example('$0 init my-fixes --company Contoso', 'A new folder')
        .epilogue(EXIT_CODES_HELP),
    handler: (args) => {
      const result = initProject({ dir: args.dir, author: args.author, companyName: args.company });
      const code = result.ok ? EXIT_OK : EXIT_DIAGNOSTICS;
      setExit(code);
      if (args.json) return writeJson('init', code, result.diagnostics, { dir: result.dir, created: result.created, updated: result.updated });
      printDiagnostics(result.diagnostics, args.pretty ?? prettyByDefault());
      if (!result.ok) {
        process.stderr.write('init refused: nothing was written\n');
        return;
      }
      for (const f of result.created) process.stderr.write(`created ${f}\n`);
      for (const f of result.updated) process.stderr.write(`updated ${f} (added the scripts and devDependencies it lacked)\n`);
      const cd = path.relative(process.cwd(), result.dir);
      process.stderr.write(
        `\nNext: ${cd ? `cd ${cd} && ` : ''}npm install && npx tsc --noEmit && npx fixforge build --sign && npx fixforge test\n`,
      );
    },
  };
}
