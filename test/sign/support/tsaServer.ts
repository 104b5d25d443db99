/**
 * A local RFC 3161 timestamp authority for tests: a Node HTTP server on 127.0.0.1 (random port)
 * that answers each request by running `openssl ts -reply` with a test TSA certificate.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openssl, type Pki } from './pki';

export interface TestTsa {
  readonly url: string;
  readonly requests: () => number;
  readonly close: () => Promise<void>;
}

export async function startTestTsa(pki: Pki): Promise<TestTsa> {
  const dir = path.join(pki.dir, 'tsa-work');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'serial'), '01\n');
  fs.writeFileSync(
    path.join(dir, 'tsa.cnf'),
    [
      '[tsa]',
      'default_tsa = tsa_config',
      '[tsa_config]',
      `serial = ${path.join(dir, 'serial')}`,
      'crypto_device = builtin',
      `signer_cert = ${pki.file('tsa.pem')}`,
      `signer_key = ${pki.file('tsa.key')}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha1, sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  let count = 0;
  // One reply at a time: `openssl ts` keeps its serial number in a file.
  let queue: Promise<unknown> = Promise.resolve();
  const reply = (query: Buffer): Promise<Buffer> => {
    const n = ++count;
    const next = queue.then(async () => {
      const queryFile = path.join(dir, `q${n}.tsq`);
      const replyFile = path.join(dir, `r${n}.tsr`);
      fs.writeFileSync(queryFile, query);
      await openssl(dir, ['ts', '-reply', '-config', 'tsa.cnf', '-queryfile', queryFile, '-out', replyFile]);
      return fs.readFileSync(replyFile);
    });
    queue = next.catch(() => undefined);
    return next;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(400).end();
        return;
      }
      reply(Buffer.concat(chunks)).then(
        (body) => res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(body),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    requests: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
