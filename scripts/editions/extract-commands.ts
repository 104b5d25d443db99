// Writes test/fixtures/editions/commands.json: the commands each Windows PowerShell / PowerShell
// edition has in its in-box engine modules, from PSScriptAnalyzer's per-edition settings data (MIT).
// The per-edition static check (test/pwsh/editions.test.ts) holds the generated scripts to it.
// Run: node --require ./scripts/register-ts.js scripts/editions/extract-commands.ts <PSScriptAnalyzer git dir> [commit]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [gitDir, commit = 'HEAD'] = process.argv.slice(2);
if (!gitDir) throw new Error('usage: extract-commands.ts <PSScriptAnalyzer git dir> [commit]');

/** Edition name in the check -> the settings file that describes it. */
const files: Record<string, string> = {
  'desktop-2.0': 'Engine/Settings/desktop-2.0-windows.json',
  'desktop-3.0': 'Engine/Settings/desktop-3.0-windows.json',
  'desktop-4.0': 'Engine/Settings/desktop-4.0-windows.json',
  'desktop-5.1': 'Engine/Settings/desktop-5.1.14393.206-windows.json',
  'core-6.1': 'Engine/Settings/core-6.1.0-windows.json',
};

/**
 * The engine's own modules, which every installation of the edition has. The settings files also
 * list the modules of one machine's Windows features (Hyper-V, Storage, ServerManager...), which
 * another machine may lack; 2.0 lists all its snap-in commands under Microsoft.PowerShell.Core.
 */
const inBox = new Set([
  'Microsoft.PowerShell.Core',
  'Microsoft.PowerShell.Management',
  'Microsoft.PowerShell.Utility',
  'Microsoft.PowerShell.Security',
  'Microsoft.PowerShell.Diagnostics',
  'Microsoft.PowerShell.Host',
  'Microsoft.WSMan.Management',
  'CimCmdlets',
]);

interface Settings {
  Modules: { Name: string; ExportedCommands?: { Name: string }[] | null }[];
}

const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const resolved = git('rev-parse', commit).trim();
const editions: Record<string, string[]> = {};
for (const [edition, file] of Object.entries(files)) {
  const settings = JSON.parse(git('show', `${resolved}:${file}`).replace(/^\uFEFF/, '')) as Settings;
  const names = new Set<string>();
  for (const m of settings.Modules) if (inBox.has(m.Name)) for (const c of m.ExportedCommands ?? []) names.add(c.Name);
  editions[edition] = [...names].sort((a, b) => a.localeCompare(b, 'en'));
}
const licence = git('show', `${resolved}:LICENSE`).replace(/\r\n/g, '\n').trim();
const out = {
  source: { repository: 'PowerShell/PSScriptAnalyzer', commit: resolved, files: Object.values(files), modules: [...inBox].sort() },
  licence,
  editions,
};
const target = path.join(__dirname, '..', '..', 'test', 'fixtures', 'editions', 'commands.json');
fs.writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
console.log(Object.entries(editions).map(([e, n]) => `${e}: ${n.length}`).join(', '));
