/**
 * Atomic output: each fix is written into a temporary sibling folder, then swapped in with
 * renames. A failure at any point leaves the previous output folder exactly as it was.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface OutputFile {
  readonly path: string;
  readonly bytes: Buffer;
}

export function writeFixFolder(outDir: string, fixId: string, files: readonly OutputFile[]): string {
  fs.mkdirSync(outDir, { recursive: true });
  const target = path.join(outDir, fixId);
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const temp = path.join(outDir, `.${fixId}.tmp-${stamp}`);
  const old = path.join(outDir, `.${fixId}.old-${stamp}`);
  try {
    for (const file of files) {
      const dest = path.join(temp, ...file.path.split('/'));
      if (!dest.startsWith(temp + path.sep)) throw new Error(`refusing to write outside the output folder: ${file.path}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, file.bytes);
    }
    const hadPrevious = fs.existsSync(target);
    if (hadPrevious) fs.renameSync(target, old);
    try {
      fs.renameSync(temp, target);
    } catch (e) {
      if (hadPrevious) fs.renameSync(old, target);
      throw e;
    }
    if (hadPrevious) fs.rmSync(old, { recursive: true, force: true });
    return target;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}
