/**
 * The batch fallback for machines where PowerShell cannot run: a per-user logon script and a
 * machine startup script (Group Policy runs them as the user and as SYSTEM respectively). Each
 * repair step's batch comes from its kind (`cmd.emit`); a step the kind cannot carry in batch is
 * listed in the header and left to the PowerShell targets.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Artifact } from '../artifact';
import { render } from '../templates';
import { generatorBanner, kbPrefix } from '../banner';
import { batchPathFragment } from '../../vocabulary/escape/batch';
import type { ExecutionContext, FixIR, FolderRef, RepairIR, RootIR } from '../../ir/types';
import { kindOfStep, type AnyStepKind } from '../../steps/registry';
import type { CmdContext, CmdRefusal, CmdStep } from '../../steps/stepKind';
import { stepKindDir } from '../../vocabulary/paths';
import { assertNever } from '../../vocabulary/assertNever';
import { rootOrder, wellKnownRoots } from '../../vocabulary/ir/roots';

/** Which script runs which contexts; `everyUser` steps are offered to the machine script, whose kinds may refuse them. */
const roles: readonly { role: 'machine' | 'user'; contexts: readonly ExecutionContext[]; suffix: string; runsAs: string }[] = [
  { role: 'machine', contexts: ['system', 'everyUser'], suffix: 'machine-startup', runsAs: 'SYSTEM, as a computer startup script (needs administrator rights)' },
  { role: 'user', contexts: ['currentUser'], suffix: 'user-logon', runsAs: 'the signed-in user, as a user logon script (no administrator rights needed)' },
];

/** What batch does for one step, in context: its lines, or why it cannot. */
export function cmdSupport(kind: AnyStepKind, step: { readonly kind: string; readonly id: string }, label = 'step', roots?: readonly RootIR[]): CmdStep | CmdRefusal {
  const support = kind.cmd;
  if ('notCarried' in support) return { refused: support.notCarried };
  const options = (step as Partial<RepairIR>).options;
  // Batch does not detect, so it cannot run a step only when detection found the problem.
  if (options?.when) return { refused: `it runs only when detection '${options.when}' finds the problem, and the .cmd fallback does not detect` };
  if (options?.retry) return { refused: 'its retries are not carried by the .cmd fallback' };
  const ctx: CmdContext = { label, folder: (l) => batchFolder(l, roots) };
  const emitted = support.emit(step as never, ctx);
  if ('refused' in emitted || !options) return emitted;
  const after: string[] = [];
  if (options.rebootRequired) after.push('if "%FF_RESULT%"=="0" set "FF_REBOOT=1"');
  if (options.onFailure === 'stop') after.push('if not "%FF_RESULT%"=="0" goto ff_done');
  return { ...emitted, lines: [...emitted.lines, ...after] };
}

/**
 * Where a script keeps its log and listings. SYSTEM's folder sits directly in ProgramData (whose own
 * ACL lets no user delete or rename what SYSTEM made there) and is used only when the script made it
 * itself: see the machine part of templates/cmd/script.cmd.hbs. A run that cannot use it makes a fresh
 * `<this>-<random>` for itself.
 */
export function cmdLogDir(id: string, role: 'machine' | 'user'): string {
  return role === 'machine' ? `%ProgramData%\\FixForge-cmd-${batchPathFragment(id)}` : `%LOCALAPPDATA%\\FixForge\\${batchPathFragment(id)}`;
}

export function emitCmd(ir: FixIR): Artifact[] {
  if (!ir.targets.cmd) return [];
  const out: Artifact[] = [];
  for (const r of roles) {
    const steps = ir.repair.filter((s) => r.contexts.includes(s.context));
    const emitted: { step: RepairIR; cmd: CmdStep; label: string }[] = [];
    const skipped: string[] = [];
    steps.forEach((s) => {
      if (s.options.optional) {
        skipped.push(`${s.id}: optional, not run by this script; run the module's Repair function with -Include${s.id.charAt(0).toUpperCase()}${s.id.slice(1)}`);
        return;
      }
      const label = `step${emitted.length + 1}`;
      const result = cmdSupport(kindOfStep('repair', s), s, label, ir.roots);
      if ('refused' in result) skipped.push(`${s.id}: not here (${result.refused}); run the PowerShell module instead`);
      else emitted.push({ step: s, cmd: result, label });
    });
    if (emitted.length === 0) continue;
    const logDir = cmdLogDir(ir.id, r.role);
    const routines = [...new Set(emitted.flatMap((e) => (e.cmd.routines ?? []).map((file) => path.join(stepKindDir('repair', e.step.kind), file))))];
    const text = render('cmd', 'script.cmd', {
      title: `${kbPrefix(ir)}${ir.title['en-US']}`,
      purpose: r.role === 'machine' ? 'Machine part of the fix: the system-wide steps.' : 'Per-user part of the fix: the steps for the signed-in user.',
      generator: generatorBanner(),
      sourceFile: ir.sourceFile,
      runsAs: r.runsAs,
      fixId: ir.id,
      role: r.role,
      machine: r.role === 'machine',
      logDir,
      logName: `${ir.id}-${r.role}.log`,
      logFile: `${logDir}\\${ir.id}-${r.role}.log`,
      steps: emitted.map((e) => ({ id: e.step.id, description: e.step.description['en-US'], lines: e.cmd.lines })),
      skipped,
      routines: routines.map(routineSource),
    });
    out.push({ path: `cmd/${ir.id}-${r.suffix}.cmd`, kind: 'cmd', text });
  }
  return out;
}

const routineCache = new Map<string, string>();

/** A `.cmd` routine from a step kind's folder, LF line ends (the encode stage writes CRLF). */
function routineSource(file: string): string {
  let text = routineCache.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n').trimEnd();
    routineCache.set(file, text);
  }
  return text;
}

/** The quoted-path base for a location in batch, or undefined when batch cannot reach its root. */
function batchFolder(l: FolderRef, roots: readonly RootIR[] = rootOrder.map((id) => wellKnownRoots[id])): string | undefined {
  const root = roots.find((r) => r.id === l.root);
  if (!root) throw new Error(`internal: root ${l.root} missing from the IR`);
  const location = root.location;
  switch (location.kind) {
    case 'windows':
      return location.path === '' ? '%SystemRoot%' : `%SystemRoot%\\${batchPathFragment(location.path)}`;
    case 'special':
      return { programData: '%ProgramData%', programFiles: '%ProgramFiles%', programFilesX86: '%ProgramFiles(x86)%' }[location.folder];
    case 'currentUserProfile':
      return '%USERPROFILE%';
    case 'profile':
      // The current user's profile only: batch cannot list every profile on disk.
      return l.context === 'currentUser' ? `%USERPROFILE%\\${batchPathFragment(location.path)}` : undefined;
    case 'everyUserProfile':
      return undefined;
    default:
      return assertNever(location);
  }
}
