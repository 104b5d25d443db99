/**
 * Intune Remediations (facts page, sections 3 and 4): a detection + remediation script pair per
 * execution context, standalone (Intune uploads single files, so the module's engine is embedded),
 * pure ASCII for Windows PowerShell 5.1, plus the Graph (beta) request bodies to upload them.
 *
 * The Graph bodies carry base64 of the scripts' final bytes, so they are made after the sign stage
 * (`afterSign`, see generator/pipeline/compile.ts).
 */
import type { Artifact } from '../artifact';
import { render } from '../templates';
import { commandNames, contextParameterValue } from '../../vocabulary/naming';
import { fixName, generatorBanner } from '../banner';
import type { ExecutionContext, FixIR } from '../../ir/types';
import type { AfterSignEmitter, FinalFile } from '../artifact';
import { standaloneEngine } from '../powershell/standalone';
import { pathParameterUse } from '../powershell/publicFunctions';
import { withAsciiStrings } from '../../vocabulary/powershell/data';

type RunAs = 'system' | 'user';

interface Pair {
  readonly runAs: RunAs;
  readonly folder: string;
  readonly contexts: readonly ExecutionContext[];
  readonly runsAs: string;
  readonly body: string;
}

/** The script pairs this IR needs: SYSTEM for system + everyUser steps, user for currentUser steps. */
export function intunePairs(ir: FixIR): Pair[] {
  if (!ir.targets.intune) return [];
  const pairs: Pair[] = [
    { runAs: 'system', folder: 'intune', contexts: ['system', 'everyUser'], runsAs: 'SYSTEM', body: 'intune/deviceHealthScript.json' },
    { runAs: 'user', folder: 'intune/user', contexts: ['currentUser'], runsAs: 'the signed-in user', body: 'intune/deviceHealthScript.user.json' },
  ];
  return pairs
    .map((p) => ({ ...p, contexts: p.contexts.filter((c) => ir.repair.some((s) => s.context === c)) }))
    .filter((p) => p.contexts.length > 0);
}

function logHint(ir: FixIR, runAs: RunAs): string {
  const machine = `%ProgramData%\\FixForge\\${ir.id}\\${ir.id}.log`;
  return runAs === 'system' ? machine : `${machine}, or %LOCALAPPDATA%\\FixForge\\${ir.id}\\${ir.id}.log when the user cannot write there`;
}

function script(ir: FixIR, pair: Pair, detect: boolean): string {
  const target = ir.targets.intune!;
  const contextValues = pair.contexts.map(contextParameterValue);
  const { usesEveryUser, usesCurrentUser } = pathParameterUse(ir);
  // The file is pure ASCII (see targets/intune.ts): every string, the template's and the engine's,
  // is written as [char] code expressions where it is not ASCII, and help and comments are
  // transliterated (emit/templates.ts reads the same switch).
  return withAsciiStrings(() =>
    render('intune', 'script.ps1', {
      powershell: target.powershell,
      title: ir.title['en-US'],
      generator: generatorBanner(),
      sourceFile: ir.sourceFile,
      commands: commandNames(ir.module.noun),
      // Every culture's string table and hint needles: the event text is in the device's language,
      // and the summary Intune shows speaks it when the console can show it (Select-FfStrings). The
      // help stays en-US: the other cultures' descriptions would only be transliterated there.
      engine: standaloneEngine(ir, { hintCultures: ir.cultures, helpCultures: [], strings: 'all' }),
      detect,
      runAsAccount: pair.runAs,
      runsAs: pair.runsAs,
      contextValues,
      contextsText: contextValues.join(', '),
      logHint: logHint(ir, pair.runAs),
      testParameters: ['WindowsDirectory', ...(usesEveryUser ? ['ProfileDirectory'] : []), 'DataDirectory'],
      repairParameters: [
        'WindowsDirectory',
        ...(usesEveryUser ? ['ProfileDirectory'] : []),
        ...(usesCurrentUser ? ['CurrentUserProfile'] : []),
        'DataDirectory',
      ],
      summaryPrefix: `${ir.id} ${detect ? 'detect' : 'remediate'} (${pair.runAs}): `,
    }),
  );
}

export function emitIntune(ir: FixIR): Artifact[] {
  const pairs = intunePairs(ir);
  if (pairs.length === 0) return [];
  const artifacts: Artifact[] = [];
  for (const pair of pairs) {
    artifacts.push({ path: `${pair.folder}/detect.ps1`, kind: 'powershell-ascii', text: script(ir, pair, true) });
    artifacts.push({ path: `${pair.folder}/remediate.ps1`, kind: 'powershell-ascii', text: script(ir, pair, false) });
  }
  artifacts.push({ path: 'intune/assign.json', kind: 'text', text: json(assignment()) });
  artifacts.push({
    path: 'intune/README.md',
    kind: 'text',
    text: render('intune', 'README.md', {
      fixId: ir.id,
      kb: ir.kb,
      name: fixName(ir),
      title: ir.title['en-US'],
      pairs: pairs.map((p) => ({
        runAs: p.runAs,
        folder: p.folder,
        body: p.body,
        contexts: p.contexts.map(contextParameterValue).join(', '),
        logPath: logHint(ir, p.runAs),
      })),
    }),
  });
  return artifacts;
}

/** The example assignment: a group, remediation on, daily at 09:00 local time. */
function assignment() {
  return {
    deviceHealthScriptAssignments: [
      {
        target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '<group-id>' },
        runRemediationScript: true,
        runSchedule: { '@odata.type': '#microsoft.graph.deviceHealthScriptDailySchedule', interval: 1, time: '09:00:00.0000000', useUtc: false },
      },
    ],
  };
}

/** The POST /beta/deviceManagement/deviceHealthScripts bodies, from the scripts' final bytes. */
function graphBodies(ir: FixIR, files: readonly FinalFile[]): Artifact[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const need = (p: string): FinalFile => {
    const f = byPath.get(p);
    if (!f) throw new Error(`${p} missing: the Intune Graph body needs its final bytes`);
    return f;
  };
  return intunePairs(ir).map((pair) => {
    const detection = need(`${pair.folder}/detect.ps1`);
    const remediation = need(`${pair.folder}/remediate.ps1`);
    const body = {
      '@odata.type': '#microsoft.graph.deviceHealthScript',
      displayName: `${fixName(ir)}${pair.runAs === 'user' ? ' (user)' : ''}: ${ir.title['en-US']}`,
      description: ir.description['en-US'],
      publisher: ir.module.companyName,
      version: ir.module.version,
      detectionScriptContent: detection.bytes.toString('base64'),
      remediationScriptContent: remediation.bytes.toString('base64'),
      runAsAccount: pair.runAs,
      // The signature check needs signed scripts; unsigned ones would fail it on every device.
      enforceSignatureCheck: detection.signed && remediation.signed,
      // 32-bit PowerShell would clean SysWOW64 instead of System32 (the scripts re-launch anyway).
      runAs32Bit: false,
    };
    return { path: pair.body, kind: 'text' as const, text: json(body) };
  });
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export const intuneAfterSign: AfterSignEmitter = {
  paths: (ir) => intunePairs(ir).map((p) => p.body),
  emit: graphBodies,
};
