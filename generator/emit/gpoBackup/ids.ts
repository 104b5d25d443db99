/** The names of the gpo-backup target that other documents refer to, without its emitter. */
import { createHash } from 'node:crypto';

export const GPO_BACKUP_DIR = 'gpo-backup';
export const IMPORT_SCRIPT = `${GPO_BACKUP_DIR}/Import-FixForgeGpo.ps1`;

/** A name-based (SHA-1, version 5 layout) GUID, upper case in braces as Group Policy writes them. */
export function nameGuid(name: string): string {
  const h = createHash('sha1').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex').toUpperCase();
  return `{${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}}`;
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
  return `FixForge ${ir.kb === null ? ir.id : `KB ${ir.kb}`}`;
}
