/**
 * `fixforge init [dir]`: writes a new fixes project. It never overwrites: if any file it would
 * write exists, it writes nothing and names the files. package.json is the one exception
 * because `npm i -D fixforge` creates it first: an existing one only gains the scripts and
 * devDependencies whose names are still free; nothing present is changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../../vocabulary/diagnostics/diagnostic';
import { packageRoot, packageVersion } from '../../vocabulary/paths';
import { projectFiles, PROJECT_SCRIPTS } from './projectFiles';

export interface InitOptions {
  readonly dir: string;
  readonly author?: string;
  readonly companyName?: string;
}

export interface InitResult {
  readonly ok: boolean;
  readonly dir: string;
  /** Paths relative to dir: written, and (package.json) updated. */
  readonly created: string[];
  readonly updated: string[];
  readonly diagnostics: Diagnostic[];
}

export function initProject(options: InitOptions): InitResult {
  const dir = path.resolve(options.dir);
  const name = path.basename(dir);
  const publisher = { author: options.author ?? name, companyName: options.companyName ?? options.author ?? name };
  const files = projectFiles(publisher);
  const existing = files.filter((f) => fs.existsSync(path.join(dir, f.path)));
  if (existing.length > 0) {
    return { ok: false, dir, created: [], updated: [], diagnostics: existing.map((f) => makeDiagnostic('FF6006', [f.path])) };
  }
  const manifest = path.join(dir, 'package.json');
  const hadManifest = fs.existsSync(manifest);
  const pkg = hadManifest ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, unknown>) : { name: npmName(name), version: '0.0.0', private: true };
  const added = addMissing(pkg);

  for (const f of files) {
    const target = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // 'wx': fail rather than overwrite a file that appeared since the check.
    fs.writeFileSync(target, f.text, { flag: 'wx' });
  }
  if (!hadManifest || added) fs.writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  const created = [...(hadManifest ? [] : ['package.json']), ...files.map((f) => f.path)];
  return { ok: true, dir, created, updated: hadManifest && added ? ['package.json'] : [], diagnostics: [] };
}

/** Adds fixforge's scripts and devDependencies where the names are free; true if anything was added. */
function addMissing(pkg: Record<string, unknown>): boolean {
  let added = false;
  const section = (key: string): Record<string, string> => {
    const v = pkg[key];
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, string>;
    return (pkg[key] = {}) as Record<string, string>;
  };
  const devDependencies: Record<string, string> = { fixforge: `^${packageVersion()}`, typescript: typeScriptRange() };
  for (const [key, values] of [['scripts', PROJECT_SCRIPTS], ['devDependencies', devDependencies]] as const) {
    const target = section(key);
    const other = key === 'devDependencies' ? section('dependencies') : {};
    for (const [name, value] of Object.entries(values)) {
      if (name in target || name in other) continue;
      target[name] = value;
      added = true;
    }
  }
  return added;
}

/** The TypeScript fixforge is built and tested with: the DSL's types are checked against it. */
function typeScriptRange(): string {
  const own = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const version = own.devDependencies?.typescript?.replace(/^[^\d]*/, '') ?? '5.9.3';
  return `^${version}`;
}

/** A folder name as an npm package name: lower case, URL-safe. */
function npmName(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'fixes';
}
