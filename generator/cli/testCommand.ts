/**
 * `fixforge test`: runs a fix's generated Pester tests through pester-runner-wrapper. Given a
 * spec, builds it first into a temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { formatSummary, PesterEnvironmentError, runPester } from 'pester-runner-wrapper';
import { build } from '../pipeline/compile';
import { formatDiagnostic } from '../diagnostics/diagnostic';
import { packageRoot } from '../paths';
import { printStage } from './progress';

interface TestArgs {
  target: string;
  junit?: string;
  json: boolean;
  timeout: number;
}

export function testCommand(setExit: (code: number) => void): CommandModule<object, TestArgs> {
  return {
    command: 'test <target>',
    describe: "Run a fix's generated Pester tests in pwsh (a built fix folder, or a spec to build first)",
    builder: (y) =>
      y
        .positional('target', { type: 'string', demandOption: true, describe: 'out/<fix-id> folder, or a spec file' })
        .option('junit', { type: 'string', describe: 'Keep the JUnit XML here' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable result to stdout' })
        .option('timeout', { type: 'number', default: 600, describe: 'Time limit in seconds' })
        .example('$0 test out/kb2328240', 'Test a built fix')
        .example('$0 test spec/kb2328240.fix.ts --junit results.xml', 'Build into a temporary folder, then test'),
    handler: async (args) => {
      const fixDir = await resolveFixDir(args);
      if (!fixDir) return setExit(1);
      const testFiles = findTestFiles(fixDir);
      if (testFiles.length === 0) {
        process.stderr.write(`fixforge: no *.Tests.ps1 under ${fixDir}; build with the module target.\n`);
        return setExit(1);
      }
      const tools = path.join(packageRoot(), '.tools');
      try {
        const result = await runPester({
          paths: testFiles,
          junitPath: args.junit,
          timeoutMs: args.timeout * 1000,
          searchDirs: [path.join(tools, 'pwsh')],
          modulePaths: [path.join(tools, 'nuget', 'pester', '5.7.1', 'tools', 'Pester.psd1')],
        });
        if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else process.stderr.write(`${formatSummary(result)}\n`);
        setExit(result.failed > 0 || result.total === 0 ? 1 : 0);
      } catch (e) {
        if (!(e instanceof PesterEnvironmentError)) throw e;
        process.stderr.write(`fixforge: ${e.message}\n`);
        setExit(1);
      }
    },
  };
}

async function resolveFixDir(args: TestArgs): Promise<string | undefined> {
  const target = path.resolve(args.target);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) return target;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-test-'));
  const result = await build({ specs: [args.target], outDir: out, targets: ['module'], onStage: args.json ? undefined : printStage });
  for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  return result.ok ? result.fixes[0].outDir : undefined;
}

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.Tests.ps1'))
    .sort()
    .map((f) => path.join(dir, f));
}
