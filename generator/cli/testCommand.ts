/**
 * `fixforge test`: runs fixes' generated Pester tests through pester-runner-wrapper. Given
 * nothing, the fixes built in the project's output folder; given a fix folder, that one; given
 * specs (files, folders, globs), builds them first into a temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { formatSummary, PesterEnvironmentError, runPester } from 'pester-runner-wrapper';
import { build } from '../pipeline/compile';
import { hasErrors, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import { projectRules } from '../config/projectRules';
import { EXIT_CODES_HELP, EXIT_DIAGNOSTICS, EXIT_OK } from './exitCodes';
import { writeJson } from './jsonResult';
import { pesterTools, TOOLS_HELP } from './pesterTools';
import { prettyByDefault, printDiagnostics } from './printDiagnostics';
import { printStage } from './progress';
import { loadProjectContext, type ProjectContext } from './projectContext';
import { pathFromProject, specsToBuild } from './specsToBuild';

interface TestArgs {
  target?: string;
  junit?: string;
  json: boolean;
  pretty?: boolean;
  timeout: number;
}

export function testCommand(setExit: (code: number) => void): CommandModule<object, TestArgs> {
  return {
    command: 'test [target]',
    describe: "Run fixes' generated Pester tests in pwsh (built fix folders, or specs to build first)",
    builder: (y) =>
      y
        .positional('target', { type: 'string', describe: "out/<fix-id> folder, or spec files/folders/globs (default: every fix in the config's outDir)" })
        .option('junit', { type: 'string', describe: 'Keep the JUnit XML here' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable result to stdout (schemaVersion 1)' })
        .option('pretty', { type: 'boolean', describe: 'Colour and code frames in diagnostics (default: on for a terminal, off in CI and with --json)' })
        .option('timeout', { type: 'number', default: 600, describe: 'Time limit in seconds' })
        .example('$0 test', 'Test every fix built into the output folder')
        .example('$0 test out/kb2328240', 'Test one built fix')
        .example('$0 test spec/kb2328240.fix.ts --junit results.xml', 'Build into a temporary folder, then test')
        .epilogue(
          `pwsh and Pester: ${TOOLS_HELP}\n\n${EXIT_CODES_HELP}`,
        ),
    handler: async (args) => {
      const pretty = !args.json && (args.pretty ?? prettyByDefault());
      const fail = (diagnostics: Diagnostic[], message?: string) => {
        setExit(EXIT_DIAGNOSTICS);
        if (args.json) return writeJson('test', EXIT_DIAGNOSTICS, diagnostics, { error: message ?? null });
        printDiagnostics(diagnostics, pretty);
        if (message) process.stderr.write(`fixforge: ${message}\n`);
      };
      const project = loadProjectContext();
      if (hasErrors(project.diagnostics)) return fail(project.diagnostics);
      const found = await fixDirs(project, args);
      if ('diagnostics' in found) return fail(found.diagnostics);
      const testFiles = found.dirs.flatMap(findTestFiles);
      if (testFiles.length === 0) return fail([], `no *.Tests.ps1 under ${found.dirs.join(', ') || found.where}; build with the module target.`);
      try {
        const result = await runPester({ paths: testFiles, junitPath: args.junit, timeoutMs: args.timeout * 1000, ...pesterTools(project.config) });
        const code = result.failed > 0 || result.total === 0 ? EXIT_DIAGNOSTICS : EXIT_OK;
        setExit(code);
        // pwsh's own exit code is renamed: `exitCode` in the document is fixforge's.
        const { exitCode: pwshExitCode, ...rest } = result;
        if (args.json) writeJson('test', code, [], { ...rest, pwshExitCode });
        else process.stderr.write(`${formatSummary(result)}\n`);
      } catch (e) {
        if (!(e instanceof PesterEnvironmentError)) throw e;
        fail([], `${e.message} Or point fixforge at them: ${TOOLS_HELP}`);
      } finally {
        if (found.temporary) fs.rmSync(found.temporary, { recursive: true, force: true });
      }
    },
  };
}

async function fixDirs(project: ProjectContext, args: TestArgs): Promise<{ dirs: string[]; where: string; temporary?: string } | { diagnostics: Diagnostic[] }> {
  if (!args.target) {
    const out = path.resolve(project.cwd, pathFromProject(project, project.config.outDir));
    const dirs = fs.existsSync(out)
      ? fs.readdirSync(out, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => path.join(out, e.name)).sort()
      : [];
    return { dirs, where: out };
  }
  const target = path.resolve(args.target);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory() && !hasSpecs(target)) return { dirs: [target], where: target };
  const specs = specsToBuild(project, [args.target]);
  if (hasErrors(specs.diagnostics)) return { diagnostics: specs.diagnostics };
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-test-'));
  const result = await build({ specs: specs.specs, outDir: out, targets: ['module'], checkFix: projectRules(project.config), onStage: args.json ? undefined : printStage });
  if (!result.ok) {
    fs.rmSync(out, { recursive: true, force: true });
    return { diagnostics: [...result.diagnostics] };
  }
  if (!args.json) printDiagnostics(result.diagnostics, args.pretty ?? prettyByDefault());
  return { dirs: result.fixes.map((f) => f.outDir), where: out, temporary: out };
}

/** A folder of specs is built first; a built fix folder (no *.fix.ts) is tested as it is. */
function hasSpecs(dir: string): boolean {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.fix.ts') && !f.split(/[\\/]/).includes('node_modules'));
}

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.Tests.ps1'))
    .sort()
    .map((f) => path.join(dir, f));
}
