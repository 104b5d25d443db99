/**
 * `fixforge verify <file|dir>`: verification of every signable file under a path, and a report
 * for people (one line per file) or machines (JSON).
 *
 * Links are never followed, at any depth: a symbolic link (to a file or a folder, whatever its
 * name) and any other entry that is not a regular file or folder is reported as NotVerified,
 * which fails the run. What is verified is exactly what sits in the folder.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseTrustedRoots } from './chain';
import { SignError } from './errors';
import { isSignableFile } from './fileTypes';
import { verifyPowerShellFile, type VerifyOptions, type VerifyResult } from './verify';

export interface FileVerifyResult extends VerifyResult {
  /** The file path as given or found under the given directory. */
  readonly path: string;
}

/**
 * Verifies `target` (one file of any name, or every signable file below a directory, in sorted
 * order, with every link or special entry reported as NotVerified).
 */
export async function verifyPath(target: string, opts: VerifyOptions = {}): Promise<FileVerifyResult[]> {
  parseTrustedRoots(opts.trustedRoots); // unreadable roots fail once here, not once per file
  const stat = await fs.lstat(target);
  const found: Entry[] = stat.isDirectory() ? await entriesUnder(target) : [{ path: target, kind: entryKind(stat) }];
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return Promise.all(
    found.map(async (e): Promise<FileVerifyResult> => {
      if (e.kind === 'file') return { path: e.path, ...(await verifyPowerShellFile(await fs.readFile(e.path), e.path, opts)) };
      return { path: e.path, status: 'NotVerified', message: await notVerifiedMessage(e) };
    }),
  );
}

type EntryKind = 'file' | 'directory' | 'link' | 'special';

interface Entry {
  readonly path: string;
  readonly kind: EntryKind;
}

function entryKind(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  return s.isSymbolicLink() ? 'link' : s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'special';
}

/** Signable regular files, and every link or special entry (of any name), below `dir`; links are not entered. */
async function entriesUnder(dir: string): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const dirent of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, dirent.name);
    const kind = entryKind(dirent);
    if (kind === 'directory') out.push(...(await entriesUnder(full)));
    else if (kind !== 'file' || isSignableFile(dirent.name)) out.push({ path: full, kind });
  }
  return out;
}

async function notVerifiedMessage(e: Entry): Promise<string> {
  if (e.kind !== 'link') return 'Not a regular file: not verified.';
  const to = await fs.readlink(e.path).catch(() => '?');
  return `A symbolic link (to '${to}'): links are never followed, so what it points to is not verified. Replace it with the file itself.`;
}

/** Reads `--ca` files (PEM with one or more certificates, or DER) for `trustedRoots`. */
export async function loadTrustedRoots(paths: readonly string[]): Promise<Buffer[]> {
  return Promise.all(
    paths.map(async (file) => {
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(file);
      } catch (e) {
        throw new SignError('FF5002', ['trusted root file', file, (e as NodeJS.ErrnoException).code ?? (e as Error).message]);
      }
      try {
        if (parseTrustedRoots([bytes]).length === 0) throw new Error('it holds no certificate');
      } catch (e) {
        throw new SignError('FF5006', ['trusted root file', file, (e as Error).message]);
      }
      return bytes;
    }),
  );
}

export function allValid(results: readonly VerifyResult[]): boolean {
  return results.every((r) => r.status === 'Valid');
}

/** One line per file (`Valid  path  message`), warnings below it, then a count. */
export function formatVerifyReport(results: readonly FileVerifyResult[]): string {
  const width = Math.max(0, ...results.map((r) => r.status.length));
  const indent = ' '.repeat(width + 2);
  const lines = results.map((r) => {
    const signer = r.thumbprint ? ` [${r.thumbprint}]` : '';
    const warnings = (r.warnings ?? []).map((w) => `\n${indent}warning: ${w}`).join('');
    return `${r.status.padEnd(width)}  ${r.path}${signer}\n${indent}${r.message}${warnings}`;
  });
  const valid = results.filter((r) => r.status === 'Valid').length;
  const notVerified = results.filter((r) => r.status === 'NotVerified').length;
  lines.push(`${valid} of ${results.length} file(s) valid.${notVerified ? ` ${notVerified} link(s) or special file(s) not verified.` : ''}`);
  return lines.join('\n') + '\n';
}

export function formatVerifyJson(results: readonly FileVerifyResult[]): string {
  return JSON.stringify(results, null, 2) + '\n';
}
