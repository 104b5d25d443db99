import type { CommandModule } from 'yargs';
import { build, type BuildResult } from '../pipeline/compile';
import { formatDiagnostic, hasErrors } from '../diagnostics/diagnostic';
import { targetNames, type TargetName } from '../targets';
import { printStage } from './progress';
import { createSigner } from './signingOptions';
import { SignError } from '../sign';
import { packageRoot } from '../paths';

interface BuildArgs {
  spec: string[];
  out: string;
  target?: string[];
  'emit-ir': boolean;
  json: boolean;
  sign: boolean;
  pfx?: string;
  'pfx-password-env'?: string;
  key?: string;
  cert?: string;
  'timestamp-url'?: string;
  'timestamp-optional': boolean;
}

export function buildCommand(setExit: (code: number) => void): CommandModule<object, BuildArgs> {
  return {
    command: 'build <spec...>',
    describe: 'Compile fix specs into out/<fix-id>/',
    builder: (y) =>
      y
        .positional('spec', { type: 'string', array: true, demandOption: true, describe: 'Spec files (spec/*.fix.ts)' })
        .option('out', { type: 'string', default: 'out', describe: 'Output folder' })
        .option('target', {
          type: 'string',
          array: true,
          describe: `Targets to emit (comma-separated): ${targetNames.join(', ')}. Default: every target the spec enables`,
          coerce: (values: string[]) => values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean),
        })
        .check((a) => {
          const unknown = (a.target ?? []).filter((t) => !(targetNames as readonly string[]).includes(t));
          return unknown.length ? `Unknown target(s): ${unknown.join(', ')}. Known: ${targetNames.join(', ')}.` : true;
        })
        .option('emit-ir', { type: 'boolean', default: false, describe: 'Print the intermediate representation (JSON) to stdout' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable result to stdout' })
        .option('sign', { type: 'boolean', default: false, describe: 'Authenticode-sign every PowerShell file (a development certificate when no key is given)' })
        .option('pfx', { type: 'string', describe: 'PFX/PKCS#12 file with the code-signing key and chain' })
        .option('pfx-password-env', { type: 'string', describe: 'Name of the environment variable holding the PFX (or PEM key) password' })
        .option('key', { type: 'string', describe: 'PEM private key (with --cert)' })
        .option('cert', { type: 'string', describe: 'PEM certificate chain, signer first (with --key)' })
        .option('timestamp-url', { type: 'string', describe: 'RFC 3161 timestamp server: signatures outlive the certificate' })
        .option('timestamp-optional', { type: 'boolean', default: false, describe: 'Sign without a timestamp when the server fails' })
        .implies({ pfx: 'sign', key: 'sign', cert: 'sign', 'timestamp-url': 'sign' })
        .example('$0 build spec/kb2328240.fix.ts', 'Build the KB 2328240 fix into out/kb2328240/')
        .example('$0 build spec/kb2328240.fix.ts --target module,cmd --json', 'Only the module and the .cmd files; JSON result'),
    handler: async (args) => {
      const log = (line: string) => process.stderr.write(`${line}\n`);
      let signer;
      try {
        signer = args.sign
          ? await createSigner({
              pfx: args.pfx,
              pfxPasswordEnv: args['pfx-password-env'],
              key: args.key,
              cert: args.cert,
              timestampUrl: args['timestamp-url'],
              timestampOptional: args['timestamp-optional'],
              projectDir: packageRoot(),
              log,
            })
          : undefined;
      } catch (e) {
        if (!(e instanceof SignError)) throw e;
        report(signFailure(e), args);
        return setExit(1);
      }
      let result: BuildResult;
      try {
        result = await build({
          specs: args.spec,
          outDir: args.out,
          targets: args.target as TargetName[] | undefined,
          signer,
          onStage: args.json ? undefined : printStage,
        });
      } catch (e) {
        // A failed sign writes nothing: the sign stage runs before the writer.
        if (!(e instanceof SignError)) throw e;
        report(signFailure(e), args);
        return setExit(1);
      }
      report(result, args);
      setExit(result.ok && !hasErrors(result.diagnostics) ? 0 : 1);
    },
  };
}

/** A signing refusal as a failed build: its diagnostic is printed and reported like the others. */
function signFailure(e: SignError): BuildResult {
  return { ok: false, diagnostics: [e.diagnostic], fixes: [], timings: [] };
}

function report(result: BuildResult, args: BuildArgs): void {
  if (args.json) {
    const json = {
      ok: result.ok,
      diagnostics: result.diagnostics,
      fixes: result.fixes.map((f) => ({ id: f.id, spec: f.spec, outDir: f.outDir, files: f.files, ...(args['emit-ir'] ? { ir: f.ir } : {}) })),
      timings: result.timings,
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (args['emit-ir']) {
    const irs = result.fixes.map((f) => f.ir);
    process.stdout.write(`${JSON.stringify(irs.length === 1 ? irs[0] : irs, null, 2)}\n`);
  }
  if (result.ok) {
    for (const f of result.fixes) process.stderr.write(`built ${f.id}: ${f.files.length} files in ${f.outDir}\n`);
  } else {
    const errors = result.diagnostics.filter((d) => d.category === 'error').length;
    process.stderr.write(`build failed: ${errors} error(s); nothing was written\n`);
  }
}
