/**
 * Shared by the PKCS#11 and sign-command tests: `fixforge build --sign ...` run as a user runs it
 * (the CLI, with the environment given), and the check of every signed file with our verifier
 * (`fixforge verify --ca`) and with osslsigncode (`verify -CAfile`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/compile';
import { mapLimit, osslsigncode } from './osslsigncode';
import { openssl, type Pki } from './pki';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function fixforgeWith(env: NodeJS.ProcessEnv, ...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/fixforge.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function signedFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => /\.(ps1|psm1|psd1|ps1xml)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Per file: `name: ours=<status> osslsigncode=<exit code>`, for one readable expectation. */
export async function verifyBoth(dir: string, rootPem: string): Promise<{ files: string[]; report: string[]; signers: string[] }> {
  const files = signedFiles(dir);
  const ours = fixforgeWith(process.env, 'verify', dir, '--ca', rootPem, '--json');
  const results = JSON.parse(ours.stdout) as { files: { path: string; status: string; signerSubject?: string }[] };
  const status = new Map(results.files.map((f) => [path.resolve(f.path), f.status]));
  const theirs = await mapLimit(files, 2, (f) => osslsigncode(['verify', '-CAfile', rootPem, '-in', f]));
  const report = files.map((f, i) => `${path.relative(dir, f)}: ours=${status.get(path.resolve(f))} osslsigncode=${theirs[i].code}`);
  const signers = [...new Set(results.files.map((f) => f.signerSubject ?? '?'))];
  return { files, report, signers };
}

export function allValid(files: string[], dir: string): string[] {
  return files.map((f) => `${path.relative(dir, f)}: ours=Valid osslsigncode=0`);
}

/** One more code-signing leaf under the test intermediate, for a key of the curve given. */
export async function issueEcLeaf(pki: Pki, name: string, curve: 'P-256' | 'P-384', subject: string): Promise<void> {
  await openssl(pki.dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', `${name}.key`]);
  await openssl(pki.dir, ['req', '-new', '-key', `${name}.key`, '-subj', subject, '-config', 'ext.cnf', '-out', `${name}.csr`]);
  await openssl(pki.dir, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', 'inter.pem', '-CAkey', 'inter.key', '-CAcreateserial',
    '-days', '365', '-sha256', '-extfile', 'ext.cnf', '-extensions', 'codesign', '-out', `${name}.pem`,
  ]);
  fs.writeFileSync(path.join(pki.dir, `${name}chain.pem`), Buffer.concat([pki.read(`${name}.pem`), pki.read('inter.pem')]));
}
