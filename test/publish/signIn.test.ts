// Sign-in through @azure/identity, configured in fixforge.config.ts by variable names, against a
// local token endpoint: client credentials with a secret and workload identity federation get a
// token that the local Graph accepts; a wrong secret is a clear error; no secret is ever shown.
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../cli/cliSupport';
import { LocalGraph } from './localGraph';
import { LocalSignIn } from './localSignIn';
import { runCli, writeKbProject } from './support';

jest.setTimeout(120_000);

const GROUP = '0b8d8a52-7d3c-4f61-8f0e-2a7c5d9e0001';
const TENANT = '7f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
const CLIENT_ID = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b0a';
const SECRET = 'local-secret-Zq8~never-shown';
const ASSERTION = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmNvbnRvc28vZml4ZXMifQ.c2lnbmF0dXJl';

const temp = tempDir('signin');
let graph: LocalGraph;
let signIn: LocalSignIn;
const outputs: string[] = [];

function config(signInText: string): string {
  return `import { defineConfig } from 'fixforge/config';\nexport default defineConfig({ specs: ['fixes'], publish: { intune: { signIn: ${signInText} } } });\n`;
}

beforeAll(async () => {
  graph = await new LocalGraph().start();
  signIn = await new LocalSignIn(temp.dir, { clientId: CLIENT_ID, secret: SECRET, assertion: ASSERTION, accessToken: graph.token }).start();
  writeKbProject(temp.dir);
  const built = await runCli(temp.dir, ['build', 'fixes', '--target', 'intune']);
  expect(built.code).toBe(0);
  fs.writeFileSync(path.join(temp.dir, 'federated-token'), ASSERTION);
});

afterAll(async () => {
  await Promise.all([graph.stop(), signIn.stop()]);
  temp.remove();
});

async function publish(env: Record<string, string | undefined>, extra: string[] = []) {
  const r = await runCli(temp.dir, ['publish', 'intune', 'out/kb2328240', '--group', GROUP, '--graph-endpoint', graph.endpoint, ...extra], {
    NODE_EXTRA_CA_CERTS: signIn.caFile,
    AZURE_AUTHORITY_HOST: signIn.authorityHost,
    ...env,
  });
  outputs.push(r.stdout, r.stderr);
  return r;
}

it('signs in with client credentials (a secret) from the variables the config names, and publishes', async () => {
  fs.writeFileSync(path.join(temp.dir, 'fixforge.config.ts'), config("{ method: 'clientSecret', clientIdEnv: 'APP_ID', tenantIdEnv: 'APP_TENANT', clientSecretEnv: 'APP_SECRET' }"));
  const r = await publish({ APP_ID: CLIENT_ID, APP_TENANT: TENANT, APP_SECRET: SECRET });
  expect(r.stderr).toMatch(/signing in with clientSecret \(tenant 7f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b\)/);
  expect(r.code).toBe(0);
  expect(signIn.tokenRequests.at(-1)).toMatchObject({ tenant: TENANT, form: { grant_type: 'client_credentials', client_id: CLIENT_ID, scope: `${graph.endpoint}/.default` } });
  expect(graph.scripts.size).toBe(2);
  // One token for the whole run: the credential's cache, not a sign-in per request.
  expect(signIn.tokenRequests).toHaveLength(1);
  expect(graph.requests.every((q) => q.authorization === `Bearer ${graph.token}`)).toBe(true);
});

it('--tenant overrides the configured tenant variable', async () => {
  const other = '11111111-2222-4333-8444-555555555555';
  const r = await publish({ APP_ID: CLIENT_ID, APP_TENANT: TENANT, APP_SECRET: SECRET }, ['--tenant', other]);
  expect(r.code).toBe(0);
  expect(signIn.tokenRequests.at(-1)!.tenant).toBe(other);
  expect(r.stdout).toMatch(/Intune already holds this build: nothing sent\./);
});

it('reports a refused secret with the identity provider\'s message, exit 1, and without the secret', async () => {
  const wrong = 'wrong-secret-Kx7~also-never-shown';
  const r = await publish({ APP_ID: CLIENT_ID, APP_TENANT: TENANT, APP_SECRET: wrong });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/error FF6016: Signing in to Microsoft Graph \(clientSecret\) failed: .*AADSTS7000215: Invalid client secret provided/);
  expect(r.stdout + r.stderr).not.toContain(wrong);
});

it('names the missing variable', async () => {
  const r = await publish({ APP_ID: CLIENT_ID, APP_TENANT: TENANT, APP_SECRET: undefined });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/error FF6015: The environment variable 'APP_SECRET' \(the client secret\) is not set or is empty\./);
});

it('signs in with workload identity federation from the token file the variable names', async () => {
  fs.writeFileSync(path.join(temp.dir, 'fixforge.config.ts'), config("{ method: 'workloadIdentity', clientIdEnv: 'APP_ID', tenantIdEnv: 'APP_TENANT', tokenFileEnv: 'OIDC_TOKEN_FILE' }"));
  const before = signIn.tokenRequests.length;
  const r = await publish({ APP_ID: CLIENT_ID, APP_TENANT: TENANT, OIDC_TOKEN_FILE: path.join(temp.dir, 'federated-token') });
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  expect(signIn.tokenRequests.slice(before).map((q) => q.form.client_assertion_type)).toEqual(['urn:ietf:params:oauth:client-assertion-type:jwt-bearer']);
});

it('signs a person in with a device code: the prompt is shown on stderr, then it publishes', async () => {
  fs.writeFileSync(path.join(temp.dir, 'fixforge.config.ts'), config("{ method: 'deviceCode', clientIdEnv: 'APP_ID', tenantIdEnv: 'APP_TENANT' }"));
  const before = signIn.tokenRequests.length;
  const r = await publish({ APP_ID: CLIENT_ID, APP_TENANT: TENANT });
  expect(r.stderr).toMatch(/^To sign in, use a web browser to open the page https:\/\/microsoft\.com\/devicelogin and enter the code FFTEST42 to authenticate\.$/m);
  expect(r.code).toBe(0);
  expect(signIn.tokenRequests.slice(before).map((q) => q.form.grant_type)).toEqual([undefined, 'device_code']);
  expect(signIn.tokenRequests[before].form.scope).toContain(`${graph.endpoint}/.default`);
});

it('refuses a config signIn with a wrong shape, at its position', async () => {
  fs.writeFileSync(path.join(temp.dir, 'fixforge.config.ts'), config("{ method: 'clientSecret', clientIdEnv: 'APP_ID', clientSecretEnv: 'my secret' } as never"));
  const r = await publish({});
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/fixforge\.config\.ts:\d+:\d+ - error FF1105: Config field 'publish\.intune\.signIn\.clientSecretEnv' must be an environment variable name/);
});

it('never shows a secret, an assertion or the token', () => {
  expect(outputs.length).toBeGreaterThanOrEqual(12);
  for (const o of outputs) {
    expect(o).not.toContain(SECRET);
    expect(o).not.toContain(ASSERTION);
    expect(o).not.toContain(graph.token);
  }
});
