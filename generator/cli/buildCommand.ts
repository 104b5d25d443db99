import type { CommandModule } from 'yargs';
import { build, type BuildResult } from '../pipeline/compile';
import { hasErrors, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import { targetNames, type TargetName } from '../targets';
import { projectRules } from '../config/projectRules';
import { SignError } from '../pipeline/sign';
import { printStage } from './progress';
import { createSigner, type ClosableSigner } from './signingOptions';
import { checkSigningFlags, chooseSigning, type SigningFlags } from './signingFlags';
import { EXIT_CODES_HELP, EXIT_DIAGNOSTICS, EXIT_OK } from './exitCodes';
import { writeJson } from './jsonResult';
import { prettyByDefault, printDiagnostics } from './printDiagnostics';
import { loadProjectContext } from './projectContext';
import type { BuildPlan } from './buildPlan';
import { UsageError } from './usageError';
import { watchBuild } from './watch';
import { pathFromProject, specsToBuild } from './specsToBuild';

interface BuildArgs {
  spec?: string[];
  out?: string;
  target?: string[];
  'emit-ir': boolean;
  json: boolean;
  pretty?: boolean;
  watch: boolean;
  sign: boolean;
  pfx?: string;
  'pfx-password-env'?: string;
  key?: string;
  cert?: string;
  'timestamp-url'?: string;
  'timestamp-optional': boolean;
  'pkcs11-module'?: string;
  'pkcs11-token'?: string;
  'pkcs11-key'?: string;
  'pkcs11-pin-env'?: string;
  'sign-command'?: string;
  'sign-command-timeout'?: number;
}

export type { BuildPlan } from './buildPlan';

export function buildCommand(setExit: (code: number) => void): CommandModule<object, BuildArgs> {
  return {
    command: 'build [spec..]',
    describe: 'Compile fix specs into <out>/<fix-id>/ (no spec: the ones fixforge.config.ts lists)',
    builder: (y) =>
      y
        .positional('spec', { type: 'string', array: true, describe: 'Spec files, folders (every *.fix.ts below) or globs' })
        .option('out', { type: 'string', describe: "Output folder (default: the config's outDir, else out)" })
        .option('target', {
          type: 'string',
          array: true,
          describe: `Targets to emit (comma-separated): ${targetNames.join(', ')}. Default: the config's targets, else every target the spec enables`,
          coerce: (values: string[]) => values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean),
        })
        .check((a) => {
          const unknown = (a.target ?? []).filter((t) => !(targetNames as readonly string[]).includes(t));
          return unknown.length ? `Unknown target(s): ${unknown.join(', ')}. Known: ${targetNames.join(', ')}.` : true;
        })
        .option('emit-ir', { type: 'boolean', default: false, describe: 'Print the intermediate representation (JSON) to stdout' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable result to stdout (schemaVersion 1)' })
        .option('pretty', { type: 'boolean', describe: 'Colour and code frames in diagnostics (default: on for a terminal, off in CI and with --json)' })
        .option('watch', { type: 'boolean', default: false, describe: 'Rebuild when a spec or a file it imports changes; one line per rebuild' })
        .option('sign', { type: 'boolean', default: false, describe: "Authenticode-sign every PowerShell file (the config's key, else the project's development certificate)" })
        .option('pfx', { type: 'string', describe: 'PFX/PKCS#12 file with the code-signing key and chain (with --sign)' })
        .option('pfx-password-env', { type: 'string', describe: 'Name of the environment variable holding the PFX (or PEM key) password' })
        .option('key', { type: 'string', describe: 'PEM private key (with --sign and --cert)' })
        .option('cert', { type: 'string', describe: 'PEM certificate chain, signer first (with --sign and --key)' })
        .option('timestamp-url', { type: 'string', describe: 'RFC 3161 timestamp server: signatures outlive the certificate' })
        .option('timestamp-optional', { type: 'boolean', default: false, describe: 'Sign without a timestamp when the server fails' })
        .option('pkcs11-module', { type: 'string', describe: "The token's PKCS#11 library (.so/.dll): sign with a key that never leaves the token (with --sign, --pkcs11-key, --cert)" })
        .option('pkcs11-token', { type: 'string', describe: 'Label of the PKCS#11 token (default: the only token present)' })
        .option('pkcs11-key', { type: 'string', describe: 'Label or id (hex) of the private key on the token' })
        .option('pkcs11-pin-env', { type: 'string', describe: "Name of the environment variable holding the token's user PIN" })
        .option('sign-command', { type: 'string', describe: 'External signer run once per file: JSON digest request on stdin, base64 signature on stdout (with --sign, --cert)' })
        .option('sign-command-timeout', { type: 'number', describe: 'Seconds to wait for the sign command per file (default 60)' })
        .example('$0 build', 'Build the specs fixforge.config.ts lists into its outDir')
        .example('$0 build fixes/ --sign', 'Every *.fix.ts under fixes/, signed')
        .example('$0 build spec/kb2328240.fix.ts --target module,cmd --json', 'Only the module and the .cmd files; JSON result')
        .example('$0 build --sign --pkcs11-module /usr/lib/x86_64-linux-gnu/libykcs11.so --pkcs11-key 02 --pkcs11-pin-env YUBIKEY_PIN --cert chain.pem', 'Signed with the key in a YubiKey\'s PIV slot 9c (YKCS11 id 02)')
        .example('$0 build --watch', 'Rebuild on every change')
        .epilogue(EXIT_CODES_HELP),
    handler: async (args) => {
      const flags: SigningFlags = {
        sign: args.sign,
        pfx: args.pfx,
        pfxPasswordEnv: args['pfx-password-env'],
        key: args.key,
        cert: args.cert,
        timestampUrl: args['timestamp-url'],
        timestampOptional: args['timestamp-optional'],
        pkcs11Module: args['pkcs11-module'],
        pkcs11Token: args['pkcs11-token'],
        pkcs11Key: args['pkcs11-key'],
        pkcs11PinEnv: args['pkcs11-pin-env'],
        signCommand: args['sign-command'],
        signCommandTimeout: args['sign-command-timeout'],
      };
      checkSigningFlags(flags);
      if (args.watch && (args.json || args['emit-ir'])) throw UsageError.of('FF6007', ['--watch prints one line per rebuild; it cannot be combined with --json or --emit-ir.']);
      const pretty = !args.json && (args.pretty ?? prettyByDefault());
      const project = loadProjectContext();
      if (hasErrors(project.diagnostics)) return finish(setExit, failed(project.diagnostics), args, pretty);

      const outDir = args.out ?? pathFromProject(project, project.config.outDir);
      const targets = (args.target ?? project.config.targets) as TargetName[] | undefined;
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const plan: BuildPlan = {
        project,
        cliInputs: args.spec,
        outDir,
        targets,
        pretty,
        run: async (specs, quiet) => {
          let signer: ClosableSigner | undefined;
          let fromConfig = false;
          try {
            if (args.sign) {
              const choice = chooseSigning(flags, project.config.signing);
              const flagKey = flags.pfx || flags.key || flags.pkcs11Module || flags.signCommand;
              fromConfig = !flagKey && Boolean(choice.pfx || choice.key || choice.pkcs11 || choice.signCommand);
              if (!quiet) choice.notes.forEach((n) => log(`[fixforge] signing: ${n}`));
              signer = await createSigner({ ...choice, projectDir: project.config.root, log: quiet ? () => undefined : log });
            }
            return await build({
              specs,
              outDir,
              targets,
              targetsSource: args.target ? '--target' : "the config's targets",
              signer,
              checkFix: projectRules(project.config),
              onStage: args.json || quiet ? undefined : printStage,
            });
          } catch (e) {
            // A failed sign writes nothing: the sign stage runs before the writer.
            if (!(e instanceof SignError)) throw e;
            // A key the config chose: point at its `signing` field, as any config diagnostic does.
            const where = fromConfig && !e.diagnostic.location ? project.config.signingLocation : undefined;
            return failed([where ? { ...e.diagnostic, location: where, field: 'signing' } : e.diagnostic]);
          } finally {
            // One token session per build: logged out once every file is signed (or the build failed).
            await signer?.close();
          }
        },
      };
      const expanded = specsToBuild(project, args.spec);
      if (hasErrors(expanded.diagnostics)) return finish(setExit, failed(expanded.diagnostics), args, pretty);
      const result = await plan.run(expanded.specs, false);
      finish(setExit, result, args, pretty);
      if (args.watch) await watchBuild(plan, expanded.specs);
    },
  };
}

function failed(diagnostics: readonly Diagnostic[]): BuildResult {
  return { ok: false, diagnostics, fixes: [], timings: [] };
}

function finish(setExit: (code: number) => void, result: BuildResult, args: BuildArgs, pretty: boolean): void {
  const code = result.ok && !hasErrors(result.diagnostics) ? EXIT_OK : EXIT_DIAGNOSTICS;
  setExit(code);
  if (args.json) {
    writeJson('build', code, result.diagnostics, {
      fixes: result.fixes.map((f) => ({ id: f.id, spec: f.spec, outDir: f.outDir, files: f.files, ...(args['emit-ir'] ? { ir: f.ir } : {}) })),
      timings: result.timings,
    });
    return;
  }
  printDiagnostics(result.diagnostics, pretty);
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
