// `fixforge publish intune` against a local Graph, called as the README documents it (plus
// --graph-endpoint and --access-token-env pointing at the local server): create both
// Remediations and their assignments, a second run writes nothing, a changed build PATCHes only
// what changed, assignments are replaced through assign, throttling is waited out, and every
// bad case is a clear error with a non-zero exit and without the token in the output.
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../cli/cliSupport';
import { LocalGraph } from './localGraph';
import { runCli, writeKbProject } from './support';

jest.setTimeout(120_000);

const GROUP = '5d5b9b3e-1c1a-4c3e-9a11-0f5e5b0c0001';
const OTHER_GROUP = '5d5b9b3e-1c1a-4c3e-9a11-0f5e5b0c0002';
const TOKEN_ENV = 'FIXFORGE_TEST_GRAPH_TOKEN';

const temp = tempDir('publish');
const project = path.join(temp.dir, 'project');
let graph: LocalGraph;
/** Every output of every run, checked at the end for the token. */
const outputs: string[] = [];

beforeAll(async () => {
  graph = await new LocalGraph().start();
  writeKbProject(project);
  const built = await runCli(project, ['build', 'fixes', '--sign']);
  expect(built.code).toBe(0);
});

afterAll(async () => {
  await graph.stop();
  temp.remove();
});

/** The documented command, pointed at the local Graph. */
async function publish(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const r = await runCli(options.cwd ?? project, ['publish', 'intune', ...args, '--graph-endpoint', graph.endpoint, '--access-token-env', TOKEN_ENV], {
    [TOKEN_ENV]: graph.token,
    ...options.env,
  });
  outputs.push(r.stdout, r.stderr);
  return r;
}

/** The Remediations fixforge made (others are seeded into the tenant by some tests). */
function ours() {
  return [...graph.scripts.values()].filter((s) => String(s.description).includes('[fixforge '));
}

function scriptsByRunAs() {
  const all = [...graph.scripts.values()];
  return { system: all.filter((s) => s.runAsAccount === 'system'), user: all.filter((s) => s.runAsAccount === 'user') };
}

it('creates the system and the user Remediation of kb2328240 and assigns both to the group', async () => {
  const r = await publish(['out/kb2328240', '--group', GROUP]);
  expect(r.stderr).not.toMatch(/error FF/);
  expect(r.code).toBe(0);
  const { system, user } = scriptsByRunAs();
  expect(system).toHaveLength(1);
  expect(user).toHaveLength(1);
  const built = JSON.parse(fs.readFileSync(path.join(project, 'out/kb2328240/intune/deviceHealthScript.json'), 'utf8'));
  expect(system[0].detectionScriptContent).toBe(built.detectionScriptContent);
  expect(system[0].remediationScriptContent).toBe(built.remediationScriptContent);
  expect(system[0].displayName).toBe(built.displayName);
  // The marker fixforge finds it again by, on the description's last line.
  expect(system[0].description).toMatch(/\n\n\[fixforge kb2328240\/system 1\.0\.0 sha256:[0-9a-f]{16}\]$/);
  expect(user[0].description).toMatch(/\[fixforge kb2328240\/user 1\.0\.0 sha256:[0-9a-f]{16}\]$/);
  // Signed with the project's development certificate: devices do not trust it, so no check, and a warning.
  expect(system[0].enforceSignatureCheck).toBe(false);
  expect(r.stderr).toMatch(/warning FF6020: out\/kb2328240\/intune\/deviceHealthScript\.json is signed with the fixforge development certificate/);
  for (const s of [system[0], user[0]]) {
    expect(graph.assignments.get(s.id as string)).toEqual([
      {
        '@odata.type': '#microsoft.graph.deviceHealthScriptAssignment',
        id: expect.any(String),
        target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP },
        runRemediationScript: true,
        runSchedule: { '@odata.type': '#microsoft.graph.deviceHealthScriptDailySchedule', interval: 1, time: '09:00:00', useUtc: false },
      },
    ]);
  }
  expect(graph.writes().map((w) => `${w.method} ${w.path.replace(/[0-9a-f-]{36}/, '{id}')}`)).toEqual([
    'POST /beta/deviceManagement/deviceHealthScripts',
    'POST /beta/deviceManagement/deviceHealthScripts/{id}/assign',
    'POST /beta/deviceManagement/deviceHealthScripts',
    'POST /beta/deviceManagement/deviceHealthScripts/{id}/assign',
  ]);
  expect(graph.writes().every((w) => w.status >= 200 && w.status < 300)).toBe(true);
  expect(r.stdout).toMatch(/^kb2328240\/system: created [0-9a-f-]{36}, assigned daily at 09:00 device time/m);
  expect(r.stdout).toMatch(/^kb2328240\/user: created [0-9a-f-]{36}, assigned/m);
  // The ids are kept in the project's .fixforge/ as well.
  const state = JSON.parse(fs.readFileSync(path.join(project, '.fixforge/publish/intune.json'), 'utf8'));
  expect(Object.values(state)[0]).toEqual({
    'kb2328240/system': { id: system[0].id, version: '1.0.0', sha256: expect.stringMatching(/^[0-9a-f]{16}$/) },
    'kb2328240/user': { id: user[0].id, version: '1.0.0', sha256: expect.stringMatching(/^[0-9a-f]{16}$/) },
  });
});

it('sends no write when the build is published again unchanged', async () => {
  const before = graph.writes().length;
  const r = await publish(['out/kb2328240', '--group', GROUP]);
  expect(r.code).toBe(0);
  expect(graph.writes()).toHaveLength(before);
  expect(r.stdout).toMatch(/^kb2328240\/system: unchanged [0-9a-f-]{36}, assignments unchanged/m);
  expect(r.stdout).toMatch(/Intune already holds this build: nothing sent\./);
  expect(graph.scripts.size).toBe(2);
  // Without a folder: every fix of the outDir (here the one).
  const all = await publish(['--group', GROUP]);
  expect(all.code).toBe(0);
  expect(all.stdout).toMatch(/^kb2328240\/user: unchanged/m);
  expect(graph.writes()).toHaveLength(before);
});

it('reads the bodies a build has, and refuses one whose script no longer matches its signature', async () => {
  const { readBuild } = await import('../../generator/cli/publish/intune/readBuild');
  const tampered = path.join(temp.dir, 'tampered/kb2328240');
  fs.mkdirSync(path.join(tampered, 'intune'), { recursive: true });
  const body = JSON.parse(fs.readFileSync(path.join(project, 'out/kb2328240/intune/deviceHealthScript.json'), 'utf8'));
  const script = Buffer.from(body.detectionScriptContent, 'base64').toString('latin1');
  body.detectionScriptContent = Buffer.from(script.replace('#Requires -Version 5.1', '#Requires -Version 5.0'), 'latin1').toString('base64');
  fs.writeFileSync(path.join(tampered, 'intune/deviceHealthScript.json'), JSON.stringify(body));
  await expect(readBuild(tampered, temp.dir)).rejects.toThrow(/The build's tampered\/kb2328240\/intune\/deviceHealthScript\.json cannot be published: the detect\.ps1 it holds has a broken signature \(HashMismatch\)/);
  // A fix with currentUser steps only has the user pair alone: that is what is published.
  const userOnly = path.join(temp.dir, 'user-only/kb2328240');
  fs.mkdirSync(path.join(userOnly, 'intune'), { recursive: true });
  fs.copyFileSync(path.join(project, 'out/kb2328240/intune/deviceHealthScript.user.json'), path.join(userOnly, 'intune/deviceHealthScript.user.json'));
  const read = await readBuild(userOnly, temp.dir);
  expect(read.scripts.map((x) => [x.key, x.body.runAsAccount, x.signer, x.body.enforceSignatureCheck])).toEqual([['kb2328240/user', 'user', 'development', false]]);
  body.unexpected = true;
  fs.writeFileSync(path.join(tampered, 'intune/deviceHealthScript.json'), JSON.stringify(body));
  await expect(readBuild(tampered, temp.dir)).rejects.toThrow(/properties a deviceHealthScript does not take: unexpected/);
});

it('--dry-run reads what Intune holds and prints the writes it would send, sending none', async () => {
  const before = graph.requests.length;
  const r = await publish(['out/kb2328240', '--group', OTHER_GROUP, '--dry-run']);
  expect(r.code).toBe(0);
  const sent = graph.requests.slice(before);
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.every((q) => q.method === 'GET')).toBe(true);
  expect(r.stdout).toMatch(/^kb2328240\/system: unchanged [0-9a-f-]{36}, would assign daily/m);
  expect(r.stdout).toMatch(/^dry run: 2 write\(s\) not sent:$/m);
  expect(r.stdout).toMatch(new RegExp(`^POST ${graph.endpoint}/beta/deviceManagement/deviceHealthScripts/[0-9a-f-]{36}/assign$`, 'm'));
  expect(r.stdout).toContain(`"groupId": "${OTHER_GROUP}"`);

  // Two groups (--group repeated, the folder between them), JSON: the writes whole.
  const json = await publish(['--group', OTHER_GROUP, 'out/kb2328240', '--group', GROUP, '--dry-run', '--json']);
  const doc = JSON.parse(json.stdout);
  expect(doc).toMatchObject({ schemaVersion: 1, command: 'publish', ok: true, exitCode: 0, dryRun: true, target: 'intune' });
  expect(doc.requests.map((q: { method: string }) => q.method)).toEqual(['POST', 'POST']);
  expect(doc.requests[0].body.deviceHealthScriptAssignments.map((a: { target: { groupId: string } }) => a.target.groupId)).toEqual([GROUP, OTHER_GROUP]);
  expect(doc.scripts.map((x: { script: string; assignments: string }) => `${x.script} ${x.assignments}`)).toEqual(['unchanged assign', 'unchanged assign']);
  expect(graph.requests.slice(before).every((q) => q.method === 'GET')).toBe(true);
  // Nothing in Intune or in .fixforge/ changed.
  for (const list of graph.assignments.values()) expect(list.map((a) => (a.target as { groupId: string }).groupId)).toEqual([GROUP]);
});

it('--dry-run of a fix not yet in Intune shows the create and the assign it would send', async () => {
  const other = new LocalGraph(graph.token);
  await other.start();
  try {
    const r = await runCli(project, ['publish', 'intune', 'out/kb2328240', '--group', GROUP, '--dry-run', '--graph-endpoint', other.endpoint, '--access-token-env', TOKEN_ENV], { [TOKEN_ENV]: graph.token });
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kb2328240\/system: would create, would assign/m);
    expect(r.stdout).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/beta\/deviceManagement\/deviceHealthScripts$/m);
    expect(r.stdout).toMatch(/"detectionScriptContent": "<\d+ bytes, base64>"/);
    expect(r.stdout).toMatch(/\/deviceHealthScripts\/\{id-of-new-remediation\}\/assign$/m);
    expect(other.writes()).toEqual([]);
    expect(other.scripts.size).toBe(0);
  } finally {
    await other.stop();
  }
});

it('replaces the assignments through assign when the group or schedule changes, and leaves the scripts alone', async () => {
  const before = graph.writes().length;
  const r = await publish(['out/kb2328240', '--group', OTHER_GROUP, '--schedule', 'hourly']);
  expect(r.code).toBe(0);
  const writes = graph.writes().slice(before);
  expect(writes.map((w) => w.method + ' ' + w.path.replace(/[0-9a-f-]{36}/, '{id}'))).toEqual([
    'POST /beta/deviceManagement/deviceHealthScripts/{id}/assign',
    'POST /beta/deviceManagement/deviceHealthScripts/{id}/assign',
  ]);
  for (const list of graph.assignments.values()) {
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      target: { groupId: OTHER_GROUP },
      runSchedule: { '@odata.type': '#microsoft.graph.deviceHealthScriptHourlySchedule', interval: 1 },
    });
  }
  const again = await publish(['out/kb2328240', '--group', OTHER_GROUP, '--schedule', 'hourly']);
  expect(again.code).toBe(0);
  expect(graph.writes()).toHaveLength(before + 2);
});

it('takes Graph\'s own formatting of an assignment (TimeOfDay with 7 fraction digits, filter none) as the same', async () => {
  const daily = await publish(['out/kb2328240', '--group', OTHER_GROUP, '--time', '17:30']);
  expect(daily.code).toBe(0);
  for (const list of graph.assignments.values()) {
    for (const a of list) {
      (a.runSchedule as Record<string, unknown>).time = '17:30:00.0000000';
      (a.target as Record<string, unknown>).deviceAndAppManagementAssignmentFilterType = 'none';
    }
  }
  const before = graph.writes().length;
  const again = await publish(['out/kb2328240', '--group', OTHER_GROUP.toUpperCase(), '--time', '17:30']);
  expect(again.code).toBe(0);
  expect(graph.writes()).toHaveLength(before);
  const other = await publish(['out/kb2328240', '--group', OTHER_GROUP, '--time', '17:31']);
  expect(other.code).toBe(0);
  expect(graph.writes()).toHaveLength(before + 2);
  const hourly = await publish(['out/kb2328240', '--group', OTHER_GROUP, '--schedule', 'hourly']);
  expect(hourly.code).toBe(0);
});

it('a changed build sends one PATCH per changed script and nothing else', async () => {
  const changed = path.join(temp.dir, 'changed');
  writeKbProject(changed, (spec) => spec.replace("version: '1.0.0'", "version: '1.1.0'"));
  const built = await runCli(changed, ['build', 'fixes', '--sign', '--target', 'intune', '--out', path.join(project, 'changed')]);
  expect(built.code).toBe(0);
  const bodies = ['deviceHealthScript.json', 'deviceHealthScript.user.json'];
  const differs = bodies.filter((b) => fs.readFileSync(path.join(project, 'out/kb2328240/intune', b), 'utf8') !== fs.readFileSync(path.join(project, 'changed/kb2328240/intune', b), 'utf8'));
  expect(differs.length).toBeGreaterThan(0);

  const before = graph.writes().length;
  const ids = [...graph.scripts.keys()];
  const r = await publish(['changed/kb2328240', '--group', OTHER_GROUP, '--schedule', 'hourly']);
  expect(r.code).toBe(0);
  const writes = graph.writes().slice(before);
  expect(writes.map((w) => w.method)).toEqual(differs.map(() => 'PATCH'));
  expect(new Set(writes.map((w) => w.path.split('/').pop()))).toEqual(new Set(ids));
  expect([...graph.scripts.keys()]).toEqual(ids);
  for (const s of graph.scripts.values()) expect(s.version).toBe('1.1.0');
  expect(r.stdout).toMatch(/^kb2328240\/system: updated [0-9a-f-]{36}, assignments unchanged/m);

  // And back to the first build: PATCH again, never a new Remediation.
  const back = await publish(['out/kb2328240', '--group', OTHER_GROUP, '--schedule', 'hourly']);
  expect(back.code).toBe(0);
  expect(graph.scripts.size).toBe(2);
  for (const s of graph.scripts.values()) expect(s.version).toBe('1.0.0');

  // Only the user Remediation differs from the build (an older upload of it): one PATCH, to it.
  const user = [...graph.scripts.values()].find((s) => s.runAsAccount === 'user')!;
  user.description = String(user.description).replace(/sha256:[0-9a-f]{16}/, 'sha256:0000000000000000');
  const beforeOne = graph.writes().length;
  const one = await publish(['out/kb2328240', '--group', OTHER_GROUP, '--schedule', 'hourly']);
  expect(one.code).toBe(0);
  expect(graph.writes().slice(beforeOne).map((w) => `${w.method} ${w.path.split('/').pop()}`)).toEqual([`PATCH ${user.id}`]);
  expect(one.stdout).toMatch(/^kb2328240\/system: unchanged/m);
  expect(one.stdout).toMatch(/^kb2328240\/user: updated/m);
});

it('finds its Remediations by the marker from another checkout (no .fixforge/), across pages, and creates no duplicate', async () => {
  const elsewhere = path.join(temp.dir, 'fresh-clone');
  fs.mkdirSync(elsewhere);
  fs.writeFileSync(path.join(elsewhere, 'package.json'), '{ "name": "fresh", "private": true }\n');
  // Other Remediations in the tenant, and a page size that spreads them over several pages.
  for (let i = 0; i < 5; i++) graph.seed({ '@odata.type': '#microsoft.graph.deviceHealthScript', displayName: `Someone else's ${i}`, description: 'not ours', runAsAccount: 'system' });
  graph.pageSize = 2;
  try {
    const before = graph.requests.length;
    const r = await publish([path.join(project, 'out/kb2328240'), '--group', OTHER_GROUP, '--schedule', 'hourly', '--json'], { cwd: elsewhere });
    const doc = JSON.parse(r.stdout);
    expect(doc.exitCode).toBe(0);
    expect(doc.scripts.map((s: { foundBy: string; script: string }) => `${s.foundBy} ${s.script}`)).toEqual(['marker unchanged', 'marker unchanged']);
    expect(doc.requests).toEqual([]);
    const lists = graph.requests.slice(before).filter((q) => q.path.startsWith('/beta/deviceManagement/deviceHealthScripts?'));
    expect(lists.length).toBe(4); // 7 Remediations, 2 a page
    expect(lists.slice(1).every((q) => q.path.includes('skiptoken'))).toBe(true);
    expect(graph.writes().filter((w) => w.status < 300 && w.method === 'POST' && w.path.endsWith('deviceHealthScripts'))).toHaveLength(2);
  } finally {
    graph.pageSize = 100;
  }
});

it('refuses to choose when two Remediations carry the same marker, before any write', async () => {
  const ours = [...graph.scripts.values()].find((s) => s.runAsAccount === 'user')!;
  const copy = graph.seed({ '@odata.type': '#microsoft.graph.deviceHealthScript', displayName: 'copy', description: ours.description, runAsAccount: 'user' });
  try {
    const before = graph.writes().length;
    const r = await publish(['out/kb2328240', '--group', GROUP]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`error FF6021: 2 Remediations carry the marker of kb2328240/user: .*${copy}`));
    expect(graph.writes()).toHaveLength(before);
  } finally {
    graph.scripts.delete(copy);
  }
});

it('updates the Remediation whose id it stored when the marker was edited away in the portal', async () => {
  const system = [...graph.scripts.values()].find((s) => s.runAsAccount === 'system' && String(s.description).includes('[fixforge'))!;
  system.description = 'Edited by hand in the Intune portal';
  const before = graph.writes().length;
  const r = await publish(['out/kb2328240', '--group', OTHER_GROUP, '--schedule', 'hourly']);
  expect(r.code).toBe(0);
  const writes = graph.writes().slice(before);
  expect(writes.map((w) => `${w.method} ${w.path.split('/').pop()}`)).toEqual([`PATCH ${system.id}`]);
  expect(graph.scripts.get(system.id as string)!.description).toMatch(/\[fixforge kb2328240\/system /);
  expect(r.stdout).toMatch(/found by the id in \.fixforge\//);
});

it('waits out 429 and 503 answers as Retry-After asks, then carries on', async () => {
  graph.faults = [
    { method: 'GET', path: /deviceHealthScripts$/, status: 429, retryAfter: '1', times: 1 },
    { method: 'POST', path: /assign$/, status: 503, retryAfter: '0', times: 1 },
  ];
  const before = graph.requests.length;
  const started = Date.now();
  const r = await publish(['out/kb2328240', '--group', GROUP]);
  expect(r.code).toBe(0);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  expect(r.stderr).toMatch(/answered HTTP 429; retrying in 1 s \(attempt 2\)/);
  expect(r.stderr).toMatch(/answered HTTP 503; retrying in 0 s \(attempt 2\)/);
  const sent = graph.requests.slice(before);
  expect(sent.filter((q) => q.status === 429 || q.status === 503)).toHaveLength(2);
  for (const s of ours()) expect(graph.assignments.get(s.id as string)!.map((a) => (a.target as { groupId: string }).groupId)).toEqual([GROUP]);
  expect(graph.faults.every((f) => f.times === 0)).toBe(true);
});

it('gives up after a bounded number of throttled attempts, with an error and exit 1', async () => {
  graph.faults = [{ method: 'GET', status: 429, retryAfter: '0', times: 50 }];
  const before = graph.requests.length;
  const r = await publish(['out/kb2328240', '--group', GROUP]);
  graph.faults = [];
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/error FF6019: Graph GET http:\/\/127\.0\.0\.1:\d+\/beta\/deviceManagement\/deviceHealthScripts\?\$select=\S+ was still throttled \(HTTP 429\) after 5 attempts; run again later \(request id [0-9a-f-]{36}\)/);
  expect(graph.requests.length - before).toBe(5);
});

it('reports an expired token with Graph error code, message and request id, exit 1', async () => {
  graph.faults = [{ status: 401, times: 1 }];
  const r = await publish(['out/kb2328240', '--group', GROUP]);
  graph.faults = [];
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/error FF6017: Graph GET \S+ failed: HTTP 401, InvalidAuthenticationToken: Lifetime validation failed, the token is expired\. \(request id [0-9a-f-]{36}\)/);
  const json = await publish(['out/kb2328240', '--group', GROUP, '--json'], { env: { [TOKEN_ENV]: 'not-the-token-the-server-knows' } });
  const doc = JSON.parse(json.stdout);
  expect(doc).toMatchObject({ command: 'publish', ok: false, exitCode: 1 });
  expect(doc.diagnostics.find((d: { code: string }) => d.code === 'FF6017').message).toMatch(/HTTP 401, InvalidAuthenticationToken/);
  expect(json.stdout + json.stderr).not.toContain('not-the-token-the-server-knows');
});

it('reports a server error (500) at once, and a write that fails stops the run', async () => {
  graph.faults = [{ method: 'PATCH', status: 500, times: 1 }];
  const changedOnce = await publish(['changed/kb2328240', '--group', GROUP]);
  graph.faults = [];
  expect(changedOnce.code).toBe(1);
  expect(changedOnce.stderr).toMatch(/error FF6017: Graph PATCH \S+ failed: HTTP 500, InternalServerError: An internal server error occurred\. \(request id [0-9a-f-]{36}\)/);
  // Nothing half-done is lost: the next run picks up where it stopped.
  const retry = await publish(['changed/kb2328240', '--group', GROUP]);
  expect(retry.code).toBe(0);
  expect(ours()).toHaveLength(2);
  for (const s of ours()) expect(s.version).toBe('1.1.0');
});

it('times out a request Graph does not answer', async () => {
  graph.faults = [{ method: 'GET', status: 'hang', times: 1 }];
  const r = await publish(['out/kb2328240', '--group', GROUP, '--timeout', '1']);
  graph.faults = [];
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/error FF6018: Graph GET \S+ did not answer within 1 s \(request id [0-9a-f-]{36}\)\./);
});

it('publishes with enforceSignatureCheck true when the scripts are signed with a real certificate', async () => {
  const { createPki } = await import('../sign/support/pki');
  const pki = await createPki();
  const prod = path.join(temp.dir, 'prod');
  writeKbProject(prod);
  const built = await runCli(prod, ['build', 'fixes', '--sign', '--target', 'intune', '--key', pki.file('leaf.key'), '--cert', pki.file('chain.pem')]);
  expect(built.code).toBe(0);
  const other = new LocalGraph(graph.token);
  await other.start();
  try {
    const r = await runCli(prod, ['publish', 'intune', 'out/kb2328240', '--group', GROUP, '--graph-endpoint', other.endpoint, '--access-token-env', TOKEN_ENV], { [TOKEN_ENV]: graph.token });
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/FF6020/);
    expect([...other.scripts.values()].map((s) => s.enforceSignatureCheck)).toEqual([true, true]);
  } finally {
    await other.stop();
    fs.rmSync(pki.dir, { recursive: true, force: true });
  }
});

describe('bad command lines and sign-in problems', () => {
  it.each([
    [['out/kb2328240', '--group', 'Helpdesk'], /error FF6011: Invalid --group 'Helpdesk'/],
    [['out/kb2328240', '--group', GROUP, '--time', '9am'], /error FF6012: Invalid --time '9am': use HH:MM/],
    [['out/kb2328240', '--group', GROUP, '--schedule', 'hourly', '--time', '10:00'], /error FF6013: --time has no effect with --schedule hourly/],
    [['out/kb2328240', '--group', GROUP, '--schedule', 'once'], /error FF6013: --schedule once needs --date/],
    [['out/no-such-fix', '--group', GROUP], /error FF6004: Path not found: out\/no-such-fix/],
    [['fixes', '--group', GROUP], /error FF6010: fixes is not a build with the intune target/],
    [['out/kb2328240'], /error FF6007: Missing required argument: group/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await publish(args);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });

  it('refuses a plain-http Graph endpoint that is not this machine, before sending anything', async () => {
    const r = await runCli(project, ['publish', 'intune', 'out/kb2328240', '--group', GROUP, '--graph-endpoint', 'http://graph.example.invalid', '--access-token-env', TOKEN_ENV], { [TOKEN_ENV]: graph.token });
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error FF6022: Invalid --graph-endpoint http:\/\/graph\.example\.invalid: use https/);
  });

  it('says which variable is missing when the token variable is not set', async () => {
    const r = await publish(['out/kb2328240', '--group', GROUP], { env: { [TOKEN_ENV]: undefined } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`error FF6015: The environment variable '${TOKEN_ENV}' \\(an access token for Microsoft Graph, named by --access-token-env\\) is not set`));
  });

  it('says how to sign in when neither the config nor --access-token-env gives a way', async () => {
    const r = await runCli(project, ['publish', 'intune', 'out/kb2328240', '--group', GROUP, '--graph-endpoint', graph.endpoint]);
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error FF6014: No way to sign in to Microsoft Graph: set publish\.intune\.signIn in fixforge\.config\.ts/);
  });
});

it('never shows the token in any output', () => {
  expect(outputs.length).toBeGreaterThan(20);
  for (const o of outputs) expect(o).not.toContain(graph.token);
});
