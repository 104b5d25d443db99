/**
 * The PowerShell script module: `<Name>.psm1`, `<Name>.psd1`, localized string tables and
 * about_ topics per culture. A fixed engine (templates/module/partials) driven by data tables.
 */
import type { Artifact } from '../artifact';
import { render } from '../templates';
import { commandNames, contextParameterValue, pascalCase } from '../naming';
import { generatorBanner, kbUrl } from '../banner';
import type { Culture, FixIR, FolderRef } from '../../ir/types';
import { moduleStringTable } from './strings';

export function moduleFolder(ir: FixIR): string {
  return `module/${ir.module.name}`;
}

export function emitModule(ir: FixIR): Artifact[] {
  const target = ir.targets.module;
  if (!target) return [];
  const folder = moduleFolder(ir);
  const commands = commandNames(ir.module.noun);
  const strings = moduleStringTable(ir);
  const base = {
    name: ir.module.name,
    version: ir.module.version,
    generator: generatorBanner(),
    sourceFile: ir.sourceFile,
    fixId: ir.id,
    kbUrl: kbUrl(ir.kb),
    commands,
  };
  const usedRoots = new Set(ir.roots.map((r) => r.id));
  const contextOf = new Map(ir.repair.flatMap((s) => ('locations' in s ? s.locations.map((l) => [key(l), s.context] as const) : [])));

  const psm1 = render('module', 'module.psm1', {
    ...base,
    powershell: target.powershell,
    title: ir.title['en-US'],
    strings: strings['en-US'],
    stringsFile: stringsFileName(ir),
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
      messageContains: ir.cultures.flatMap((c) => h.messageContains[c] ?? []),
      textKey: `${pascalCase(h.id)}Text`,
    })),
    exports: [commands.test, commands.repair, commands.status],
    contexts: ir.contexts.map(contextParameterValue),
    contextsText: ir.contexts.map(contextParameterValue).join(', '),
    usesEveryUser: usedRoots.has('everyUserProfile'),
    usesCurrentUser: usedRoots.has('currentUserProfile') || ir.contexts.includes('currentUser'),
    help: {
      testSynopsis: `Tells whether ${ir.title['en-US']} (KB ${ir.kb}) affects this computer.`,
      testDescription: `${ir.description['en-US']}\n\nChecks:\n${ir.detection.map((d) => `- ${d.description['en-US']}${d.indicates === 'evidence' ? ' (reported only)' : ''}`).join('\n')}`,
      descriptionNl: `nl-NL: ${ir.description['nl-NL']}`,
      repairSynopsis: `Repairs KB ${ir.kb}: ${ir.title['en-US']}.`,
      repairDescription: ir.description['en-US'],
      steps: ir.repair.map((s) => `${contextParameterValue(s.context)}: ${s.description['en-US']}`),
      statusSynopsis: `Tells whether the KB ${ir.kb} repair is in place.`,
      verify: ir.verify.map((v) => v.description['en-US']),
    },
  });

  const psd1 = render('module', 'module.psd1', {
    ...base,
    ps2: target.powershell === '2.0',
    powershell: target.powershell,
    rootModule: `${ir.module.name}.psm1`,
    guid: ir.module.guid,
    author: ir.module.author,
    companyName: ir.module.companyName,
    copyright: `(c) ${ir.module.companyName}. All rights reserved.`,
    description: `KB ${ir.kb}: ${ir.title['en-US']}`,
    exports: [commands.test, commands.repair, commands.status],
    tags: [`KB${ir.kb}`, 'FixForge'],
  });

  const artifacts: Artifact[] = [
    { path: `${folder}/${ir.module.name}.psd1`, kind: 'powershell', text: psd1 },
    { path: `${folder}/${ir.module.name}.psm1`, kind: 'powershell', text: psm1 },
  ];
  for (const culture of ir.cultures) {
    artifacts.push({
      path: `${folder}/${culture}/${stringsFileName(ir)}`,
      kind: 'powershell',
      text: render('module', 'strings.psd1', { ...base, culture, strings: strings[culture] }),
    });
    artifacts.push({
      path: `${folder}/${culture}/about_${ir.module.name}.help.txt`,
      kind: 'powershell',
      text: render('module', 'about.help.txt', aboutView(ir, culture, base)),
    });
  }
  return artifacts;
}

function stringsFileName(ir: FixIR): string {
  return `${ir.module.name}.Strings.psd1`;
}

function key(l: FolderRef): string {
  return `${l.root}|${l.folder}`;
}

function location(l: FolderRef): { root: string; segments: string[] } {
  return { root: l.root, segments: l.folder.split('\\') };
}

function aboutView(ir: FixIR, culture: Culture, base: { name: string; kbUrl: string; commands: ReturnType<typeof commandNames> }) {
  const nl = culture === 'nl-NL';
  return {
    ...base,
    ...base.commands,
    title: ir.title[culture],
    description: ir.description[culture],
    testSynopsis: nl ? 'Stelt vast of het probleem op deze computer optreedt.' : 'Tells whether the problem is present on this computer.',
    repairSynopsis: nl ? 'Voert de reparatie uit (-WhatIf toont wat er zou gebeuren).' : 'Runs the repair (-WhatIf shows what it would do).',
    statusSynopsis: nl ? 'Controleert of de reparatie gewerkt heeft.' : 'Checks that the repair worked.',
    logHint: `%ProgramData%\\FixForge\\${ir.id}\\${ir.id}.log`,
  };
}
