/**
 * A local stand-in for the Entra ID token endpoint (v2.0), for the sign-in tests: HTTPS on
 * 127.0.0.1 with a certificate made for the test (the CLI trusts it through NODE_EXTRA_CA_CERTS),
 * the OpenID configuration document MSAL reads, and the token endpoint for client credentials
 * with a secret or a client assertion (workload identity federation). It issues one access token
 * and records what it was sent. Bounded like the local Graph: it closes itself.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

const LIFETIME_MS = 120_000;

export interface TokenRequest {
  readonly tenant: string;
  readonly form: Record<string, string>;
}

export class LocalSignIn {
  readonly tokenRequests: TokenRequest[] = [];
  private server?: https.Server;
  private timer?: NodeJS.Timeout;
  private port = 0;

  constructor(
    private readonly dir: string,
    readonly expected: { clientId: string; secret?: string; assertion?: string; accessToken: string },
  ) {}

  /** AZURE_AUTHORITY_HOST for the CLI. */
  get authorityHost(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** NODE_EXTRA_CA_CERTS for the CLI. */
  get caFile(): string {
    return path.join(this.dir, 'signin-cert.pem');
  }

  async start(): Promise<this> {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'signin-key.pem', '-out', 'signin-cert.pem', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { cwd: this.dir, stdio: 'ignore' });
    this.server = https.createServer({ key: fs.readFileSync(path.join(this.dir, 'signin-key.pem')), cert: fs.readFileSync(this.caFile) }, (req, res) => {
      let text = '';
      req.setEncoding('utf8').on('data', (d: string) => (text += d.length + text.length < 1_000_000 ? d : ''));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', this.authorityHost);
        const json = (status: number, value: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        };
        const config = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
        if (config && req.method === 'GET') {
          const t = `${this.authorityHost}/${config[1]}`;
          return json(200, {
            issuer: `${t}/v2.0`,
            authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
            token_endpoint: `${t}/oauth2/v2.0/token`,
            device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
            end_session_endpoint: `${t}/oauth2/v2.0/logout`,
            jwks_uri: `${t}/discovery/v2.0/keys`,
            response_types_supported: ['code', 'id_token', 'token'],
            subject_types_supported: ['pairwise'],
            id_token_signing_alg_values_supported: ['RS256'],
          });
        }
        const device = /^\/([^/]+)\/oauth2\/v2\.0\/devicecode$/.exec(url.pathname);
        if (device && req.method === 'POST') {
          const form = Object.fromEntries(new URLSearchParams(text));
          this.tokenRequests.push({ tenant: device[1], form });
          return json(200, {
            user_code: 'FFTEST42',
            device_code: 'device-code-of-the-test',
            verification_uri: 'https://microsoft.com/devicelogin',
            expires_in: 900,
            interval: 1,
            message: 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FFTEST42 to authenticate.',
          });
        }
        const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
        if (token && req.method === 'POST') {
          const form = Object.fromEntries(new URLSearchParams(text));
          this.tokenRequests.push({ tenant: token[1], form });
          if (form.grant_type === 'device_code' || form.grant_type === 'urn:ietf:params:oauth:grant-type:device_code') {
            if (form.device_code !== 'device-code-of-the-test' || form.client_id !== this.expected.clientId) return json(400, { error: 'invalid_grant', error_description: 'AADSTS70000: unknown device code.' });
            return json(200, { token_type: 'Bearer', scope: form.scope, expires_in: 3599, ext_expires_in: 3599, access_token: this.expected.accessToken, ...this.personTokens(token[1]) });
          }
          const ok =
            form.grant_type === 'client_credentials' &&
            form.client_id === this.expected.clientId &&
            ((this.expected.secret !== undefined && form.client_secret === this.expected.secret) ||
              (this.expected.assertion !== undefined && form.client_assertion === this.expected.assertion && form.client_assertion_type === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'));
          if (!ok) return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.', error_codes: [7000215] });
          return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: this.expected.accessToken });
        }
        json(404, { error: 'not_found', error_description: `${req.method} ${url.pathname}` });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.timer = setTimeout(() => void this.stop(), LIFETIME_MS);
    this.timer.unref();
    return this;
  }

  /** The id token and client_info a person's sign-in also returns (unsigned: MSAL reads, Graph never sees them). */
  private personTokens(tenant: string): Record<string, string> {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const oid = '00000000-0000-4000-8000-00000000a11c';
    const idToken = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ aud: this.expected.clientId, iss: `${this.authorityHost}/${tenant}/v2.0`, iat: now, nbf: now, exp: now + 3600, oid, sub: oid, tid: tenant, preferred_username: 'admin@contoso.example', name: 'Test Admin', ver: '2.0' })}.`;
    return { id_token: idToken, client_info: b64({ uid: oid, utid: tenant }) };
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
