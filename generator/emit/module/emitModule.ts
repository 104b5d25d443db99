/**
 * The PowerShell script module: `<Name>.psm1`, `<Name>.psd1`, localized string tables and
 * about_ topics per culture. A fixed engine (templates/module/partials) driven by data tables.
 */
import type { Artifact } from '../artifact';
import { render } from '../templates';
import { commandNames } from '../naming';
import { generatorBanner, kbUrl } from '../banner';
import type { Culture, FixIR } from '../../ir/types';
import { moduleStringTable } from './strings';
import { engineView } from './engineView';

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

  const psm1 = render('module', 'module.psm1', {
    ...engineView(ir, target.powershell, { asciiOnly: false, withDutchHelp: true }),
    stringsFile: stringsFileName(ir),
    exports: [commands.test, commands.repair, commands.status],
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
