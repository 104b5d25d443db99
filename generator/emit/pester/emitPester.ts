/**
 * Pester 5 behaviour tests for the generated module: `module/<Name>/<Name>.Tests.ps1`.
 * Generated from the IR only, so another spec gets tests that match its own steps: a fake
 * Windows tree under $TestDrive, every clearFolderContents location seeded and checked, each
 * eventLog step's events faked through a mocked Get-WinEvent, each runProgram step's call
 * checked through the mocked Invoke-FfProgram. Data reaches the template only as view values
 * that the escape helpers quote.
 */
import type { Artifact } from '../artifact';
import { render } from '../templates';
import { commandNames, contextParameterValue, pascalCase } from '../naming';
import { generatorBanner } from '../banner';
import type { EventLogDetectionIR, FixIR, FolderRef } from '../../ir/types';
import { moduleFolder } from '../module/emitModule';

export function emitPester(ir: FixIR): Artifact[] {
  if (!ir.targets.module) return [];
  return [
    {
      path: `${moduleFolder(ir)}/${ir.module.name}.Tests.ps1`,
      kind: 'powershell',
      text: render('pester', 'module.Tests.ps1', pesterView(ir)),
    },
  ];
}

function pesterView(ir: FixIR) {
  const clearSteps = ir.repair.flatMap((s) => (s.kind === 'clearFolderContents' ? [s] : []));
  const clearLocations = clearSteps.flatMap((s) => s.locations.map((l) => ({ stepId: s.id, ...location(l) })));
  const programSteps = ir.repair.flatMap((s) =>
    s.kind === 'runProgram'
      ? [
          {
            id: s.id,
            contextValue: contextParameterValue(s.context),
            program: s.program,
            arguments: [...s.arguments],
            failingExitCode: failingExitCode(s.successExitCodes),
          },
        ]
      : [],
  );
  const eventSteps = ir.detection.flatMap((d) => (d.kind === 'eventLog' ? [eventStepView(ir, d)] : []));
  return {
    name: ir.module.name,
    version: ir.module.version,
    generator: generatorBanner(),
    sourceFile: ir.sourceFile,
    fixId: ir.id,
    commands: commandNames(ir.module.noun),
    contexts: ir.contexts.map(contextParameterValue),
    roots: ir.roots.map((r) => ({ id: r.id, kind: r.location.kind, segments: r.location.kind === 'windows' ? r.location.path.split('\\') : [] })),
    clearLocations,
    hasClear: clearLocations.length > 0,
    programSteps,
    eventSteps,
    // Programs run by the repair, stubbed for every test that is not about them.
    hasPrograms: programSteps.length > 0,
  };
}

function location(l: FolderRef): { root: string; segments: string[] } {
  return { root: l.root, segments: l.folder.split('\\') };
}

/** An exit code the step does not accept, to check that failures are reported. */
function failingExitCode(success: readonly number[]): number {
  return [5, 1, 2, 3, 4, 6, 7, 8, 9].find((c) => !success.includes(c)) ?? Math.max(...success) + 1;
}

/** `authrootstl.cab` → `AuThRoOtStL.CaB`: detection must match case-insensitively. */
function mixedCase(text: string): string {
  let upper = true;
  return [...text]
    .map((c) => {
      if (c.toLowerCase() === c.toUpperCase()) return c;
      const out = upper ? c.toUpperCase() : c.toLowerCase();
      upper = !upper;
      return out;
    })
    .join('');
}

const HOSTS = ['http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/', 'http://www.download.windowsupdate.com/msdownload/update/v3/static/trustedr/en/'];
const NON_MATCHING = [
  'http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/disallowedcertstl.cab',
  'http://example.invalid/other.bin',
  'zzz',
  '',
];

function eventStepView(ir: FixIR, d: EventLogDetectionIR) {
  const needle = d.dataContains.toLowerCase();
  const matchingData = HOSTS.map((h) => h + mixedCase(d.dataContains));
  const otherData = NON_MATCHING.find((u) => !u.toLowerCase().includes(needle)) ?? '';
  const hints = ir.hints.filter((h) => h.detection === d.id);
  const hintCases = hints.flatMap((h) =>
    ir.cultures.flatMap((culture) =>
      (h.messageContains[culture] ?? []).map((needleText, i) => ({
        hintId: h.id,
        culture,
        index: i,
        textKey: `${pascalCase(h.id)}Text`,
        message: `Failed extract of third-party root list from auto update cab at: <${matchingData[0]}> with error: ${needleText}.`,
        otherTextKeys: hints.filter((o) => o.id !== h.id).map((o) => `${pascalCase(o.id)}Text`),
      })),
    ),
  );
  return {
    id: d.id,
    log: d.log,
    provider: d.provider,
    eventIds: [...d.eventIds],
    eventIdsText: d.eventIds.join(','),
    firstEventId: d.eventIds[0],
    levelValue: d.levelValue,
    dataIndex: d.dataIndex,
    dataContains: d.dataContains,
    matchingData,
    firstMatchingData: matchingData[0],
    cleanKey: `${pascalCase(d.id)}Clean`,
    otherData,
    otherLog: `${d.provider}/Operational` === d.log ? `${d.log}/Other` : `${d.provider}/Operational`,
    hintCases,
    hasHints: hintCases.length > 0,
  };
}
