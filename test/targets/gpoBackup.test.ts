/**
 * The gpo-backup target: a GPMC backup folder that Import-GPO turns into a working GPO. The XML
 * is parsed strictly (test/support/xml.ts) and by .NET ([xml] in pwsh), and checked element by
 * element against the structure GPMC writes (GroupPolicyBackupScheme 2.0, BackupInst), encoded
 * below; every file it names exists with the gpo target's bytes; GUIDs are stable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileOnly, diagnosticsText, repoRoot, runFixforge } from '../support/compile';
import type { BuiltFix } from '../../generator/pipeline/compile';
import type { FixIR } from '../../generator/ir/types';
import { attribute, parseXml, type XmlElement } from '../support/xml';
import { describeWithPwsh, parsePowerShellFiles, runPwsh, checkPs2Compatibility } from '../support/pwsh';
import { emitGpoBackup, gpoBackupAfterSign, nameGuid } from '../../generator/emit/gpoBackup/emitGpoBackup';
import { encodeArtifact } from '../../generator/pipeline/encode/encodeArtifact';

const BACKUP_NS = 'http://www.microsoft.com/GroupPolicy/GPOOperations';
const MANIFEST_NS = 'http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest';
const MACHINE_GUIDS = '[{42B5FAAE-6536-11D2-AE5A-0000F87571E3}{40B6664F-4972-11D1-A7CA-0000F87571E3}]';
const USER_GUIDS = '[{42B5FAAE-6536-11D2-AE5A-0000F87571E3}{40B66650-4972-11D1-A7CA-0000F87571E3}]';
/** The children of GroupPolicyCoreSettings, in the order GPMC writes them. */
const CORE_SETTINGS = ['ID', 'Domain', 'SecurityDescriptor', 'DisplayName', 'Options', 'UserVersionNumber', 'MachineVersionNumber', 'MachineExtensionGuids', 'UserExtensionGuids', 'WMIFilter'];
/** The children of BackupInst (bkupInfo.xml), in GPMC's order. */
const BACKUP_INST = ['GPOGuid', 'GPODomain', 'GPODomainGuid', 'GPODomainController', 'BackupTime', 'ID', 'Comment', 'GPODisplayName'];
const GUID = /^\{[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}$/;

// Every spec in spec/ with a gpo target (an on-demand fix such as defender-definitions has none:
// a startup script would run it at every boot).
const specs = fs
  .readdirSync(path.join(repoRoot, 'spec'))
  .filter((f) => f.endsWith('.fix.ts'))
  .filter((f) => /\bgpo\s*:/.test(fs.readFileSync(path.join(repoRoot, 'spec', f), 'utf8')))
  .sort()
  .map((f) => `spec/${f}`);

/** Every spec in spec/, built; the ones that do not enable gpoBackup get it added to their IR. */
const built = new Map<string, { fix: BuiltFix; ir: FixIR; files: Map<string, Buffer> }>();
beforeAll(async () => {
  const result = await compileOnly(specs);
  expect(diagnosticsText(result)).not.toMatch(/error/);
  expect(result.ok).toBe(true);
  for (const fix of result.fixes) {
    const ir: FixIR = { ...fix.ir, targets: { ...fix.ir.targets, gpoBackup: {} } };
    const files = new Map(fix.contents);
    if (!fix.ir.targets.gpoBackup) {
      for (const a of emitGpoBackup(ir)) files.set(a.path, encodeArtifact(a).bytes);
      const finals = [...fix.contents].map(([p, bytes]) => ({ path: p, bytes, signed: false }));
      for (const a of gpoBackupAfterSign.emit(ir, finals)) files.set(a.path, encodeArtifact(a).bytes);
    }
    built.set(fix.spec, { fix, ir, files });
  }
}, 120_000);

function children(el: XmlElement): string[] {
  return el.children.map((c) => c.localName);
}
function child(el: XmlElement, name: string): XmlElement {
  const found = el.children.filter((c) => c.localName === name);
  expect(found.map((c) => c.localName)).toEqual([name]);
  return found[0];
}

function backupFolder(files: Map<string, Buffer>): string {
  const folders = [...new Set([...files.keys()].filter((p) => p.startsWith('gpo-backup/{')).map((p) => p.split('/')[1]))];
  expect(folders).toHaveLength(1);
  return folders[0];
}

it('builds every spec in spec/ that has the gpo target', () => {
  expect([...built.keys()].sort()).toEqual(specs);
  for (const { ir } of built.values()) expect(ir.targets.gpo).toBeDefined();
});

it('enables the target for KB 2328240 in its spec', () => {
  expect(built.get('spec/kb2328240.fix.ts')!.fix.ir.targets.gpoBackup).toEqual({});
});

describe.each(specs)('%s', (spec) => {
  const get = () => built.get(spec)!;

  it('names the backup folder and the GPO by GUIDs derived from the fix id', () => {
    const { ir, files } = get();
    const folder = backupFolder(files);
    expect(folder).toMatch(GUID);
    expect(folder).toBe(nameGuid(`fixforge:${ir.id}:gpo-backup`));
    const info = parseXml(files.get(`gpo-backup/${folder}/bkupInfo.xml`)!.toString('utf8')).root;
    const backup = parseXml(files.get(`gpo-backup/${folder}/Backup.xml`)!.toString('utf8')).root;
    const gpoId = child(child(child(backup, 'GroupPolicyObject'), 'GroupPolicyCoreSettings'), 'ID').text;
    expect(gpoId).toMatch(GUID);
    expect(gpoId).not.toBe(folder);
    expect(child(info, 'GPOGuid').text).toBe(gpoId);
    expect(child(info, 'ID').text).toBe(folder);
  });

  it('writes Backup.xml as GPMC does: namespaces, attributes, element order, the Scripts extension', () => {
    const { ir, files } = get();
    const folder = backupFolder(files);
    const doc = parseXml(files.get(`gpo-backup/${folder}/Backup.xml`)!.toString('utf8'));
    expect(doc.declaration).toEqual({ version: '1.0', encoding: 'utf-8' });
    const root = doc.root;
    expect(root.name).toBe('GroupPolicyBackupScheme');
    expect(root.namespace).toBe(BACKUP_NS);
    expect(root.attributes.map((a) => [a.name, a.value])).toEqual([
      ['bkp:version', '2.0'],
      ['bkp:type', 'GroupPolicyBackupTemplate'],
      ['xmlns:bkp', BACKUP_NS],
      ['xmlns', BACKUP_NS],
    ]);
    expect(children(root)).toEqual(['GroupPolicyObject']);
    const gpo = child(root, 'GroupPolicyObject');
    // GPMC: SecurityGroups (optional), FilePaths, GroupPolicyCoreSettings, then the extensions.
    expect(children(gpo).join(' ')).toMatch(/^(SecurityGroups )?FilePaths GroupPolicyCoreSettings( GroupPolicyExtension)+$/);
    for (const el of [gpo, ...gpo.children, ...gpo.children.flatMap((c) => c.children)]) expect(el.namespace).toBe(BACKUP_NS);

    const core = child(gpo, 'GroupPolicyCoreSettings');
    expect(children(core)).toEqual(CORE_SETTINGS);
    const value = (name: string) => child(core, name).text;
    expect(value('DisplayName')).toBe(`FixForge ${ir.kb === null ? ir.id : `KB ${ir.kb}`}`);
    expect(value('Options')).toBe('0');

    const gpoFiles = [...files.keys()].filter((p) => /^gpo\/(Machine|User)\//.test(p)).sort();
    const machine = gpoFiles.some((p) => p.startsWith('gpo/Machine/'));
    const user = gpoFiles.some((p) => p.startsWith('gpo/User/'));
    expect(machine).toBe(true);
    expect(value('MachineExtensionGuids')).toBe(machine ? MACHINE_GUIDS : '');
    expect(value('UserExtensionGuids')).toBe(user ? USER_GUIDS : '');
    expect(value('MachineVersionNumber')).toBe(machine ? '1' : '0');
    expect(value('UserVersionNumber')).toBe(user ? '1' : '0');
    expect(child(core, 'WMIFilter').children).toEqual([]);

    const extensions = gpo.children.filter((c) => c.localName === 'GroupPolicyExtension');
    expect(extensions).toHaveLength(1);
    const scripts = extensions[0];
    expect(scripts.attributes.map((a) => [a.namespace, a.localName, a.value])).toEqual([
      [BACKUP_NS, 'ID', '{42B5FAAE-6536-11d2-AE5A-0000F87571E3}'],
      [BACKUP_NS, 'DescName', 'Scripts'],
    ]);
    // Files first, then the folders, each with bkp:Path (in the GPO) and bkp:Location (in the backup).
    expect(children(scripts).join(' ')).toMatch(/^(FSObjectFile )+(FSObjectDir ?)+$/);
    for (const entry of scripts.children) {
      expect(entry.attributes.map((a) => [a.namespace, a.localName])).toEqual([
        [BACKUP_NS, 'Path'],
        [BACKUP_NS, 'Location'],
      ]);
      const p = attribute(entry, 'bkp:Path')!;
      const loc = attribute(entry, 'bkp:Location')!;
      const m = /^%GPO_(MACH|USER)_FSPATH%\\(Scripts(\\.+)?)$/.exec(p);
      expect(m).not.toBeNull();
      expect(loc).toBe(`DomainSysvol\\GPO\\${m![1] === 'MACH' ? 'Machine' : 'User'}\\${m![2]}`);
      expect(entry.children).toEqual([]);
    }
  });

  it('names every file of the gpo target, and each one exists in the backup with the same bytes', () => {
    const { files } = get();
    const folder = backupFolder(files);
    const scripts = child(child(parseXml(files.get(`gpo-backup/${folder}/Backup.xml`)!.toString('utf8')).root, 'GroupPolicyObject'), 'GroupPolicyExtension');
    const located = (el: XmlElement) => `gpo-backup/${folder}/${attribute(el, 'bkp:Location')!.replace(/\\/g, '/')}`;
    const named = scripts.children.filter((c) => c.localName === 'FSObjectFile').map(located);
    const gpoFiles = [...files.keys()].filter((p) => /^gpo\/(Machine|User)\//.test(p)).sort();
    expect(named.map((p) => p.replace(`gpo-backup/${folder}/DomainSysvol/GPO/`, 'gpo/')).sort()).toEqual(gpoFiles);
    for (const p of named) {
      const copy = files.get(p);
      expect(copy).toBeDefined();
      expect(copy!.equals(files.get(p.replace(`gpo-backup/${folder}/DomainSysvol/GPO/`, 'gpo/'))!)).toBe(true);
    }
    // Every folder of every file, and no other, is listed as an FSObjectDir.
    const dirs = scripts.children.filter((c) => c.localName === 'FSObjectDir').map(located);
    const parents = new Set(named.flatMap((p) => {
      const parts = p.split('/');
      const out: string[] = [];
      for (let i = parts.indexOf('GPO') + 3; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
      return out;
    }));
    expect([...dirs].sort()).toEqual([...parents].sort());
    // The backup folder holds exactly the two XML files and the named files.
    const inFolder = [...files.keys()].filter((p) => p.startsWith(`gpo-backup/${folder}/`)).sort();
    expect(inFolder).toEqual([`gpo-backup/${folder}/Backup.xml`, `gpo-backup/${folder}/bkupInfo.xml`, ...named].sort());
  });

  it('writes bkupInfo.xml as GPMC does, with a fixed backup time', () => {
    const { files } = get();
    const folder = backupFolder(files);
    const bytes = files.get(`gpo-backup/${folder}/bkupInfo.xml`)!;
    const root = parseXml(bytes.toString('utf8')).root;
    expect(root.name).toBe('BackupInst');
    expect(root.namespace).toBe(MANIFEST_NS);
    expect(root.attributes.map((a) => [a.name, a.value])).toEqual([['xmlns', MANIFEST_NS]]);
    expect(children(root)).toEqual(BACKUP_INST);
    expect(child(root, 'BackupTime').text).toBe('2000-01-01T00:00:00');
    expect(child(root, 'GPODisplayName').text).toMatch(/^FixForge /);
  });
});

it("documents the backup in the gpo target's DEPLOY.md, and the manual way correctly", () => {
  for (const [spec, { fix }] of built) {
    const deploy = fix.contents.get('gpo/DEPLOY.md')!.toString('utf8');
    expect(deploy).not.toMatch(/open the GPO in the editor once/i);
    expect(deploy).toContain('gPCMachineExtensionNames');
    expect(deploy).toContain('[{42B5FAAE-6536-11D2-AE5A-0000F87571E3}{40B6664F-4972-11D1-A7CA-0000F87571E3}]');
    expect(deploy).toContain('Show Files...');
    if (fix.ir.targets.gpoBackup) {
      const folder = backupFolder(fix.contents as Map<string, Buffer>);
      expect(deploy).toContain(`Import-GPO -BackupId ${folder} -Path ..\\gpo-backup`);
      expect(deploy).toContain('Import-FixForgeGpo.ps1 -CreateIfNeeded');
    } else {
      expect(`${spec}: ${deploy}`).toContain('Enable the\n`gpoBackup` target');
    }
  }
});

it('keeps the GUIDs and every byte of the backup across builds', async () => {
  const again = await compileOnly(['spec/kb2328240.fix.ts']);
  const first = built.get('spec/kb2328240.fix.ts')!.fix;
  const paths = [...first.contents.keys()].filter((p) => p.startsWith('gpo-backup/'));
  expect(paths.length).toBeGreaterThan(4);
  for (const p of paths) expect(again.fixes[0].contents.get(p)!.equals(first.contents.get(p)!)).toBe(true);
  // Pinned: a change of the derivation would orphan every GPO imported from an earlier build.
  expect(backupFolder(first.contents as Map<string, Buffer>)).toBe('{F4BFA3D7-A888-5389-B848-5EB731696466}');
});

it('gives each fix its own GUIDs', () => {
  const ids = [...built.values()].map(({ files }) => backupFolder(files));
  expect(new Set(ids).size).toBe(ids.length);
});

it('refuses gpoBackup without the gpo target (FF2301), and writes nothing', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-gpobackup-'));
  try {
    const result = await compileOnly(['test/fixtures/packages/gpo-backup-without-gpo.fix.ts'], { outDir: out, write: true });
    expect(result.ok).toBe(false);
    expect(diagnosticsText(result)).toBe(
      "test/fixtures/packages/gpo-backup-without-gpo.fix.ts:7:56 - error FF2301: Target gpoBackup packs the files of target gpo: enable targets.gpo too.  [targets.gpoBackup]\n",
    );
    expect(fs.readdirSync(out)).toEqual([]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

it('copies the signed scripts with their signatures, and signs the import helper (fixforge build --sign)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-gpobackup-signed-'));
  try {
    const r = runFixforge('build', 'spec/kb2328240.fix.ts', '--sign', '--target', 'gpo,gpoBackup', '--out', out);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const dir = path.join(out, 'kb2328240');
    const folder = fs.readdirSync(path.join(dir, 'gpo-backup')).find((f) => f.startsWith('{'))!;
    const ps1 = 'Machine/Scripts/Startup/kb2328240-machine-startup.ps1';
    const signed = fs.readFileSync(path.join(dir, 'gpo', ps1));
    expect(signed.toString('latin1')).toContain('# SIG # Begin signature block');
    expect(fs.readFileSync(path.join(dir, 'gpo-backup', folder, 'DomainSysvol/GPO', ps1)).equals(signed)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'gpo-backup/Import-FixForgeGpo.ps1'), 'latin1')).toContain('# SIG # Begin signature block');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120_000);

describeWithPwsh('in pwsh', () => {
  it('parses as XML in .NET, and Import-FixForgeGpo.ps1 passes the backup to Import-GPO and says where to link', async () => {
    const { files } = built.get('spec/kb2328240.fix.ts')!;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-gpobackup-pwsh-'));
    try {
      for (const [p, bytes] of files) {
        if (!p.startsWith('gpo-backup/')) continue;
        fs.mkdirSync(path.dirname(path.join(tmp, p)), { recursive: true });
        fs.writeFileSync(path.join(tmp, p), bytes);
      }
      const folder = backupFolder(files);
      // A stand-in GroupPolicy module (the real one is Windows-only) that records what Import-GPO got.
      const modules = path.join(tmp, 'modules', 'GroupPolicy');
      fs.mkdirSync(modules, { recursive: true });
      fs.writeFileSync(
        path.join(modules, 'GroupPolicy.psm1'),
        [
          'function Import-GPO { param([string]$BackupId, [string]$Path, [string]$TargetName, [switch]$CreateIfNeeded, [string]$Domain, [string]$Server)',
          '  $global:ImportGpoCall = @{ BackupId = $BackupId; Path = $Path; TargetName = $TargetName; CreateIfNeeded = [bool]$CreateIfNeeded; Domain = $Domain; Server = $Server }',
          "  New-Object psobject -Property @{ DisplayName = $TargetName; Id = [guid]'11111111-2222-3333-4444-555555555555'; DomainName = 'corp.example' } }",
        ].join('\n'),
      );
      const script = path.join(tmp, 'gpo-backup', 'Import-FixForgeGpo.ps1');
      const r = await runPwsh(
        [
          "$ErrorActionPreference = 'Stop'",
          `$env:PSModulePath = '${path.join(tmp, 'modules')}' + [IO.Path]::PathSeparator + $env:PSModulePath`,
          `foreach ($f in 'Backup.xml', 'bkupInfo.xml') { $x = [xml](Get-Content -Raw -LiteralPath (Join-Path '${path.join(tmp, 'gpo-backup', folder)}' $f)); Write-Output "$f $($x.DocumentElement.NamespaceURI)" }`,
          `$out = & '${script}' -CreateIfNeeded -TargetName 'Fixes' -Server dc1`,
          '$out | ForEach-Object { Write-Output "OUT $_" }',
          '$c = $global:ImportGpoCall',
          'Write-Output "CALL $($c.BackupId) $($c.TargetName) $($c.CreateIfNeeded) [$($c.Domain)] $($c.Server) $($c.Path)"',
          `$out = & '${script}'`,
          '$c = $global:ImportGpoCall',
          'Write-Output "CALL2 $($c.TargetName) $($c.CreateIfNeeded)"',
          `Remove-Item -Recurse -LiteralPath '${path.join(tmp, 'gpo-backup', folder)}'`,
          `try { & '${script}'; Write-Output 'NO THROW' } catch { Write-Output "THROWS $($_.Exception.Message)" }`,
        ].join('\n'),
      );
      expect(r.stderr).toBe('');
      const lines = r.stdout.split(/\r?\n/);
      expect(lines).toContain(`Backup.xml ${BACKUP_NS}`);
      expect(lines).toContain(`bkupInfo.xml ${MANIFEST_NS}`);
      expect(lines).toContain(`CALL ${folder} Fixes True [] dc1 ${path.join(tmp, 'gpo-backup')}`);
      expect(lines).toContain('CALL2 FixForge KB 2328240 False');
      expect(lines).toContain("OUT Imported KB 2328240 into GPO 'Fixes' {11111111-2222-3333-4444-555555555555} in corp.example.");
      expect(lines.some((l) => l.startsWith("OUT     New-GPLink -Guid '11111111-2222-3333-4444-555555555555' -Domain 'corp.example' -Target 'OU="))).toBe(true);
      expect(lines.find((l) => l.startsWith('THROWS'))).toMatch(/is not beside this script/);
      expect(await parsePowerShellFiles([script])).toEqual([]);
      expect(await checkPs2Compatibility([script])).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
