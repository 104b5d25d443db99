/**
 * The exported functions (`Test-`, `Repair-`, `Get-<Noun>Status`) and their comment help: the
 * one part of the engine that is text for people, so it stays a template
 * (`templates/module/public.ps1.hbs`). Their bodies only call the engine core. The help is built
 * from the spec's own texts and the steps' descriptions.
 */
import type { FixIR } from '../../ir/types';
import { commandNames, contextParameterValue } from '../naming';
import { kbUrl } from '../banner';
import { render } from '../templates';

export function publicFunctions(ir: FixIR): string {
  const contexts = ir.contexts.map(contextParameterValue);
  const machine = ir.contexts.filter((c) => c !== 'currentUser').map(contextParameterValue);
  const usedRoots = new Set(ir.roots.map((r) => r.id));
  const en = (t: { 'en-US': string }) => t['en-US'];
  return render('module', 'public.ps1', {
    fixId: ir.id,
    kbUrl: kbUrl(ir.kb),
    commands: commandNames(ir.module.noun),
    contexts,
    contextsText: contexts.join(', '),
    machineContextsText: (machine.length > 0 ? machine : contexts).join(', '),
    usesEveryUser: usedRoots.has('everyUserProfile'),
    usesCurrentUser: usedRoots.has('currentUserProfile') || ir.contexts.includes('currentUser'),
    help: {
      testSynopsis: `Tells whether ${en(ir.title)} (KB ${ir.kb}) affects this computer.`,
      testDescription: `${en(ir.description)}\n\nChecks:\n${ir.detection.map((d) => `- ${en(d.description)}${d.indicates === 'evidence' ? ' (reported only)' : ''}`).join('\n')}`,
      // The other cultures' descriptions, for readers of Get-Help on an en-US system.
      otherDescriptions: ir.cultures.filter((c) => c !== 'en-US').map((c) => `${c}: ${ir.description[c]}`),
      repairSynopsis: `Repairs KB ${ir.kb}: ${en(ir.title)}.`,
      repairDescription: en(ir.description),
      steps: ir.repair.map((s) => `${contextParameterValue(s.context)}: ${en(s.description)}`),
      repairResults:
        'Each step reports an outcome (Succeeded, NotNeeded, Partial, Failed, Refused, WhatIf or Skipped), the changes it made and the problems it met; ' +
        'a problem with one item never stops the others. The result says whether a restart is required.',
      statusSynopsis: `Tells whether the KB ${ir.kb} repair is in place.`,
      verify: ir.verify.map((v) => en(v.description)),
    },
  });
}
