/**
 * A GPMC backup of the gpo target's scripts (issue 13): `gpo-backup/{backup-guid}/` with
 * `Backup.xml` (the GPO's core settings, the Scripts client-side extension with its tool GUIDs,
 * and every file with its `bkp:Path` in the GPO and `bkp:Location` in the backup), `bkupInfo.xml`
 * (what `Import-GPO -BackupId` looks up) and `DomainSysvol/GPO/Machine|User/Scripts/...`, the
 * gpo target's files byte for byte. Beside it, `Import-FixForgeGpo.ps1` runs Import-GPO.
 *
 * The structure follows backups written by GPMC (`GroupPolicyBackupScheme` version 2.0, namespace
 * http://www.microsoft.com/GroupPolicy/GPOOperations; `BackupInst` in .../GPOOperations/Manifest).
 * Left out on purpose: `SecurityGroups` and a `SecurityDescriptor` value (Import-GPO keeps the
 * target GPO's permissions and never applies the backup's), `bkp:SourceExpandedPath` (the backup
 * was not read from a domain controller) and `gpreport.xml` (only GPMC's report of a backup reads
 * it; importing does not), and the location-less wildcard entries GPMC adds to its own backups
 * (`%GPO_MACH_FSPATH%\Scripts\Startup\*` and the like; import needs only the named files). Times
 * and GUIDs are fixed by the fix id, so two builds are identical.
 *
 * The script copies are made after signing (`gpoBackupAfterSign`) from the gpo target's final
 * files, so they are those files, signature included; the XML and the import helper are emitted
 * (and the helper signed) with the other files.
 */
import type { Artifact } from '../artifact';
import { render } from '../templates';
import { generatorBanner, fixName } from '../banner';
import { emitGpo } from '../gpo/emitGpo';
import type { FixIR } from '../../ir/types';
import type { AfterSignEmitter, FinalFile } from '../artifact';
import { GPO_BACKUP_DIR, IMPORT_SCRIPT, gpoBackupGpoId, gpoBackupId, gpoDisplayName } from './ids';

/** The Scripts client-side extension and the tool GUIDs of its Startup/Shutdown and Logon/Logoff editors. */
export const SCRIPTS_EXTENSION = '{42B5FAAE-6536-11D2-AE5A-0000F87571E3}';
export const MACHINE_SCRIPTS_TOOL = '{40B6664F-4972-11D1-A7CA-0000F87571E3}';
export const USER_SCRIPTS_TOOL = '{40B66650-4972-11D1-A7CA-0000F87571E3}';
/** GPMC writes the extension's bkp:ID with these lower-case letters. */
const SCRIPTS_EXTENSION_BKP_ID = '{42B5FAAE-6536-11d2-AE5A-0000F87571E3}';
const BACKUP_NS = 'http://www.microsoft.com/GroupPolicy/GPOOperations';
const MANIFEST_NS = 'http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest';
/** Every build claims the same backup time, so the bytes do not depend on the clock. */
const BACKUP_TIME = '2000-01-01T00:00:00';

export { GPO_BACKUP_DIR, IMPORT_SCRIPT, nameGuid } from './ids';

export interface GpoBackupFile {
  /** The gpo target's file this is a copy of. */
  readonly source: string;
  /** Where the copy is in the output. */
  readonly path: string;
  readonly side: 'Machine' | 'User';
  /** In the GPO, as GPMC writes it: `%GPO_MACH_FSPATH%\Scripts\...`. */
  readonly bkpPath: string;
  /** In the backup folder: `DomainSysvol\GPO\Machine\Scripts\...`. */
  readonly bkpLocation: string;
}

export interface GpoBackupLayout {
  readonly backupId: string;
  readonly gpoId: string;
  readonly displayName: string;
  readonly folder: string;
  readonly files: readonly GpoBackupFile[];
  /** The folders of the files, parents first, machine before user. */
  readonly dirs: readonly { side: 'Machine' | 'User'; bkpPath: string; bkpLocation: string }[];
  readonly machine: boolean;
  readonly user: boolean;
}

export function gpoBackupLayout(ir: FixIR): GpoBackupLayout | undefined {
  if (!ir.targets.gpoBackup || !ir.targets.gpo) return undefined;
  const backupId = gpoBackupId(ir.id);
  const folder = `${GPO_BACKUP_DIR}/${backupId}`;
  const sources = emitGpo(ir)
    .map((a) => a.path)
    .filter((p) => /^gpo\/(Machine|User)\//.test(p));
  const files = sources.map((source): GpoBackupFile => {
    const rel = source.slice('gpo/'.length);
    const side = rel.startsWith('Machine/') ? 'Machine' : 'User';
    const inside = rel.slice(side.length + 1).replace(/\//g, '\\');
    return {
      source,
      path: `${folder}/DomainSysvol/GPO/${rel}`,
      side,
      bkpPath: `${side === 'Machine' ? '%GPO_MACH_FSPATH%' : '%GPO_USER_FSPATH%'}\\${inside}`,
      bkpLocation: `DomainSysvol\\GPO\\${side}\\${inside}`,
    };
  });
  files.sort((a, b) => order(a.side, b.side) || (a.bkpLocation < b.bkpLocation ? -1 : a.bkpLocation > b.bkpLocation ? 1 : 0));
  const dirKeys = new Map<string, { side: 'Machine' | 'User'; bkpPath: string; bkpLocation: string }>();
  for (const f of files) {
    const parts = f.bkpLocation.split('\\').slice(3, -1);
    for (let i = 1; i <= parts.length; i++) {
      const inside = parts.slice(0, i).join('\\');
      const key = `${f.side}\\${inside}`;
      if (!dirKeys.has(key)) {
        dirKeys.set(key, {
          side: f.side,
          bkpPath: `${f.side === 'Machine' ? '%GPO_MACH_FSPATH%' : '%GPO_USER_FSPATH%'}\\${inside}`,
          bkpLocation: `DomainSysvol\\GPO\\${f.side}\\${inside}`,
        });
      }
    }
  }
  const dirs = [...dirKeys.values()].sort((a, b) => order(a.side, b.side) || (a.bkpLocation < b.bkpLocation ? -1 : 1));
  return {
    backupId,
    gpoId: gpoBackupGpoId(ir.id),
    displayName: gpoDisplayName(ir),
    folder,
    files,
    dirs,
    machine: files.some((f) => f.side === 'Machine'),
    user: files.some((f) => f.side === 'User'),
  };
}

function order(a: 'Machine' | 'User', b: 'Machine' | 'User'): number {
  return a === b ? 0 : a === 'Machine' ? -1 : 1;
}

export function emitGpoBackup(ir: FixIR): Artifact[] {
  const layout = gpoBackupLayout(ir);
  if (!layout) return [];
  return [
    { path: `${layout.folder}/Backup.xml`, kind: 'text', text: backupXml(layout) },
    { path: `${layout.folder}/bkupInfo.xml`, kind: 'text', text: bkupInfoXml(layout) },
    { path: IMPORT_SCRIPT, kind: 'powershell', text: importScript(ir, layout) },
  ];
}

/** The copies of the gpo target's final files, signatures included. */
export const gpoBackupAfterSign: AfterSignEmitter = {
  paths: (ir) => gpoBackupLayout(ir)?.files.map((f) => f.path) ?? [],
  emit: (ir: FixIR, files: readonly FinalFile[]): Artifact[] => {
    const layout = gpoBackupLayout(ir);
    if (!layout) return [];
    return layout.files.map((f) => {
      const source = files.find((x) => x.path === f.source);
      if (!source) throw new Error(`the gpoBackup target copies ${f.source}, which the build did not make: build the gpo target with it`);
      return { path: f.path, kind: 'binary', text: source.bytes.toString('base64') };
    });
  },
};

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function cdata(v: string): string {
  if (v.includes(']]>')) throw new Error(`internal: ${JSON.stringify(v)} cannot be a CDATA section`);
  return `<![CDATA[${v}]]>`;
}

function extensionGuids(on: boolean, tool: string, element: string): string {
  return on ? `<${element}>${cdata(`[${SCRIPTS_EXTENSION}${tool}]`)}</${element}>` : `<${element}/>`;
}

export function backupXml(layout: GpoBackupLayout): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<GroupPolicyBackupScheme bkp:version="2.0" bkp:type="GroupPolicyBackupTemplate" xmlns:bkp="${BACKUP_NS}" xmlns="${BACKUP_NS}">`,
    '    <GroupPolicyObject>',
    '        <FilePaths/>',
    '        <GroupPolicyCoreSettings>',
    `            <ID>${cdata(layout.gpoId)}</ID>`,
    '            <Domain></Domain>',
    '            <SecurityDescriptor></SecurityDescriptor>',
    `            <DisplayName>${cdata(layout.displayName)}</DisplayName>`,
    `            <Options>${cdata('0')}</Options>`,
    `            <UserVersionNumber>${cdata(layout.user ? '1' : '0')}</UserVersionNumber>`,
    `            <MachineVersionNumber>${cdata(layout.machine ? '1' : '0')}</MachineVersionNumber>`,
    `            ${extensionGuids(layout.machine, MACHINE_SCRIPTS_TOOL, 'MachineExtensionGuids')}`,
    `            ${extensionGuids(layout.user, USER_SCRIPTS_TOOL, 'UserExtensionGuids')}`,
    '            <WMIFilter/>',
    '        </GroupPolicyCoreSettings>',
    `        <GroupPolicyExtension bkp:ID="${SCRIPTS_EXTENSION_BKP_ID}" bkp:DescName="Scripts">`,
    ...layout.files.map((f) => `            <FSObjectFile bkp:Path="${attr(f.bkpPath)}" bkp:Location="${attr(f.bkpLocation)}"/>`),
    ...layout.dirs.map((d) => `            <FSObjectDir bkp:Path="${attr(d.bkpPath)}" bkp:Location="${attr(d.bkpLocation)}"/>`),
    '        </GroupPolicyExtension>',
    '    </GroupPolicyObject>',
    '</GroupPolicyBackupScheme>',
    '',
  ];
  return lines.join('\n');
}

export function bkupInfoXml(layout: GpoBackupLayout): string {
  return (
    `<BackupInst xmlns="${MANIFEST_NS}">` +
    `<GPOGuid>${cdata(layout.gpoId)}</GPOGuid>` +
    `<GPODomain>${cdata('')}</GPODomain>` +
    `<GPODomainGuid>${cdata('')}</GPODomainGuid>` +
    `<GPODomainController>${cdata('')}</GPODomainController>` +
    `<BackupTime>${cdata(BACKUP_TIME)}</BackupTime>` +
    `<ID>${cdata(layout.backupId)}</ID>` +
    `<Comment>${cdata(`Generated by ${generatorBanner()}; import it with Import-FixForgeGpo.ps1 or Import-GPO.`)}</Comment>` +
    `<GPODisplayName>${cdata(layout.displayName)}</GPODisplayName>` +
    '</BackupInst>\n'
  );
}

function importScript(ir: FixIR, layout: GpoBackupLayout): string {
  return render('gpoBackup', 'Import-FixForgeGpo.ps1', {
    name: fixName(ir),
    title: ir.title['en-US'],
    generator: generatorBanner(),
    sourceFile: ir.sourceFile,
    backupId: layout.backupId,
    displayName: layout.displayName,
    machine: layout.machine,
    user: layout.user,
  });
}
