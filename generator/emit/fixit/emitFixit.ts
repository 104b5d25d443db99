/**
 * The portable "Fix it" (issue 13, item 3): one folder a person runs on one computer. FixIt.cmd
 * elevates (UAC) and starts FixIt.ps1 with the 64-bit Windows PowerShell, or the .cmd fallback
 * (copied beside it when the spec has the cmd target) where PowerShell cannot run. FixIt.ps1
 * embeds the engine, every culture's string table and fixforge's wizard texts, and asks.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact } from '../artifact';
import { engineDir } from '../../vocabulary/paths';
import { render } from '../templates';
import { commandNames, contextParameterValue } from '../../vocabulary/naming';
import { generatorBanner, fixName } from '../banner';
import { cmdLogDir, emitCmd } from '../cmd/emitCmd';
import type { ExecutionContext, FixIR, PowerShellVersion } from '../../ir/types';
import { inboxPowerShell } from '../../vocabulary/closedSets';
import { standaloneEngine } from '../powershell/standalone';
import { pathParameterUse } from '../powershell/publicFunctions';
import { toPowerShell } from '../../vocabulary/powershell/data';
import { moduleStringTable } from '../module/strings';
import { wizardTexts } from './wizardTexts';

const contextOrder: readonly ExecutionContext[] = ['system', 'everyUser', 'currentUser'];

/** The oldest in-box Windows PowerShell among the versions the fix applies to (2.0 when none has one). */
export function fixitPowerShell(ir: FixIR): PowerShellVersion {
  const versions = ir.appliesTo.map((v) => inboxPowerShell[v]).filter((v): v is PowerShellVersion => v !== undefined).sort();
  return versions[0] ?? '2.0';
}

let wizardSource: string | undefined;

/** generator/engine/FixIt.ps1, LF line ends (encoding makes them CRLF). */
function fixitWizardSource(): string {
  wizardSource ??= fs.readFileSync(path.join(engineDir(), 'FixIt.ps1'), 'utf8').replace(/\r\n/g, '\n').trimEnd();
  return wizardSource;
}

let launcherSource: string | undefined;
/** FixIt.cmd's logic (generator/engine/FixItLauncher.cmd) without its own header comment. */
function fixitLauncherSource(): string {
  launcherSource ??= fs
    .readFileSync(path.join(engineDir(), 'FixItLauncher.cmd'), 'utf8')
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((line, i, all) => i >= all.findIndex((l) => !l.startsWith('rem ')))
    .join('\n')
    .trimEnd();
  return launcherSource;
}

function logHint(ir: FixIR): string {
  return `%ProgramData%\\FixForge\\${ir.id}\\${ir.id}.log`;
}

export function emitFixit(ir: FixIR): Artifact[] {
  if (!ir.targets.fixit) return [];
  const commands = commandNames(ir.module.noun);
  const contexts = contextOrder.filter((c) => ir.repair.some((s) => s.context === c));
  const contextValues = contexts.map(contextParameterValue);
  const { usesEveryUser, usesCurrentUser } = pathParameterUse(ir);
  // The same bytes as the cmd target's scripts, when the spec has that target.
  const fallback = ir.targets.cmd ? emitCmd(ir).map((a) => ({ ...a, path: `fixit/${a.path.slice(a.path.lastIndexOf('/') + 1)}` })) : [];
  const fallbacks = fallback.map((a) => a.path.slice('fixit/'.length));
  // Each fallback's own log, named on screen: the machine script's under ProgramData, the user
  // script's in the user's profile (never "the machine folder" for a user's run).
  const fallbackRuns = fallbacks.map((file) => {
    const role = file.endsWith('-machine-startup.cmd') ? 'machine' : 'user';
    return { file, log: `${cmdLogDir(ir.id, role)}\\${ir.id}-${role}.log` };
  });

  const tables: Record<string, Record<string, string>> = {};
  const strings = moduleStringTable(ir);
  for (const culture of ir.cultures) tables[culture] = Object.fromEntries(strings[culture].map((e) => [e.key, e.value]));
  const wizard: Record<string, Record<string, string>> = {};
  for (const culture of ir.cultures) wizard[culture] = { ...wizardTexts(culture) };

  const culturesText = ir.cultures.join(', ');
  const powershell = fixitPowerShell(ir);
  const ps1 = render('fixit', 'FixIt.ps1', {
    powershell,
    title: ir.title['en-US'],
    generator: generatorBanner(),
    sourceFile: ir.sourceFile,
    commands,
    // Every culture's hint needles, like the GPO script: the event text is in the computer's language.
    engine: standaloneEngine(ir, { hintCultures: ir.cultures, helpCultures: ir.cultures, strings: 'en-US' }),
    // The wizard itself is PowerShell source beside the engine, with its own tests (FixIt.Tests.ps1).
    wizard: fixitWizardSource(),
    stringTables: toPowerShell(tables),
    wizardTexts: toPowerShell(wizard),
    contextValues,
    contextsText: contextValues.join(', '),
    culturesText,
    logHint: logHint(ir),
    testParameters: ['WindowsDirectory', ...(usesEveryUser ? ['ProfileDirectory'] : []), 'DataDirectory'],
    repairParameters: [
      'WindowsDirectory',
      ...(usesEveryUser ? ['ProfileDirectory'] : []),
      ...(usesCurrentUser ? ['CurrentUserProfile'] : []),
      'DataDirectory',
    ],
  });
  const cmd = render('fixit', 'FixIt.cmd', {
    title: ir.title['en-US'],
    generator: generatorBanner(),
    sourceFile: ir.sourceFile,
    fallbacks: fallbackRuns,
    launcher: fixitLauncherSource(),
  });
  const readme = render('fixit', 'README.txt', {
    name: fixName(ir),
    title: ir.title['en-US'],
    culturesText,
    logHint: logHint(ir),
    fallbacks,
    fallbacksText: fallbacks.join(', '),
    generator: generatorBanner(),
    sourceFile: ir.sourceFile,
  });
  return [
    { path: 'fixit/FixIt.cmd', kind: 'cmd', text: cmd },
    { path: 'fixit/FixIt.ps1', kind: 'powershell', text: ps1 },
    ...fallback,
    // Notepad-friendly CRLF ASCII when it can be; a non-ASCII title makes it UTF-8.
    { path: 'fixit/README.txt', kind: /^[\x20-\x7e\n]*$/.test(readme) ? 'cmd' : 'text', text: readme },
  ];
}
