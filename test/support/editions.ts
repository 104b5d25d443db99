/**
 * The per-edition static check of generated PowerShell (issue 17, item 3): every command and .NET
 * type and member a file uses, as PowerShell's own AST shows them (scripts/ps/Get-PowerShellUsage.ps1,
 * one pwsh run for all files), held to what each edition the file claims has:
 *
 * - commands: PSScriptAnalyzer's per-edition command lists (test/fixtures/editions/commands.json,
 *   MIT, source commit inside), the in-box engine modules only; PowerShell 7 is core-6.1's list
 *   plus the commands 7 added (powershell7.json, each with its reason);
 * - .NET on the Windows PowerShell 2.0 floor (CLR 2): the public types and member names of the
 *   .NET Framework 2.0 reference assemblies (clr2-members.json, MIT), plus PowerShell 2.0's own
 *   type names (powershell2-types.json: its accelerators and the types of its engine assembly
 *   the scripts use, each with its reason, since no list of them is published).
 *
 * What a branch gated on `$PSVersionTable.PSVersion.Major` runs on narrows the editions (the gate is
 * read by scripts/ps/PowerShellVersionGate.ps1). Member names are checked, not overloads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runPwsh } from './pwsh';

export type Edition = 'desktop-2.0' | 'desktop-3.0' | 'desktop-4.0' | 'desktop-5.1' | 'core-7';

/** Windows PowerShell editions from oldest, and the major version each runs as. */
export const desktopEditions: readonly Edition[] = ['desktop-2.0', 'desktop-3.0', 'desktop-4.0', 'desktop-5.1'];
export const editionMajor: Readonly<Record<Edition, number>> = { 'desktop-2.0': 2, 'desktop-3.0': 3, 'desktop-4.0': 4, 'desktop-5.1': 5, 'core-7': 7 };

/** Windows PowerShell editions from a floor ('2.0', '3.0', '4.0', '5.1') up to 5.1. */
export function desktopFrom(floor: string): Edition[] {
  const from = desktopEditions.indexOf(`desktop-${floor}` as Edition);
  if (from < 0) throw new Error(`no Windows PowerShell edition ${floor}`);
  return desktopEditions.slice(from);
}

const dataDir = path.join(repoRoot, 'test', 'fixtures', 'editions');
const readJson = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8')) as T;

interface CommandData {
  readonly source: { readonly repository: string; readonly commit: string };
  readonly licence: string;
  readonly editions: Readonly<Record<string, readonly string[]>>;
}
export interface Exception {
  readonly name: string;
  readonly reason: string;
}
interface PowerShell7Data {
  readonly added: readonly (Exception & { readonly since: string })[];
}
interface ModuleData {
  /** Commands of modules a script imports itself, by module: not in-box, so not in the edition lists. */
  readonly modules: Readonly<Record<string, { readonly reason: string; readonly commands: readonly string[] }>>;
}
interface ClrData {
  readonly source: string;
  readonly licence: string;
  readonly types: Readonly<Record<string, { readonly b?: string; readonly s?: string; readonly i?: string }>>;
}
interface PowerShell2Types {
  /** Accelerator (lower case) -> .NET type, as PowerShell 2.0 resolves it. */
  readonly accelerators: Readonly<Record<string, string>>;
  /** PowerShell 2.0's own types (System.Management.Automation), with their members where used. */
  readonly types: readonly (Exception & { readonly static?: readonly string[]; readonly instance?: readonly string[] })[];
}

export const commandData = readJson<CommandData>('commands.json');
export const powershell7 = readJson<PowerShell7Data>('powershell7.json');
export const moduleData = readJson<ModuleData>('modules.json');
export const clrData = readJson<ClrData>('clr2-members.json');
export const powershell2Types = readJson<PowerShell2Types>('powershell2-types.json');

const lower = (names: Iterable<string>) => new Set([...names].map((n) => n.toLowerCase()));

const commandsOf: Readonly<Record<Edition, ReadonlySet<string>>> = {
  'desktop-2.0': lower(commandData.editions['desktop-2.0']),
  'desktop-3.0': lower(commandData.editions['desktop-3.0']),
  'desktop-4.0': lower(commandData.editions['desktop-4.0']),
  'desktop-5.1': lower(commandData.editions['desktop-5.1']),
  'core-7': lower([...commandData.editions['core-6.1'], ...powershell7.added.map((a) => a.name)]),
};

/** The CLR 2 types by lower-case full name, with member sets. */
interface ClrType {
  readonly name: string;
  readonly base?: string;
  readonly statics: ReadonlySet<string>;
  readonly instances: ReadonlySet<string>;
}
const clrTypes = new Map<string, ClrType>();
for (const [name, t] of Object.entries(clrData.types)) {
  clrTypes.set(name.toLowerCase(), { name, base: t.b, statics: lower((t.s ?? '').split(' ').filter(Boolean)), instances: lower((t.i ?? '').split(' ').filter(Boolean)) });
}
for (const t of powershell2Types.types) {
  clrTypes.set(t.name.toLowerCase(), { name: t.name, base: 'System.Object', statics: lower(t.static ?? []), instances: lower(t.instance ?? []) });
}

/** A type name as PowerShell 2.0 resolves it: an accelerator, the full name, or System.<name>. */
export function resolveClr2Type(name: string): ClrType | undefined {
  // An array of a type (New-Object -TypeName 'byte[]') needs the element type.
  const key = name.replace(/\[,*\]$/, '').toLowerCase();
  const accelerated = powershell2Types.accelerators[key];
  if (accelerated) return clrTypes.get(accelerated.toLowerCase());
  return clrTypes.get(key) ?? clrTypes.get(`system.${key}`);
}

/**
 * The .NET names in a type name written as text (New-Object -TypeName 'List[string]'): a generic's
 * definition with its arity (List`1) and its arguments; the AST does this for type literals.
 */
export function typeNamesIn(name: string): string[] {
  const generic = /^([^[\]]+)\[(.*[^,\s].*)\]$/.exec(name.trim());
  if (!generic) return [name.trim()];
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of generic[2]) {
    if (ch === ',' && depth === 0) {
      args.push(current);
      current = '';
      continue;
    }
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    current += ch;
  }
  args.push(current);
  return [`${generic[1].trim()}\`${args.length}`, ...args.flatMap((a) => typeNamesIn(a.trim().replace(/^\[(.*)\]$/, '$1')))];
}

function hasMember(type: ClrType, member: string, isStatic: boolean): boolean {
  const wanted = member.toLowerCase();
  for (let t: ClrType | undefined = type, depth = 0; t && depth < 32; t = t.base ? clrTypes.get(t.base.toLowerCase()) : undefined, depth++) {
    // Members of a base type (System.Object's ToString, GetType...) reach the derived one.
    if ((isStatic ? t.statics : t.instances).has(wanted)) return true;
  }
  return false;
}

/** Attribute names PowerShell 2.0 knows (its advanced-function attributes), lower case, without "Attribute". */
const attributes2 = lower(['CmdletBinding', 'Parameter', 'Alias', 'AllowNull', 'AllowEmptyString', 'AllowEmptyCollection', 'ValidateCount', 'ValidateLength', 'ValidatePattern', 'ValidateRange', 'ValidateScript', 'ValidateSet', 'ValidateNotNull', 'ValidateNotNullOrEmpty', 'OutputType']);

export interface Use {
  readonly k: 'command' | 'type' | 'attribute' | 'static' | 'instance';
  readonly n: string;
  readonly m?: string;
  readonly l: number;
  readonly c: number;
  readonly min?: number;
  readonly max?: number;
}
export interface FileUsage {
  readonly file: string;
  readonly parseErrors: readonly string[];
  readonly functions: readonly string[];
  readonly uses: readonly Use[];
}

/** What a file is checked against: its editions, and the modules it imports itself. */
export interface Claim {
  readonly editions: readonly Edition[];
  readonly modules?: readonly string[];
}

/** Uses of every file, from one pwsh run. */
export async function readUsage(files: readonly string[]): Promise<FileUsage[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-usage-'));
  try {
    const list = path.join(dir, 'files.json');
    fs.writeFileSync(list, JSON.stringify(files.map((f) => path.resolve(f))));
    const script = path.join(repoRoot, 'scripts', 'ps', 'Get-PowerShellUsage.ps1');
    const r = await runPwsh('& $args[0] -ListPath $args[1]', { args: [script, list], timeoutMs: 300_000 });
    const json = r.stdout.trim();
    if (!json.startsWith('[')) throw new Error(`no usage report from pwsh (exit ${r.exitCode}): ${r.stderr}`);
    return JSON.parse(json) as FileUsage[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every use a claimed edition lacks, as `file:line:col - edition: what`. */
export function checkUsage(usage: FileUsage, claim: Claim, label = usage.file): string[] {
  const findings: string[] = [];
  const own = lower(usage.functions);
  const imported = lower((claim.modules ?? []).flatMap((m) => moduleData.modules[m]?.commands ?? []));
  for (const use of usage.uses) {
    const editions = claim.editions.filter((e) => editionMajor[e] >= (use.min ?? 0) && editionMajor[e] <= (use.max ?? Number.MAX_SAFE_INTEGER));
    const at = `${label}:${use.l}:${use.c}`;
    for (const edition of editions) {
      const problem = lacks(use, edition, own, imported);
      if (problem) findings.push(`${at} - ${edition}: ${problem}`);
    }
  }
  return findings;
}

function lacks(use: Use, edition: Edition, own: ReadonlySet<string>, imported: ReadonlySet<string>): string | undefined {
  if (use.k === 'command') {
    const name = use.n.toLowerCase();
    if (own.has(name) || imported.has(name) || commandsOf[edition].has(name)) return undefined;
    return `command ${use.n} is not there`;
  }
  // .NET is checked on the CLR 2 floor only: the list sourced here is .NET 2.0's.
  if (edition !== 'desktop-2.0') return undefined;
  if (use.k === 'attribute') {
    const name = use.n.replace(/Attribute$/i, '').replace(/^System\.Management\.Automation\./i, '').toLowerCase();
    return attributes2.has(name) ? undefined : `attribute [${use.n}()] is not there`;
  }
  if (use.k === 'type') {
    const missing = typeNamesIn(use.n).filter((name) => !resolveClr2Type(name));
    return missing.length > 0 ? `type [${missing.join('], [')}] is not in .NET 2.0 (CLR 2) or PowerShell 2.0` : undefined;
  }
  const type = resolveClr2Type(use.n);
  if (!type) return `type [${use.n}] is not in .NET 2.0 (CLR 2) or PowerShell 2.0`;
  if (use.k === 'static' && !hasMember(type, use.m!, true)) return `[${type.name}]::${use.m} is not in .NET 2.0 (CLR 2)`;
  if (use.k === 'instance' && !hasMember(type, use.m!, false)) return `[${type.name}].${use.m} is not in .NET 2.0 (CLR 2)`;
  return undefined;
}
