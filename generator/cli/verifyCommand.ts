/** `fixforge verify`: Authenticode status of every PowerShell file, Windows-like. */
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { makeDiagnostic, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import { allValid, formatVerifyReport, loadTrustedRoots, SignError, verifyPath, type FileVerifyResult } from '../pipeline/sign';
import { EXIT_CODES_HELP, EXIT_DIAGNOSTICS, EXIT_OK } from './exitCodes';
import { writeJson } from './jsonResult';
import { prettyByDefault, printDiagnostics } from './printDiagnostics';
import { UsageError } from './usageError';

interface VerifyArgs {
  path: string;
  ca?: string[];
  json: boolean;
  pretty?: boolean;
}

export function verifyCommand(setExit: (code: number) => void): CommandModule<object, VerifyArgs> {
  return {
    command: 'verify <path>',
    describe: 'Check the Authenticode signatures of a PowerShell file or of every one in a folder',
    builder: (y) =>
      y
        .positional('path', { type: 'string', demandOption: true, describe: 'A PowerShell file (.ps1 .psm1 .psd1 .psrc .pssc .ps1xml .cdxml) or a folder (links in it are reported, never followed)' })
        .option('ca', { type: 'string', array: true, describe: 'Trusted root certificate(s), PEM or DER' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable result to stdout (schemaVersion 1)' })
        .option('pretty', { type: 'boolean', describe: 'Colour in diagnostics (default: on for a terminal, off in CI and with --json)' })
        .example('$0 verify out/kb2328240 --ca out/kb2328240/fixforge-development-signing.cer', 'Verify a signed build')
        .epilogue(EXIT_CODES_HELP),
    handler: async (args) => {
      // A path that is not there is a usage mistake (exit 2), not an unsigned file.
      if (!fs.existsSync(args.path)) throw UsageError.of('FF6004', [args.path]);
      const report = (code: number, diagnostics: Diagnostic[], results: readonly FileVerifyResult[]) => {
        setExit(code);
        if (args.json) return writeJson('verify', code, diagnostics, { files: results });
        printDiagnostics(diagnostics, !args.json && (args.pretty ?? prettyByDefault()));
        if (results.length > 0) process.stdout.write(`${formatVerifyReport(results)}\n`);
      };
      try {
        const trustedRoots = await loadTrustedRoots(args.ca ?? []);
        const results = await verifyPath(args.path, { trustedRoots });
        // An empty folder, or one without PowerShell files, proves nothing: that is a failure.
        if (results.length === 0) return report(EXIT_DIAGNOSTICS, [makeDiagnostic('FF6005', [args.path])], results);
        report(allValid(results) ? EXIT_OK : EXIT_DIAGNOSTICS, [], results);
      } catch (e) {
        if (!(e instanceof SignError)) throw e;
        report(EXIT_DIAGNOSTICS, [e.diagnostic], []);
      }
    },
  };
}

