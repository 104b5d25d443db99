/** The names of the gpo-backup target that other documents refer to, without its emitter. */
import { stableGuid } from '../../ir/stableGuid';
import { fixName } from '../banner';

export const GPO_BACKUP_DIR = 'gpo-backup';
export const IMPORT_SCRIPT = `${GPO_BACKUP_DIR}/Import-FixForgeGpo.ps1`;

/** A name-based (SHA-1, version 5 layout) GUID, upper case in braces as Group Policy writes them. */
export function nameGuid(name: string): string {
  return `{${stableGuid(name).toUpperCase()}}`;
}

/** The backup's folder name (and `-BackupId`) of a fix. */
export function gpoBackupId(fixId: string): string {
  return nameGuid(`fixforge:${fixId}:gpo-backup`);
}

/** The GPO's id recorded in the backup (Import-GPO keeps the target GPO's own id). */
export function gpoBackupGpoId(fixId: string): string {
  return nameGuid(`fixforge:${fixId}:gpo`);
}

/** The GPO name the backup suggests: `FixForge KB <n>`, or `FixForge <id>` for a fix without a KB article. */
export function gpoDisplayName(ir: { readonly id: string; readonly kb: number | null }): string {
  return `FixForge ${fixName(ir)}`;
}
