/**
 * `fixforge publish intune`: from a build to assigned Remediations in one command, safe to run
 * again (generator/cli/publish/intune/publishIntune.ts). Exit 0 published (or nothing to do), 1 a
 * build, sign-in or Graph problem, 2 usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { hasErrors, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import { projectStateDir } from '../config/projectRoot';
import { signInSource, isTenantId } from './publish/graph/auth';
import { graphEndpoint, type GraphEndpoint } from './publish/graph/endpoint';
import { GraphClient } from './publish/graph/graphClient';
import { GraphError } from './publish/graph/graphError';
import { describeSchedule, desiredAssignments, type ScheduleKind, type ScheduleRequest } from './publish/intune/assignments';
import { publishIntune, type PublishResult, type WriteRequest } from './publish/intune/publishIntune';
import { PublishState } from './publish/intune/publishState';
import { readBuild, type DesiredScript } from './publish/intune/readBuild';
import { EXIT_CODES_HELP, EXIT_DIAGNOSTICS, EXIT_OK } from './exitCodes';
import { writeJson } from './jsonResult';
import { prettyByDefault, printDiagnostics } from './printDiagnostics';
import { loadProjectContext } from './projectContext';
import { pathFromProject } from './specsToBuild';
import { UsageError } from './usageError';

interface PublishIntuneArgs {
  build?: string[];
  /** demandOption: yargs refuses a command line without it. */
  group?: string[];
  schedule: ScheduleKind;
  time?: string;
  date?: string;
  tenant?: string;
  'dry-run': boolean;
  json: boolean;
  pretty?: boolean;
  'access-token-env'?: string;
  'graph-endpoint'?: string;
  timeout: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const PUBLISH_PERMISSION = 'DeviceManagementScripts.ReadWrite.All';

export function publishCommand(setExit: (code: number) => void): CommandModule<object, object> {
  return {
    command: 'publish',
    describe: 'Upload a build to a management service and assign it (intune: Remediations through Microsoft Graph)',
    builder: (y: Argv) => y.command(publishIntuneCommand(setExit)).demandCommand(1, 'Give what to publish to: intune.'),
    handler: () => undefined,
  };
}

function publishIntuneCommand(setExit: (code: number) => void): CommandModule<object, PublishIntuneArgs> {
  return {
    command: 'intune [build..]',
    describe: 'Create or update the Remediations of out/<fix-id> builds and assign them to groups; safe to run again',
    builder: (y) =>
      y
        .positional('build', { type: 'string', array: true, describe: "out/<fix-id> folders (default: every fix in the config's outDir with an intune/ folder)" })
        // One value per --group (repeat it for more), so a build folder after it stays a folder.
        .option('group', { type: 'string', demandOption: true, describe: 'Object id of an Entra ID group to assign to (repeat --group for more groups); replaces the current assignments' })
        .coerce('group', (g: string | string[]) => [g].flat())
        .option('schedule', { choices: ['daily', 'hourly', 'once'] as const, default: 'daily' as ScheduleKind, describe: 'When devices run the detection script' })
        .option('time', { type: 'string', describe: 'HH:MM device time for daily and once (default 09:00)' })
        .option('date', { type: 'string', describe: 'YYYY-MM-DD, with --schedule once' })
        .option('tenant', { type: 'string', describe: 'Tenant id or domain (overrides tenantIdEnv of the config)' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'Read what Intune holds and print the writes it would send; send none' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable result to stdout (schemaVersion 1)' })
        .option('pretty', { type: 'boolean', describe: 'Colour in diagnostics (default: on for a terminal, off in CI and with --json)' })
        .option('access-token-env', { type: 'string', describe: 'Name of an environment variable holding a Graph access token obtained elsewhere' })
        .option('graph-endpoint', { type: 'string', describe: 'Graph service root (default https://graph.microsoft.com; national clouds, tests)' })
        .option('timeout', { type: 'number', default: 60, describe: 'Seconds to wait for each Graph answer' })
        .example('$0 publish intune out/kb2328240 --group 5d5b9b3e-0000-4000-8000-000000000001', 'Create or update the Remediations of KB 2328240 and assign them daily at 09:00')
        .example('$0 publish intune --group <id> --schedule hourly --dry-run', 'Every fix of the outDir; show the writes, send none')
        .epilogue(`Needs Microsoft Graph permission ${PUBLISH_PERMISSION} (delegated for deviceCode, application for CI).\n\n${EXIT_CODES_HELP}`),
    handler: async (args) => {
      const schedule = checkArgs(args);
      const pretty = !args.json && (args.pretty ?? prettyByDefault());
      let endpoint: GraphEndpoint;
      try {
        endpoint = graphEndpoint(args['graph-endpoint']);
      } catch (e) {
        if (e instanceof GraphError) throw new UsageError(e.diagnostic);
        throw e;
      }
      const project = loadProjectContext();
      const report = (code: number, diagnostics: readonly Diagnostic[], result?: PublishResult) => {
        setExit(code);
        if (args.json) {
          return writeJson('publish', code, diagnostics, {
            target: 'intune',
            dryRun: args['dry-run'],
            graph: endpoint.baseUrl,
            scripts: result?.scripts ?? [],
            requests: result?.writes ?? [],
          });
        }
        printDiagnostics(diagnostics, pretty);
        if (result) process.stdout.write(formatResult(result, args['dry-run'], describeSchedule(schedule)));
      };
      if (hasErrors(project.diagnostics)) return report(EXIT_DIAGNOSTICS, project.diagnostics);

      const dirs = buildDirs(project, args.build);
      const log = (line: string) => {
        if (!args.json) process.stderr.write(`[fixforge] publish: ${line}\n`);
      };
      const diagnostics: Diagnostic[] = [...project.diagnostics];
      try {
        const scripts: DesiredScript[] = [];
        for (const dir of dirs) {
          const read = await readBuild(dir, project.cwd);
          diagnostics.push(...read.diagnostics);
          scripts.push(...read.scripts);
        }
        const keys = scripts.map((s) => s.key);
        const twice = keys.find((k, i) => keys.indexOf(k) !== i);
        if (twice) throw UsageError.of('FF6013', [`Two of the builds given are the same fix (${twice}): publish each fix once.`]);

        const tokens = signInSource({
          signIn: project.config.publish?.intune?.signIn,
          accessTokenEnv: args['access-token-env'],
          tenant: args.tenant,
          endpoint,
          prompt: (line) => process.stderr.write(`${line}\n`),
        });
        log(`signing in with ${tokens.describe}; Graph ${endpoint.baseUrl}`);
        const client = new GraphClient({
          baseUrl: endpoint.baseUrl,
          tokens,
          timeoutSeconds: args.timeout,
          onRetry: (what, seconds, attempt) => log(`${what}; retrying in ${seconds} s (attempt ${attempt + 1})`),
        });
        const state = new PublishState(projectStateDir(project.config.root), endpoint.baseUrl, tokens.tenant);
        const result = await publishIntune({ client, scripts, assignments: desiredAssignments(args.group ?? [], schedule), state, dryRun: args['dry-run'], log });
        report(hasErrors(diagnostics) ? EXIT_DIAGNOSTICS : EXIT_OK, diagnostics, result);
      } catch (e) {
        if (!(e instanceof GraphError)) throw e;
        report(EXIT_DIAGNOSTICS, [...diagnostics, e.diagnostic]);
      }
    },
  };
}

function checkArgs(args: PublishIntuneArgs): ScheduleRequest {
  for (const g of args.group ?? []) if (!GUID.test(g)) throw UsageError.of('FF6011', [g]);
  if (args.time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(args.time)) throw UsageError.of('FF6012', ['time', args.time, 'use HH:MM, 24-hour device time (09:00).']);
  if (args.time !== undefined && args.schedule === 'hourly') throw UsageError.of('FF6013', ['--time has no effect with --schedule hourly: remove it, or use daily or once.']);
  if (args.date !== undefined && args.schedule !== 'once') throw UsageError.of('FF6013', ['--date goes with --schedule once.']);
  if (args.schedule === 'once' && args.date === undefined) throw UsageError.of('FF6013', ['--schedule once needs --date YYYY-MM-DD: the day devices run the script.']);
  if (args.date !== undefined && !validDate(args.date)) throw UsageError.of('FF6012', ['date', args.date, 'use YYYY-MM-DD.']);
  if (args.tenant !== undefined && !isTenantId(args.tenant)) throw UsageError.of('FF6012', ['tenant', args.tenant, 'give the tenant id (a GUID) or a domain of the tenant.']);
  const envName = args['access-token-env'];
  if (envName !== undefined && !ENV_NAME.test(envName)) throw UsageError.of('FF6012', ['access-token-env', envName, 'give the NAME of an environment variable (letters, digits, _), not the token.']);
  if (!Number.isFinite(args.timeout) || args.timeout < 1 || args.timeout > 600) throw UsageError.of('FF6012', ['timeout', String(args.timeout), 'use 1 to 600 seconds.']);
  return { kind: args.schedule, time: args.time, date: args.date };
}

function validDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** The folders to publish: as given, or every fix of the outDir that has Intune bodies. */
function buildDirs(project: ReturnType<typeof loadProjectContext>, given: readonly string[] | undefined): string[] {
  const hasBodies = (dir: string) => ['deviceHealthScript.json', 'deviceHealthScript.user.json'].some((f) => fs.existsSync(path.join(dir, 'intune', f)));
  if (given && given.length > 0) {
    for (const dir of given) {
      if (!fs.existsSync(dir)) throw UsageError.of('FF6004', [dir]);
      if (!hasBodies(dir)) throw UsageError.of('FF6010', [dir, 'intune/deviceHealthScript.json']);
    }
    return [...given];
  }
  const out = path.resolve(project.cwd, pathFromProject(project, project.config.outDir));
  const dirs = fs.existsSync(out)
    ? fs
        .readdirSync(out, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => path.join(out, e.name))
        .filter(hasBodies)
        .sort()
    : [];
  if (dirs.length === 0) throw UsageError.of('FF6010', [path.relative(project.cwd, out) || '.', 'a fix folder with intune/deviceHealthScript.json']);
  return dirs;
}

function formatResult(result: PublishResult, dryRun: boolean, schedule: string): string {
  const lines: string[] = [];
  const verb = { create: dryRun ? 'would create' : 'created', update: dryRun ? 'would update' : 'updated', unchanged: 'unchanged' };
  for (const s of result.scripts) {
    const assign = s.assignments === 'assign' ? `${dryRun ? 'would assign' : 'assigned'} ${schedule}` : 'assignments unchanged';
    const found = s.foundBy === 'state' ? ' (found by the id in .fixforge/; marker restored)' : '';
    lines.push(`${s.key}: ${verb[s.script]}${s.id ? ` ${s.id}` : ''}${found}, ${assign} - ${s.displayName}`);
  }
  if (dryRun) {
    lines.push(result.writes.length === 0 ? 'dry run: no write needed.' : `dry run: ${result.writes.length} write(s) not sent:`);
    for (const w of result.writes) lines.push(...formatWrite(w));
  } else if (result.writes.length === 0) {
    lines.push('Intune already holds this build: nothing sent.');
  }
  return `${lines.join('\n')}\n`;
}

/** A write for people: the script contents shortened to their size (the JSON result has them whole). */
function formatWrite(w: WriteRequest): string[] {
  const shortened = JSON.stringify(
    w.body,
    (key, value) => (/ScriptContent$/.test(key) && typeof value === 'string' ? `<${Buffer.from(value, 'base64').length} bytes, base64>` : value),
    2,
  );
  return [`${w.method} ${w.url}`, ...shortened.split('\n').map((l) => `  ${l}`)];
}
