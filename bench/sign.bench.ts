/**
 * Signing and verification throughput: in-process (this library) against osslsigncode processes.
 *
 *   node --require ./bench/register.js bench/sign.bench.ts [files] [osslsigncodeSample] [kilobytes]
 *
 * Signs and verifies `files` (500) module-sized files in-process as one batch (as the build's sign
 * stage does), then a sample (50) with osslsigncode, one process per file, first one at a time and
 * then one per core. Prints files/s, wall and CPU time per file, and the speed-ups. Exits non-zero
 * when a signature does not verify or a target is missed: >= 1000 files/s signing in-process, and
 * >= 15x faster per file than osslsigncode run once per file; and the "Loop CA" file (16 CAs with
 * one name and key, all issuing each other) verified in under 100 ms, each time with fresh keys.
 * Then the same files through a
 * SoftHSM2 token (PKCS#11, the key never in this process) against SoftHSM2's own raw sign rate
 * measured in the same run: target >= 75% of it (bench/pkcs11Sign.ts).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureDevCertificate, signPowerShellFile, verifyPowerShellFile } from '../generator/pipeline/sign';
import { caExtensions, certificate, ecKey, forgeSignedFile, identityOf, leafExtensions } from '../test/sign/support/forge';
import { benchPkcs11 } from './pkcs11Sign';

const run = promisify(execFile);
const FILES = Number(process.argv[2] ?? 500);
const SAMPLE = Number(process.argv[3] ?? 50);
const KILOBYTES = Number(process.argv[4] ?? 24);
const SIGNING_TIME = new Date('2026-01-01T00:00:00Z');

const LINES = [
  'function Test-FixStep {',
  '    [CmdletBinding()]',
  '    param([Parameter(Mandatory = $true)][string]$Path)',
  "    Write-Verbose ('Checking {0}' -f $Path)",
  '    if (-not (Test-Path -LiteralPath $Path)) { return $false }',
  '    $acl = Get-Acl -LiteralPath $Path -ErrorAction Stop',
  '    return ($acl.Access.Count -gt 0)',
  '}',
  '#region Repair',
];

function moduleText(seed: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < KILOBYTES * 1024; i++) {
    const line = `${LINES[(seed + i) % LINES.length]} # ${seed}.${i}`;
    lines.push(line);
    size += line.length + 2;
  }
  const text = Buffer.from(lines.join('\r\n') + '\r\n');
  return seed % 3 === 0 ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]) : text;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface Measured<T> {
  readonly value: T;
  readonly wallMs: number;
  /** CPU time of this process (all threads) plus waited-for child processes, when known. */
  readonly cpuMs?: number;
}

/** CPU time of finished child processes, from /proc (Linux); undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in USER_HZ (100)
  } catch {
    return undefined;
  }
}

async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const cpu0 = process.cpuUsage();
  const children0 = childrenCpuMs();
  const start = process.hrtime.bigint();
  const value = await work();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const children1 = childrenCpuMs();
  const childMs = children0 !== undefined && children1 !== undefined ? children1 - children0 : undefined;
  return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 + (childMs ?? 0) };
}

function line(label: string, files: number, m: Measured<unknown>): string {
  const perFile = m.wallMs / files;
  const cpu = m.cpuMs !== undefined ? `, CPU ${(m.cpuMs / files).toFixed(2)} ms/file` : '';
  return `${label.padEnd(34)} ${((files * 1000) / m.wallMs).toFixed(0).padStart(6)} files/s  (${perFile.toFixed(2)} ms/file${cpu})`;
}

/** Wall time of verifying `count` freshly made chain-loop files (no cache can help), the slowest. */
async function chainLoopMs(count: number, roots: Buffer[]): Promise<number> {
  let slowest = 0;
  for (let n = 0; n < count; n++) {
    const key = ecKey();
    const seed = certificate({ subject: 'Loop CA', key, extensions: caExtensions(key) });
    const cas = Array.from({ length: 16 }, () => certificate({ subject: 'Loop CA', key, issuer: seed, extensions: caExtensions(key, seed) }));
    const signerKey = ecKey();
    const signer = certificate({ subject: 'Loop Signer', key: signerKey, issuer: cas[0], extensions: leafExtensions(signerKey, cas[0]) });
    const file = await forgeSignedFile(Buffer.from('Write-Output "loop"\r\n'), 'loop.ps1', identityOf(signer, cas));
    const m = await measure(() => verifyPowerShellFile(file, 'loop.ps1', { trustedRoots: roots }));
    if (m.value.status !== 'NotTrusted') throw new Error(`the chain-loop file is ${m.value.status}`);
    slowest = Math.max(slowest, m.wallMs);
  }
  return slowest;
}

async function main(): Promise<void> {
  const cores = os.cpus().length;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-bench-'));
  try {
    const { identity } = await ensureDevCertificate(dir);
    const keyDir = path.join(dir, '.fixforge', 'dev-signing');
    const certPem = path.join(keyDir, 'cert.pem');
    const keyPem = path.join(keyDir, 'key.pem');
    const roots = [fs.readFileSync(certPem)];
    const inputs = Array.from({ length: FILES }, (_, i) => moduleText(i));
    const names = inputs.map((_, i) => `Fix${i}.psm1`);
    console.log(`${FILES} files of ~${KILOBYTES} KB (a third with UTF-8 BOM), RSA-2048 development key, ${cores} core(s), Node ${process.version}`);

    // Warm-up: JIT and the per-identity precomputation.
    const warm = await Promise.all(inputs.slice(0, 20).map((b, i) => signPowerShellFile(b, names[i], identity, { signingTime: SIGNING_TIME })));
    await Promise.all(warm.map((b, i) => verifyPowerShellFile(b, names[i], { trustedRoots: roots })));

    const sign = await measure(() => Promise.all(inputs.map((b, i) => signPowerShellFile(b, names[i], identity, { signingTime: SIGNING_TIME }))));
    const verify = await measure(() => Promise.all(sign.value.map((b, i) => verifyPowerShellFile(b, names[i], { trustedRoots: roots }))));
    const invalid = verify.value.filter((r) => r.status !== 'Valid');
    console.log(line('in-process sign (one batch)', FILES, sign));
    console.log(line('in-process verify (one batch)', FILES, verify));
    const loopMs = await chainLoopMs(5, roots);
    console.log(`chain-loop file (16 CAs) verify, slowest of 5 fresh files: ${loopMs.toFixed(2)} ms (target < 100 ms)`);

    const sample = Array.from({ length: Math.min(SAMPLE, FILES) }, (_, i) => i);
    for (const i of sample) fs.writeFileSync(path.join(dir, names[i]), inputs[i]);
    let theirFailures = 0;
    const theirSign = (limit: number, prefix: string): Promise<Measured<unknown>> =>
      measure(() =>
        mapLimit(sample, limit, (i) => run('osslsigncode', ['sign', '-certs', certPem, '-key', keyPem, '-in', path.join(dir, names[i]), '-out', path.join(dir, `${prefix}${names[i]}`)])),
      );
    const theirVerify = (limit: number, prefix: string): Promise<Measured<unknown>> =>
      measure(() =>
        mapLimit(sample, limit, (i) => run('osslsigncode', ['verify', '-CAfile', certPem, '-in', path.join(dir, `${prefix}${names[i]}`)]).catch(() => theirFailures++)),
      );
    const seqSign = await theirSign(1, 's-');
    const seqVerify = await theirVerify(1, 's-');
    const parSign = await theirSign(cores, 'p-');
    const parVerify = await theirVerify(cores, 'p-');
    console.log(line('osslsigncode sign, one at a time', sample.length, seqSign));
    console.log(line('osslsigncode verify, one at a time', sample.length, seqVerify));
    console.log(line(`osslsigncode sign, ${cores} at a time`, sample.length, parSign));
    console.log(line(`osslsigncode verify, ${cores} at a time`, sample.length, parVerify));

    const ratio = (theirs: Measured<unknown>, ours: Measured<unknown>, key: 'wallMs' | 'cpuMs'): number =>
      theirs[key]! / sample.length / (ours[key]! / FILES);
    const signRatio = ratio(seqSign, sign, 'wallMs');
    console.log(
      `per-file speed-up, sign:   ${signRatio.toFixed(1)}x (vs one process per file), ${ratio(parSign, sign, 'wallMs').toFixed(1)}x (vs ${cores} processes), ${ratio(seqSign, sign, 'cpuMs').toFixed(1)}x in CPU time`,
    );
    console.log(
      `per-file speed-up, verify: ${ratio(seqVerify, verify, 'wallMs').toFixed(1)}x (vs one process per file), ${ratio(parVerify, verify, 'wallMs').toFixed(1)}x (vs ${cores} processes), ${ratio(seqVerify, verify, 'cpuMs').toFixed(1)}x in CPU time`,
    );

    const pkcs11 = await benchPkcs11(dir, keyPem, certPem, inputs, names, roots, 0.75, SIGNING_TIME);
    pkcs11.lines.forEach((l) => console.log(l));

    const signRate = (FILES * 1000) / sign.wallMs;
    const problems = [
      ...pkcs11.problems,
      ...(invalid.length ? [`${invalid.length} in-process signature(s) did not verify: ${invalid[0].message}`] : []),
      ...(theirFailures ? [`${theirFailures} osslsigncode verification(s) failed`] : []),
      ...(signRate < 1000 ? [`in-process signing ${signRate.toFixed(0)} files/s is below the 1000 files/s target`] : []),
      ...(signRatio < 15 ? [`signing is only ${signRatio.toFixed(1)}x faster per file than osslsigncode (target 15x)`] : []),
      ...(loopMs >= 100 ? [`the chain-loop file took ${loopMs.toFixed(0)} ms to verify (target < 100 ms)`] : []),
    ];
    for (const p of problems) console.error(`FAIL: ${p}`);
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
