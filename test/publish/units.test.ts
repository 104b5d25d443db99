// The parts of publish that need no CLI run: the endpoint rules, Retry-After, the marker, the
// client's refusal to follow a link away from the service, and the build reader's checks.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signInSource } from '../../generator/cli/publish/graph/auth';
import { graphEndpoint } from '../../generator/cli/publish/graph/endpoint';
import { GraphClient, retryDelaySeconds } from '../../generator/cli/publish/graph/graphClient';
import { GraphError } from '../../generator/cli/publish/graph/graphError';
import { contentHash, readMarker, withMarker } from '../../generator/cli/publish/intune/marker';
import { sameAssignments, desiredAssignments } from '../../generator/cli/publish/intune/assignments';

it('uses the beta API of the global service by default and of the national clouds when given', () => {
  expect(graphEndpoint(undefined)).toEqual({ baseUrl: 'https://graph.microsoft.com/beta', scope: 'https://graph.microsoft.com/.default', authorityHost: undefined });
  expect(graphEndpoint('https://graph.microsoft.us/')).toMatchObject({ baseUrl: 'https://graph.microsoft.us/beta', authorityHost: 'https://login.microsoftonline.us' });
  expect(graphEndpoint('https://microsoftgraph.chinacloudapi.cn/beta')).toMatchObject({ authorityHost: 'https://login.chinacloudapi.cn' });
  expect(graphEndpoint('http://127.0.0.1:8080').baseUrl).toBe('http://127.0.0.1:8080/beta');
  const refused = (url: string) => {
    try {
      graphEndpoint(url);
    } catch (e) {
      return (e as GraphError).diagnostic.message;
    }
    return 'accepted';
  };
  expect(refused('http://graph.microsoft.com')).toMatch(/use https/);
  expect(refused('https://graph.microsoft.com/v1.0')).toMatch(/exist only in the beta API/);
  expect(refused('https://user:pw@graph.microsoft.com')).toMatch(/without credentials/);
  expect(refused('graph.microsoft.com')).toMatch(/not an absolute URL/);
});

it('waits as Retry-After says (seconds or a date), else backs off, and never longer than the cap', () => {
  expect(retryDelaySeconds('7', 1, 120)).toBe(7);
  expect(retryDelaySeconds('600', 1, 120)).toBe(120);
  expect(retryDelaySeconds(null, 3, 120)).toBe(8);
  expect(retryDelaySeconds(new Date(Date.now() + 5000).toUTCString(), 1, 120)).toBeGreaterThanOrEqual(4);
});

it('writes and reads its marker, and hashes bodies independently of key order', () => {
  const d = withMarker('Empties the cache.\n', { fixId: 'kb2328240', runAs: 'user', version: '1.0.0', sha256: '0123456789abcdef' });
  expect(d).toBe('Empties the cache.\n\n[fixforge kb2328240/user 1.0.0 sha256:0123456789abcdef]');
  expect(readMarker(d)).toEqual({ fixId: 'kb2328240', runAs: 'user', version: '1.0.0', sha256: '0123456789abcdef' });
  expect(readMarker('[fixforge kb2328240/user 1.0.0 sha256:0123456789abcdef] and then more')).toBeUndefined();
  expect(readMarker(null)).toBeUndefined();
  expect(contentHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(contentHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
  expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
});

it('sees a portal-made filter or another group as a different assignment', () => {
  const wanted = desiredAssignments(['5D5B9B3E-1C1A-4C3E-9A11-0F5E5B0C0001'], { kind: 'daily', time: '08:15' });
  const graphForm = (extra: Record<string, unknown> = {}) => ({
    id: 'x',
    target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '5d5b9b3e-1c1a-4c3e-9a11-0f5e5b0c0001', deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none', ...extra },
    runRemediationScript: true,
    runSchedule: { '@odata.type': '#microsoft.graph.deviceHealthScriptDailySchedule', interval: 1, time: '08:15:00.0000000', useUtc: false },
  });
  expect(sameAssignments([graphForm()], wanted)).toBe(true);
  expect(sameAssignments([graphForm({ deviceAndAppManagementAssignmentFilterType: 'include', deviceAndAppManagementAssignmentFilterId: 'f' })], wanted)).toBe(false);
  expect(sameAssignments([graphForm(), graphForm()], wanted)).toBe(false);
  expect(sameAssignments([], wanted)).toBe(false);
});

it('follows @odata.nextLink page by page, and refuses a link to another host (the token would go with it)', async () => {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization}`);
    const port = (server.address() as AddressInfo).port;
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/beta/items') res.end(JSON.stringify({ value: [1], '@odata.nextLink': `http://127.0.0.1:${port}/beta/items?page=2` }));
    else if (req.url === '/beta/items?page=2') res.end(JSON.stringify({ value: [2], '@odata.nextLink': 'https://elsewhere.example/beta/items?page=3' }));
    else res.end(JSON.stringify({ value: [] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const client = new GraphClient({ baseUrl: `http://127.0.0.1:${port}/beta`, tokens: { token: async () => 't0k3n' } });
    await expect(client.list('/items')).rejects.toThrow(/a link away from http:\/\/127\.0\.0\.1:\d+, which fixforge will not send the token to/);
    expect(seen).toEqual(['/beta/items Bearer t0k3n', '/beta/items?page=2 Bearer t0k3n']);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

it('refuses an access token of another tenant than --tenant, and reads nothing else from it', async () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const jwt = `${b64({ alg: 'RS256' })}.${b64({ tid: 'aaaaaaaa-1111-4111-8111-111111111111' })}.sig`;
  const endpoint = graphEndpoint(undefined);
  const source = (tenant?: string) => signInSource({ accessTokenEnv: 'T', tenant, endpoint, env: { T: jwt }, prompt: () => undefined });
  expect(() => source('bbbbbbbb-2222-4222-8222-222222222222')).toThrow(/--tenant bbbbbbbb-2222-4222-8222-222222222222 does not match the tenant of the access token \(aaaaaaaa-1111-4111-8111-111111111111\)/);
  expect(source().tenant).toBe('aaaaaaaa-1111-4111-8111-111111111111');
  await expect(source('AAAAAAAA-1111-4111-8111-111111111111').token()).resolves.toBe(jwt);
  expect(() => signInSource({ accessTokenEnv: 'T', endpoint, env: { T: '  ' }, prompt: () => undefined })).toThrow(/'T' \(an access token/);
});
