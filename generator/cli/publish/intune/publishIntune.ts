/**
 * Publishing Remediations idempotently: plan every script against what Intune holds (one paged
 * list, plus each found script's assignments), refuse before any write when the plan is not
 * safe (two Remediations with one marker), then send only the writes the plan needs:
 *   - no Remediation with the marker (nor the stored id): POST create, then POST assign;
 *   - one whose marker hash or version differs: PATCH the full body;
 *   - assignments that differ from the wanted ones: POST assign, which replaces them all.
 * With dryRun the writes are returned, not sent.
 */
import type { GraphClient } from '../graph/graphClient';
import { GraphError } from '../graph/graphError';
import { sameAssignments } from './assignments';
import { SCRIPTS_PATH, type AssignmentBody } from './graphShapes';
import { markerKey, readMarker } from './marker';
import type { PublishState } from './publishState';
import type { DesiredScript } from './readBuild';

export interface WriteRequest {
  readonly method: 'POST' | 'PATCH';
  readonly url: string;
  readonly body: unknown;
}

export interface ScriptOutcome {
  readonly key: string;
  readonly fixId: string;
  readonly runAs: string;
  readonly displayName: string;
  readonly version: string;
  readonly sha256: string;
  /** The Remediation's id; absent for one a dry run would create. */
  readonly id?: string;
  /** How it was found: by fixforge's marker, by the id stored in .fixforge/, or not at all. */
  readonly foundBy: 'marker' | 'state' | 'none';
  readonly script: 'create' | 'update' | 'unchanged';
  readonly assignments: 'assign' | 'unchanged';
}

export interface PublishResult {
  readonly scripts: ScriptOutcome[];
  /** The writes sent (or, with dryRun, that would be sent), in order. */
  readonly writes: WriteRequest[];
}

export interface PublishInput {
  readonly client: GraphClient;
  readonly scripts: readonly DesiredScript[];
  readonly assignments: readonly AssignmentBody[];
  readonly state: PublishState;
  readonly dryRun: boolean;
  readonly log: (line: string) => void;
}

interface Planned {
  readonly desired: DesiredScript;
  readonly id?: string;
  readonly foundBy: ScriptOutcome['foundBy'];
  readonly script: ScriptOutcome['script'];
  readonly assignments: ScriptOutcome['assignments'];
}

/** The id a dry run shows in the URL of a Remediation it would create. */
export const NEW_ID = '{id-of-new-remediation}';

export async function publishIntune(input: PublishInput): Promise<PublishResult> {
  const planned = await plan(input);
  const writes: WriteRequest[] = [];
  const scripts: ScriptOutcome[] = [];
  for (const p of planned) {
    let id = p.id;
    const { desired } = p;
    if (p.script !== 'unchanged') {
      const write: WriteRequest =
        p.script === 'create'
          ? { method: 'POST', url: input.client.url(SCRIPTS_PATH), body: desired.body }
          : { method: 'PATCH', url: input.client.url(`${SCRIPTS_PATH}/${id}`), body: desired.body };
      writes.push(write);
      if (!input.dryRun) {
        const response = await input.client.request(write.method, write.url, write.body);
        if (p.script === 'create') {
          const created = (response.body as { id?: unknown } | null)?.id;
          if (typeof created !== 'string' || created.length === 0) throw new GraphError('FF6025', [write.method, write.url, 'the created Remediation has no id']);
          id = created;
        }
        input.state.set(desired.key, { id: id!, version: desired.version, sha256: desired.sha256 });
        input.log(`${desired.key}: ${p.script === 'create' ? 'created' : 'updated'} Remediation ${id}`);
      }
    }
    if (p.assignments === 'assign') {
      const write: WriteRequest = {
        method: 'POST',
        url: input.client.url(`${SCRIPTS_PATH}/${id ?? NEW_ID}/assign`),
        body: { deviceHealthScriptAssignments: input.assignments },
      };
      writes.push(write);
      if (!input.dryRun) {
        await input.client.request(write.method, write.url, write.body);
        input.log(`${desired.key}: assigned to ${input.assignments.length} group(s)`);
      }
    }
    scripts.push({
      key: desired.key,
      fixId: desired.fixId,
      runAs: desired.runAs,
      displayName: desired.body.displayName,
      version: desired.version,
      sha256: desired.sha256,
      ...(id ? { id } : {}),
      foundBy: p.foundBy,
      script: p.script,
      assignments: p.assignments,
    });
  }
  return { scripts, writes };
}

async function plan(input: PublishInput): Promise<Planned[]> {
  // $select keeps the list small: without it Graph may send every script's content.
  const existing = await input.client.list(`${SCRIPTS_PATH}?$select=id,displayName,description,version`);
  const byKey = new Map<string, Record<string, unknown>[]>();
  for (const item of existing) {
    const marker = readMarker(item.description);
    if (!marker) continue;
    const key = markerKey(marker);
    byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  const planned: Planned[] = [];
  for (const desired of input.scripts) {
    const matches = byKey.get(desired.key) ?? [];
    if (matches.length > 1) throw new GraphError('FF6021', [matches.length, desired.key, matches.map((m) => String(m.id)).join(', ')]);
    let found: Record<string, unknown> | undefined = matches[0];
    let foundBy: Planned['foundBy'] = found ? 'marker' : 'none';
    if (!found) {
      const stored = input.state.get(desired.key);
      found = stored && existing.find((e) => e.id === stored.id);
      if (found) foundBy = 'state';
    }
    if (!found) {
      planned.push({ desired, foundBy, script: 'create', assignments: 'assign' });
      continue;
    }
    const id = String(found.id);
    const marker = readMarker(found.description);
    const unchanged = marker !== undefined && marker.sha256 === desired.sha256 && marker.version === desired.version;
    const assigned = await input.client.list(`${SCRIPTS_PATH}/${id}/assignments`);
    planned.push({
      desired,
      id,
      foundBy,
      script: unchanged ? 'unchanged' : 'update',
      assignments: sameAssignments(assigned, input.assignments) ? 'unchanged' : 'assign',
    });
  }
  return planned;
}
