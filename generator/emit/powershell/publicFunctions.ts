/**
 * The exported functions (`Test-`, `Repair-`, `Get-<Noun>Status`) and their comment help: the
 * one part of the engine that is text for people, so it stays a template
 * (`templates/module/public.ps1.hbs`). Their bodies only call the engine core. The help is built
 * from the spec's own texts and the steps' descriptions.
 */
import type { FixIR } from '../../ir/types';
import { commandNames, contextParameterValue, pascalCase } from '../../vocabulary/naming';
import { kbPrefix } from '../banner';
import { render } from '../templates';

export function publicFunctions(ir: FixIR): string {
  const contexts = ir.contexts.map(contextParameterValue);
  const machine = ir.contexts.filter((c) => c !== 'currentUser').map(contextParameterValue);
  const en = (t: { 'en-US': string }) => t['en-US'];
  return render('module', 'public.ps1', {
    fixId: ir.id,
    kbUrl: ir.link,
    commands: commandNames(ir.module.noun),
    contexts,
    // One -Include<StepId> switch per optional step.
    optionalSteps: ir.repair.filter((s) => s.options.optional).map((s) => ({ id: s.id, switch: `Include${pascalCase(s.id)}`, description: en(s.description) })),
    contextsText: contexts.join(', '),
    machineContextsText: (machine.length > 0 ? machine : contexts).join(', '),
    ...pathParameterUse(ir),
    help: {
      testSynopsis: `Tells whether ${en(ir.title)}${ir.kb === null ? '' : ` (KB ${ir.kb})`} affects this computer.`,
      testDescription: `${en(ir.description)}\n\nChecks:\n${ir.detection.map((d) => `- ${en(d.description)}${d.indicates === 'evidence' ? ' (reported only)' : ''}`).join('\n')}`,
      // The other cultures' descriptions, for readers of Get-Help on an en-US system.
      otherDescriptions: ir.cultures.filter((c) => c !== 'en-US').map((c) => `${c}: ${ir.description[c]}`),
      repairSynopsis: `Repairs ${kbPrefix(ir)}${en(ir.title)}.`,
      repairDescription: en(ir.description),
      steps: ir.repair.map((s) => `${contextParameterValue(s.context)}: ${en(s.description)}`),
      repairResults:
        'Each step reports an outcome (Succeeded, NotNeeded, Partial, Failed, Refused, WhatIf or Skipped), the changes it made and the problems it met; ' +
        'a problem with one item never stops the others. The result says whether a restart is required.',
      statusSynopsis: ir.kb === null ? `Tells whether the repair of ${en(ir.title)} is in place.` : `Tells whether the KB ${ir.kb} repair is in place.`,
      verify: ir.verify.map((v) => en(v.description)),
    },
  });
}

/**
 * Which path parameters the scripts take: -ProfileDirectory when any step reaches every user's
 * profile (the everyUserProfile root, a profile root or a registry hive with context everyUser),
 * -CurrentUserProfile when any step works in the current user's.
 */
export function pathParameterUse(ir: FixIR): { usesEveryUser: boolean; usesCurrentUser: boolean } {
  const steps: { context?: unknown }[] = [...ir.detection, ...ir.repair, ...ir.verify].flatMap((s) => {
    const condition = (s as { condition?: { context?: unknown } }).condition;
    return condition ? [s as { context?: unknown }, condition] : [s as { context?: unknown }];
  });
  const roots = new Set(ir.roots.map((r) => r.id));
  return {
    usesEveryUser: roots.has('everyUserProfile') || steps.some((s) => s.context === 'everyUser'),
    usesCurrentUser: roots.has('currentUserProfile') || steps.some((s) => s.context === 'currentUser'),
  };
}
