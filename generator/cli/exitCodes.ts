/** The exit codes of every command, in one place, so `--help` and the README cannot drift. */
export const EXIT_OK = 0;
export const EXIT_DIAGNOSTICS = 1;
export const EXIT_USAGE = 2;

export const EXIT_CODES_HELP = [
  'Exit codes:',
  `  ${EXIT_OK}  success (built; every signature valid; every test passed; project created; published)`,
  `  ${EXIT_DIAGNOSTICS}  errors: diagnostics, invalid signatures, failed tests, init refused to overwrite, Graph errors`,
  `  ${EXIT_USAGE}  usage: unknown command or option, conflicting options, a path that does not exist`,
].join('\n');
