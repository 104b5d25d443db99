/** `fixforge verify`: Authenticode status of every PowerShell file, Windows-like. */
import type { CommandModule } from 'yargs';
import { formatDiagnostic } from '../diagnostics/diagnostic';
import { allValid, formatVerifyJson, formatVerifyReport, loadTrustedRoots, SignError, verifyPath } from '../sign';

interface VerifyArgs {
  path: string;
  ca?: string[];
  json: boolean;
}

export function verifyCommand(setExit: (code: number) => void): CommandModule<object, VerifyArgs> {
  return {
    command: 'verify <path>',
    describe: 'Check the Authenticode signatures of a PowerShell file or of every one in a folder',
    builder: (y) =>
      y
        .positional('path', { type: 'string', demandOption: true, describe: 'A .ps1/.psm1/.psd1 file or a folder' })
        .option('ca', { type: 'string', array: true, describe: 'Trusted root certificate(s), PEM or DER' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable result to stdout' })
        .example('$0 verify out/kb2328240 --ca out/kb2328240/fixforge-development-signing.cer', 'Verify a signed build'),
    handler: async (args) => {
      try {
        const trustedRoots = await loadTrustedRoots(args.ca ?? []);
        const results = await verifyPath(args.path, { trustedRoots });
        process.stdout.write(`${args.json ? formatVerifyJson(results) : formatVerifyReport(results)}\n`);
        setExit(allValid(results) ? 0 : 1);
      } catch (e) {
        if (!(e instanceof SignError)) throw e;
        process.stderr.write(`${formatDiagnostic(e.diagnostic)}\n`);
        setExit(1);
      }
    },
  };
}
