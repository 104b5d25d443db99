/**
 * The marker fixforge owns on every Remediation it publishes: the last line of the description,
 * `[fixforge kb2328240/system 1.0.0 sha256:0123456789abcdef]`. The fix id and the run-as account
 * find the Remediation again on any machine (a fresh CI clone has no local state); the hash says
 * whether what is in Intune is what this build would send, so an unchanged build sends no write.
 */
import crypto from 'node:crypto';

export type RunAs = 'system' | 'user';

export interface Marker {
  readonly fixId: string;
  readonly runAs: RunAs;
  readonly version: string;
  readonly sha256: string;
}

const MARKER = /\n*\[fixforge ([a-z][a-z0-9-]{0,39})\/(system|user) (\S+) sha256:([0-9a-f]{16})\]\s*$/;

export function markerKey(m: Pick<Marker, 'fixId' | 'runAs'>): string {
  return `${m.fixId}/${m.runAs}`;
}

export function withMarker(description: string, m: Marker): string {
  return `${description.replace(/\s+$/, '')}\n\n[fixforge ${m.fixId}/${m.runAs} ${m.version} sha256:${m.sha256}]`;
}

export function readMarker(description: unknown): Marker | undefined {
  if (typeof description !== 'string') return undefined;
  const m = MARKER.exec(description);
  return m ? { fixId: m[1], runAs: m[2] as RunAs, version: m[3], sha256: m[4] } : undefined;
}

/** A short content hash of a body: sha256 of its JSON with sorted keys, first 16 hex digits. */
export function contentHash(body: Record<string, unknown>): string {
  return crypto.createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
