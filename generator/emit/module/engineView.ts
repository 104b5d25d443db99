/**
 * The view the module engine reads: its data tables (templates/module/partials/data.hbs) and
 * partials. The module, the Intune scripts and the GPO startup script all render from it.
 */
import { commandNames, contextParameterValue, pascalCase } from '../naming';
import { generatorBanner, kbUrl } from '../banner';
import type { FixIR, FolderRef, PowerShellVersion } from '../../ir/types';
import { moduleStringTable } from '../module/strings';

/**
 * `asciiOnly`: Intune scripts carry en-US texts only; the module and GPO scripts carry every
 * culture's hint needles. `withDutchHelp`: the module's help also shows the nl-NL description.
 */
export function engineView(ir: FixIR, powershell: PowerShellVersion, options: { asciiOnly: boolean; withDutchHelp?: boolean }) {
  const commands = commandNames(ir.module.noun);
  const usedRoots = new Set(ir.roots.map((r) => r.id));
  const contextOf = new Map(ir.repair.flatMap((s) => ('locations' in s ? s.locations.map((l) => [key(l), s.context] as const) : [])));
  return {
    name: ir.module.name,
    version: ir.module.version,
    generator: generatorBanner(),
    sourceFile: ir.sourceFile,
    fixId: ir.id,
    kb: ir.kb,
    kbUrl: kbUrl(ir.kb),
    commands,
    powershell,
    title: ir.title['en-US'],
    strings: moduleStringTable(ir)['en-US'],
    roots: ir.roots.map((r) => ({
      id: r.id,
      kind: r.location.kind,
      segments: r.location.kind === 'windows' ? r.location.path.split('\\') : [],
      label: r.label,
    })),
    detection: ir.detection.map((d) => ({
      ...d,
      detectedKey: `${pascalCase(d.id)}Detected`,
      cleanKey: `${pascalCase(d.id)}Clean`,
      locations: 'locations' in d ? d.locations.map(location) : [],
    })),
    repair: ir.repair.map((s) => ({
      ...s,
      contextValue: contextParameterValue(s.context),
      descriptionKey: `${pascalCase(s.id)}Description`,
      locations: 'locations' in s ? s.locations.map(location) : [],
    })),
    verify: ir.verify.map((v) => ({
      ...v,
      descriptionKey: `${pascalCase(v.id)}Description`,
      locations:
        'locations' in v
          ? v.locations.map((l) => ({ ...location(l), contextValue: contextParameterValue(contextOf.get(key(l)) ?? 'system') }))
          : [],
    })),
    hints: ir.hints.map((h) => ({
      id: h.id,
      detection: h.detection,
      // Intune scripts must be ASCII: only the en-US needles; GPO scripts match every culture like the module.
      messageContains: options.asciiOnly ? (h.messageContains['en-US'] ?? []) : ir.cultures.flatMap((c) => h.messageContains[c] ?? []),
      textKey: `${pascalCase(h.id)}Text`,
    })),
    contexts: ir.contexts.map(contextParameterValue),
    contextsText: ir.contexts.map(contextParameterValue).join(', '),
    usesEveryUser: usedRoots.has('everyUserProfile'),
    usesCurrentUser: usedRoots.has('currentUserProfile') || ir.contexts.includes('currentUser'),
    help: {
      testSynopsis: `Tells whether ${ir.title['en-US']} (KB ${ir.kb}) affects this computer.`,
      testDescription: `${ir.description['en-US']}\n\nChecks:\n${ir.detection.map((d) => `- ${d.description['en-US']}${d.indicates === 'evidence' ? ' (reported only)' : ''}`).join('\n')}`,
      descriptionNl: options.withDutchHelp ? `nl-NL: ${ir.description['nl-NL']}` : '',
      repairSynopsis: `Repairs KB ${ir.kb}: ${ir.title['en-US']}.`,
      repairDescription: ir.description['en-US'],
      steps: ir.repair.map((s) => `${contextParameterValue(s.context)}: ${s.description['en-US']}`),
      statusSynopsis: `Tells whether the KB ${ir.kb} repair is in place.`,
      verify: ir.verify.map((v) => v.description['en-US']),
    },
  };
}

export type EngineView = ReturnType<typeof engineView>;

function key(l: FolderRef): string {
  return `${l.root}|${l.folder}`;
}

function location(l: FolderRef): { root: string; segments: string[] } {
  return { root: l.root, segments: l.folder.split('\\') };
}
