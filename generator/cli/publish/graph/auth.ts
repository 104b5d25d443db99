/**
 * Signing in to Microsoft Graph with Microsoft's own library, @azure/identity (MSAL underneath):
 * it gets the OAuth flows, token caching, refresh and the clouds' quirks right, which a hand-made
 * token request would not. Which flow, and from which environment variables, comes from
 * `publish.intune.signIn` in fixforge.config.ts; `--access-token-env` takes a token obtained
 * elsewhere (Azure CLI, a pipeline task) instead.
 *
 * Secrets stay in memory: no message this module makes holds a token, a secret or a password,
 * and the library's own messages are scrubbed of them before they are shown.
 */
import type { TokenCredential } from '@azure/identity';
import type { GraphSignIn } from '../../../config/dsl';
import { LOOPBACK, type GraphEndpoint } from './endpoint';
import type { TokenSource } from './graphClient';
import { GraphError } from './graphError';

export interface SignInOptions {
  readonly signIn?: GraphSignIn;
  /** The name of a variable holding a bearer token (`--access-token-env`). */
  readonly accessTokenEnv?: string;
  /** `--tenant`: overrides the configured tenant variable. */
  readonly tenant?: string;
  readonly endpoint: GraphEndpoint;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the device code prompt goes (stderr). */
  readonly prompt: (line: string) => void;
}

export interface GraphSignInSource extends TokenSource {
  /** How we sign in, for the progress line: never a secret. */
  readonly describe: string;
  /** The tenant, when it is known before a request (for the state file and the check). */
  readonly tenant?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Refresh a cached token this long before it expires. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

export function signInSource(options: SignInOptions): GraphSignInSource {
  const env = options.env ?? process.env;
  if (options.accessTokenEnv !== undefined) return accessTokenSource(options.accessTokenEnv, options.tenant, env);
  const signIn = options.signIn;
  if (!signIn) {
    throw new GraphError('FF6014', [
      'set publish.intune.signIn in fixforge.config.ts (deviceCode, clientSecret, clientCertificate or workloadIdentity, by environment variable names), or pass --access-token-env VAR with a token for Graph.',
    ]);
  }
  const need = (name: string, what: string): string => {
    const value = env[name];
    if (value === undefined || value.trim() === '') throw new GraphError('FF6015', [name, what]);
    return value.trim();
  };
  const clientId = need(signIn.clientIdEnv, 'the application (client) id');
  const tenant = options.tenant ?? (signIn.tenantIdEnv !== undefined ? need(signIn.tenantIdEnv, 'the tenant id') : undefined);
  if (signIn.method !== 'deviceCode' && tenant === undefined) throw new GraphError('FF6014', [`method '${signIn.method}' signs in to one tenant: give --tenant or tenantIdEnv in fixforge.config.ts.`]);
  const secrets: string[] = [];
  const authorityHost = options.endpoint.authorityHost ?? env.AZURE_AUTHORITY_HOST;
  // Instance discovery asks the public cloud about the authority; a sign-in server on this
  // machine (tests) is not known there.
  const common = { authorityHost, disableInstanceDiscovery: isLoopback(authorityHost) };

  // Loaded only when a publish signs in: the build never pays for the library.
  const identity = require('@azure/identity') as typeof import('@azure/identity');
  let credential: TokenCredential;
  switch (signIn.method) {
    case 'deviceCode':
      credential = new identity.DeviceCodeCredential({
        tenantId: tenant ?? 'organizations',
        clientId,
        ...common,
        userPromptCallback: (info) => options.prompt(info.message),
      });
      break;
    case 'clientSecret': {
      const secret = need(signIn.clientSecretEnv, 'the client secret');
      secrets.push(secret);
      credential = new identity.ClientSecretCredential(tenant!, clientId, secret, common);
      break;
    }
    case 'clientCertificate': {
      const certificatePath = need(signIn.certificatePathEnv, 'the path of a PEM file with the private key and the certificate');
      const certificatePassword = signIn.certificatePasswordEnv !== undefined ? need(signIn.certificatePasswordEnv, 'the PEM key password') : undefined;
      if (certificatePassword) secrets.push(certificatePassword);
      credential = new identity.ClientCertificateCredential(tenant!, clientId, { certificatePath, certificatePassword }, common);
      break;
    }
    case 'workloadIdentity': {
      const tokenFilePath = need(signIn.tokenFileEnv, 'the path of the federated token file');
      credential = new identity.WorkloadIdentityCredential({ tenantId: tenant!, clientId, tokenFilePath, ...common });
      break;
    }
  }
  return cachedSource(credential, options.endpoint.scope, signIn.method, tenant, secrets);
}

function cachedSource(credential: TokenCredential, scope: string, method: string, tenant: string | undefined, secrets: readonly string[]): GraphSignInSource {
  let cached: { token: string; expires: number } | undefined;
  return {
    describe: `${method}${tenant ? ` (tenant ${tenant})` : ''}`,
    tenant,
    async token() {
      if (cached && cached.expires - EXPIRY_MARGIN_MS > Date.now()) return cached.token;
      try {
        const got = await credential.getToken(scope);
        if (!got) throw new Error('no token was returned');
        cached = { token: got.token, expires: got.expiresOnTimestamp };
        return got.token;
      } catch (e) {
        throw new GraphError('FF6016', [method, scrub(oneLine((e as Error).message ?? String(e)), secrets)]);
      }
    },
  };
}

function accessTokenSource(name: string, tenant: string | undefined, env: NodeJS.ProcessEnv): GraphSignInSource {
  const token = env[name]?.trim();
  if (!token) throw new GraphError('FF6015', [name, 'an access token for Microsoft Graph, named by --access-token-env']);
  const claims = jwtClaims(token);
  const tokenTenant = typeof claims?.tid === 'string' ? claims.tid : undefined;
  if (tenant !== undefined && tokenTenant !== undefined && tokenTenant.toLowerCase() !== tenant.toLowerCase()) throw new GraphError('FF6024', [tenant, tokenTenant]);
  return { describe: `the access token in ${name}`, tenant: tenant ?? tokenTenant, token: async () => token };
}

/** The payload of a JWT, unverified (Graph verifies it): only to read the tenant. */
function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const value = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

function isLoopback(host: string | undefined): boolean {
  if (!host) return false;
  try {
    return LOOPBACK.has(new URL(host).hostname);
  } catch {
    return false;
  }
}

export function isTenantId(value: string): boolean {
  // A tenant is its GUID or one of its domain names (contoso.onmicrosoft.com).
  return GUID.test(value) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value);
}

/** The library's message on one line, bounded: it may quote the identity provider at length. */
function oneLine(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return (line.length > 600 ? `${line.slice(0, 600)}...` : line) || 'unknown error';
}

function scrub(message: string, secrets: readonly string[]): string {
  return secrets.reduce((m, s) => (s.length >= 4 ? m.split(s).join('***') : m), message);
}
