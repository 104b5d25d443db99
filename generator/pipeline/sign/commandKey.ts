/**
 * Any other signer, as a command (Azure Key Vault, Trusted Signing, AWS KMS, GCP KMS CLIs, a
 * script around `openssl pkeyutl`): run once per file, given one JSON line on stdin,
 *   {"algorithm":"sha256","keyType":"rsa"|"ec","digest":"<hex>"}
 * it prints the signature, base64, on stdout: PKCS#1 v1.5 (with the DigestInfo) for RSA, DER or
 * raw r||s for ECDSA, as `openssl pkeyutl -sign -pkeyopt digest:sha256` makes it.
 *
 * The command line is split into words here (quotes and backslashes as a POSIX shell does, no
 * variables, no globbing) and run without a shell: what runs is exactly what was written, on any
 * OS. Secrets the command needs reach it through its own environment, never through fixforge;
 * messages name the program, never its arguments.
 */
import { spawn } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { SignError } from './errors';
import type { RemoteKey } from './remoteKey';

export interface CommandKeyOptions {
  readonly command: string;
  readonly keyType: 'rsa' | 'ec';
  /** The certificate's public key: the command's key must be its private half (checked per signature). */
  readonly publicKey: KeyObject;
  /** Per file; default 60 s. */
  readonly timeoutSeconds?: number;
  /** Commands running at once; default 4 (they are mostly waiting on a network service). */
  readonly concurrency?: number;
}

/** Splits a command line into words: '…' literal, "…" with \" and \\, \x outside quotes. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new SignError('FF5050', ['(as given)', `unterminated ${quote} quote`]);
  if (inWord) words.push(word);
  if (words.length === 0) throw new SignError('FF5050', ['(as given)', 'the command is empty']);
  return words;
}

/** The last non-empty lines of a command's stderr, for the error message. */
function tail(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.slice(-3).join(' | ').slice(0, 400);
}

export function commandKey(opts: CommandKeyOptions): RemoteKey {
  const argv = splitCommandLine(opts.command);
  // Messages name the program only: its arguments may carry a vault name or, against advice, a secret.
  const shown = argv.length > 1 ? `${argv[0]} …` : argv[0];
  const timeoutMs = (opts.timeoutSeconds ?? 60) * 1000;
  const limit = Math.max(1, opts.concurrency ?? 4);
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (running < limit) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  const runOnce = (digest: Buffer, label: string): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      const stdout: Buffer[] = [];
      let stderr = '';
      let settled = false;
      const done = (error: SignError | undefined, value?: Buffer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(value!);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done(new SignError('FF5053', [shown, String(timeoutMs / 1000), label]));
      }, timeoutMs);
      child.on('error', (e: NodeJS.ErrnoException) => done(new SignError('FF5050', [shown, e.code === 'ENOENT' ? `'${argv[0]}' was not found` : e.message])));
      child.stdout.on('data', (d: Buffer) => stdout.push(d));
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 64 * 1024) stderr += d.toString('utf8');
      });
      // A command that exits without reading its input is reported by its exit code, not as EPIPE.
      child.stdin.on('error', () => undefined);
      child.on('close', (code, signal) => {
        if (settled) return;
        if (code !== 0) {
          const how = signal ? `it was killed by ${signal}` : `it exited with code ${code}`;
          const said = tail(stderr);
          return done(new SignError('FF5051', [shown, label, said ? `${how}: ${said}` : how]));
        }
        const text = Buffer.concat(stdout).toString('utf8').trim();
        if (text === '') return done(new SignError('FF5052', [shown, label, 'it printed nothing on stdout']));
        if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text.replace(/\s+/g, '')) || text.replace(/\s+/g, '').length % 4 !== 0) {
          return done(new SignError('FF5052', [shown, label, 'stdout is not one base64 value']));
        }
        done(undefined, Buffer.from(text.replace(/\s+/g, ''), 'base64'));
      });
      child.stdin.end(`${JSON.stringify({ algorithm: 'sha256', keyType: opts.keyType, digest: digest.toString('hex') })}\n`);
    });

  return {
    keyType: opts.keyType,
    description: `key of the sign command '${shown}'`,
    publicKey: opts.publicKey,
    signDigest: async (digest, label) => {
      await acquire();
      try {
        return await runOnce(digest, label);
      } finally {
        release();
      }
    },
    close: async () => undefined,
  };
}
