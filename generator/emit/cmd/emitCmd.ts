/**
 * The batch fallback for machines where PowerShell cannot run: a per-user logon script and a
 * machine startup script (Group Policy runs them as the user and as SYSTEM respectively).
 */
import type { Artifact } from '../artifact';
import { render } from '../templates';
import { generatorBanner } from '../banner';
import { batchPathFragment } from '../../escape/batch';
import type { ExecutionContext, FixIR, FolderRef, RepairIR } from '../../ir/types';

/** Which script runs which context; `everyUser` needs the ProfileList and is left to PowerShell. */
const roles: readonly { role: 'machine' | 'user'; context: ExecutionContext; suffix: string; runsAs: string }[] = [
  { role: 'machine', context: 'system', suffix: 'machine-startup', runsAs: 'SYSTEM, as a computer startup script (needs administrator rights)' },
  { role: 'user', context: 'currentUser', suffix: 'user-logon', runsAs: 'the signed-in user, as a user logon script (no administrator rights needed)' },
];

export function emitCmd(ir: FixIR): Artifact[] {
  if (!ir.targets.cmd) return [];
  return roles
    .filter((r) => ir.repair.some((s) => s.context === r.context))
    .map((r) => {
      const steps = ir.repair.filter((s) => s.context === r.context);
      const logDir = r.role === 'machine' ? `%ProgramData%\\FixForge\\${batchPathFragment(ir.id)}` : `%LOCALAPPDATA%\\FixForge\\${batchPathFragment(ir.id)}`;
      const text = render('cmd', 'script.cmd', {
        title: `KB ${ir.kb}: ${ir.title['en-US']}`,
        purpose: r.role === 'machine' ? 'Machine part of the fix: the system-wide steps.' : 'Per-user part of the fix: the steps for the signed-in user.',
        generator: generatorBanner(),
        sourceFile: ir.sourceFile,
        runsAs: r.runsAs,
        fixId: ir.id,
        role: r.role,
        logDir,
        logName: `${ir.id}-${r.role}.log`,
        logFile: `${logDir}\\${ir.id}-${r.role}.log`,
        steps: steps.map((s, i) => stepView(ir, s, i + 1)),
        skipped: ir.repair
          .filter((s) => s.context === 'everyUser' && r.role === 'machine')
          .map((s) => `${s.id}: not here (needs every profile on disk); run the PowerShell module as SYSTEM`),
        hasClear: steps.some((s) => s.kind === 'clearFolderContents'),
      });
      return { path: `cmd/${ir.id}-${r.suffix}.cmd`, kind: 'cmd' as const, text };
    });
}

function stepView(ir: FixIR, step: RepairIR, index: number) {
  const common = { id: step.id, kind: step.kind, description: step.description['en-US'], label: `step${index}` };
  if (step.kind === 'runProgram') return { ...common, program: step.program, arguments: step.arguments, successExitCodes: step.successExitCodes };
  return { ...common, folders: step.locations.map((l) => folderView(ir, l)) };
}

function folderView(ir: FixIR, l: FolderRef): { base: string; folder: string } {
  const root = ir.roots.find((r) => r.id === l.root);
  if (!root) throw new Error(`root ${l.root} missing from the IR`);
  switch (root.location.kind) {
    case 'windows':
      return { base: `%SystemRoot%\\${batchPathFragment(root.location.path)}`, folder: l.folder };
    case 'currentUserProfile':
      return { base: '%USERPROFILE%', folder: l.folder };
    case 'everyUserProfile':
      throw new Error('everyUserProfile is not emitted to cmd');
  }
}
