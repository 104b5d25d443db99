/** The short README.md for admins that every fix folder carries. */
import type { Artifact } from '../artifact';
import { render } from '../templates';
import { fixName, generatorBanner } from '../banner';
import type { FixIR } from '../../ir/types';

/** What each emitted file is for, by path pattern; first match wins. */
const descriptions: readonly [RegExp, string][] = [
  [/^fixit\/FixIt\.cmd$/, 'Fix it for one computer: double-click (asks for administrator rights), or FixIt.cmd /quiet'],
  [/^fixit\/FixIt\.ps1$/, 'Fix it: the wizard FixIt.cmd starts (checks, asks, repairs, says whether it is solved)'],
  [/^fixit\/README\.txt$/, 'Fix it: how to use it, also from a USB stick'],
  [/^gpo-backup\/Import-FixForgeGpo\.ps1$/, 'runs Import-GPO on the GPO backup (-CreateIfNeeded) and prints where to link the GPO'],
  [/^gpo-backup\/\{[^/]+\}\/Backup\.xml$/, 'GPO backup: the GPO, its Scripts extension and its files (read by Import-GPO)'],
  [/^gpo-backup\/\{[^/]+\}\/bkupInfo\.xml$/, 'GPO backup: its id and GPO name (how Import-GPO -BackupId finds it)'],
  [/^gpo-backup\//, 'GPO backup: the same bytes as the file of the gpo folder'],
  [/^nupkg\/.*\.nupkg$/, 'the module as a NuGet package for Install-PSResource and private feeds'],
  [/^intune\/detect\.ps1$/, 'Intune Remediations: detection script (SYSTEM)'],
  [/^intune\/remediate\.ps1$/, 'Intune Remediations: remediation script (SYSTEM)'],
  [/^intune\/user\/detect\.ps1$/, 'Intune Remediations: detection script (signed-in user)'],
  [/^intune\/user\/remediate\.ps1$/, 'Intune Remediations: remediation script (signed-in user)'],
  [/^intune\/deviceHealthScript(\.user)?\.json$/, 'Graph body for POST /beta/deviceManagement/deviceHealthScripts'],
  [/^intune\/assign\.json$/, 'example Graph body for .../deviceHealthScripts/{id}/assign'],
  [/^intune\/README\.md$/, 'how to upload and assign the Intune Remediations'],
  [/^gpo\/DEPLOY\.md$/, 'how to deploy the Group Policy scripts (SYSVOL, linking, trust, logs)'],
  [/^gpo\/.*machine-startup\.ps1$/, 'Group Policy computer startup script, PowerShell (SYSTEM)'],
  [/^gpo\/.*machine-startup\.cmd$/, 'Group Policy computer startup script, batch (SYSTEM)'],
  [/^gpo\/.*user-logon\.cmd$/, 'Group Policy user logon script, batch'],
  [/^gpo\/.*scripts\.ini$/, 'Group Policy script registration (UTF-16LE)'],
  [/\.Strings\.psd1$/, 'localized strings'],
  [/\.Smoke\.Tests\.ps1$/, 'smoke test for a real Windows computer: Test- read-only, in Windows PowerShell 5.1 and PowerShell 7 (skipped elsewhere)'],
  [/\.Tests\.ps1$/, 'Pester tests of the module (run with `fixforge test`)'],
  [/\.help\.txt$/, 'about_ help topic'],
  [/\.psd1$/, 'module manifest (Import-Module this file)'],
  [/\.psm1$/, 'the PowerShell module: Test-, Repair- and Get-...Status functions'],
  [/machine-startup\.cmd$/, 'batch fallback: computer startup script (SYSTEM)'],
  [/user-logon\.cmd$/, 'batch fallback: user logon script'],
  [/^intune\//, 'Intune Remediations package'],
  [/^gpo\//, 'Group Policy scripts folder'],
];

export function emitFixReadme(ir: FixIR, files: readonly string[]): Artifact {
  const text = render('docs', 'README.md', {
    kb: ir.kb,
    name: fixName(ir),
    title: ir.title['en-US'],
    description: ir.description['en-US'],
    generator: generatorBanner(),
    sourceFile: ir.sourceFile,
    kbUrl: ir.link,
    files: [...files].sort().map((path) => ({ path, what: describe(path) })),
    steps: ir.repair.map((s) => ({ id: s.id, context: s.context, description: s.description['en-US'] })),
    verify: ir.verify.map((v) => v.description['en-US']),
    hints: ir.hints.map((h) => h.text['en-US']),
    // Which artifact for which estate: only the targets this build has.
    estate: {
      module: files.some((f) => f.startsWith('module/')) ? { name: ir.module.name, test: `Test-${ir.module.noun}`, repair: `Repair-${ir.module.noun}` } : null,
      nupkg: files.find((f) => /^nupkg\/.*\.nupkg$/.test(f)) ?? null,
      packageName: ir.module.name,
      intune: files.some((f) => f.startsWith('intune/')),
      gpo: files.some((f) => f.startsWith('gpo/')),
      gpoBackup: files.some((f) => f.startsWith('gpo-backup/')),
      cmd: files.some((f) => f.startsWith('cmd/')),
    },
    devCertificate: 'fixforge-development-signing.cer',
  });
  return { path: 'README.md', kind: 'text', text };
}

function describe(path: string): string {
  const name = path.split('/').pop() ?? path;
  for (const [pattern, what] of descriptions) {
    if (pattern.test(name) || pattern.test(path)) return what;
  }
  return 'generated file';
}
