/**
 * `fixforge verify <file|dir>`: verification of every signable file under a path, and a report
 * for people (one line per file) or machines (JSON).
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
 * Verifies `target` (one file of any name, or every .ps1/.psm1/.psd1/.ps1xml below a
 * directory, in sorted order).
 */
export async function verifyPath(target: string, opts: VerifyOptions = {}): Promise<FileVerifyResult[]> {
  parseTrustedRoots(opts.trustedRoots); // unreadable roots fail once here, not once per file
  const stat = await fs.stat(target);
  const files = stat.isDirectory() ? await signableFilesUnder(target) : [target];
  return Promise.all(files.map(async (file) => ({ path: file, ...(await verifyPowerShellFile(await fs.readFile(file), file, opts)) })));
}

async function signableFilesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && isSignableFile(e.name))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
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

/** One line per file (`Valid  path  message`), then a count; hints on their own indented line. */
export function formatVerifyReport(results: readonly FileVerifyResult[]): string {
  const width = Math.max(0, ...results.map((r) => r.status.length));
  const lines = results.map((r) => {
    const signer = r.thumbprint ? ` [${r.thumbprint}]` : '';
    return `${r.status.padEnd(width)}  ${r.path}${signer}\n${' '.repeat(width + 2)}${r.message}`;
  });
  const valid = results.filter((r) => r.status === 'Valid').length;
  lines.push(`${valid} of ${results.length} file(s) valid.`);
  return lines.join('\n') + '\n';
}

export function formatVerifyJson(results: readonly FileVerifyResult[]): string {
  return JSON.stringify(results, null, 2) + '\n';
}
