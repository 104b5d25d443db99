/**
 * A local stand-in for Microsoft Graph's beta deviceHealthScripts API, for tests: 127.0.0.1
 * only, state held like Graph holds it (scripts, their assignments, server-made ids and
 * timestamps), and each request body checked against the documented deviceHealthScript and
 * deviceHealthScriptAssignment properties and types. Unknown and read-only properties are
 * refused with 400, as Graph does. Faults on demand: 429 with Retry-After, 503, 401 for an
 * expired token, 500, a request left unanswered; lists come in pages with @odata.nextLink.
 *
 * Bounded: at most MAX_REQUESTS requests, and it closes itself after LIFETIME_MS.
 *
 * The property tables here are written from Microsoft's documentation on their own, not shared
 * with generator/cli/publish, so a mistake there cannot hide here.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const MAX_REQUESTS = 500;
const LIFETIME_MS = 120_000;

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly body?: unknown;
  readonly status: number;
}

export interface Fault {
  /** Which requests: method and a path test. */
  readonly method?: string;
  readonly path?: RegExp;
  readonly status: 401 | 429 | 500 | 503 | 'hang';
  readonly retryAfter?: string;
  /** How many matching requests get it (then it is used up). */
  times: number;
}

type Json = Record<string, unknown>;

/** deviceHealthScript (beta): property -> type check; read-only ones are refused when written. */
const SCRIPT_PROPERTIES: Record<string, (v: unknown) => boolean> = {
  publisher: isString,
  version: isString,
  displayName: isString,
  description: isString,
  detectionScriptContent: isBase64,
  remediationScriptContent: isBase64,
  runAsAccount: (v) => v === 'system' || v === 'user',
  enforceSignatureCheck: isBoolean,
  runAs32Bit: isBoolean,
  roleScopeTagIds: (v) => Array.isArray(v) && v.every(isString),
  deviceHealthScriptType: (v) => v === 'deviceHealthScript' || v === 'managedInstallerScript',
  detectionScriptParameters: Array.isArray,
  remediationScriptParameters: Array.isArray,
};
const SCRIPT_READ_ONLY = ['id', 'createdDateTime', 'lastModifiedDateTime', 'isGlobalScript', 'highestAvailableVersion'];

const TARGET_TYPES: Record<string, readonly string[]> = {
  '#microsoft.graph.groupAssignmentTarget': ['groupId'],
  '#microsoft.graph.exclusionGroupAssignmentTarget': ['groupId'],
  '#microsoft.graph.allDevicesAssignmentTarget': [],
  '#microsoft.graph.allLicensedUsersAssignmentTarget': [],
};
const SCHEDULE_TYPES: Record<string, Record<string, (v: unknown) => boolean>> = {
  '#microsoft.graph.deviceHealthScriptHourlySchedule': { interval: isInt },
  '#microsoft.graph.deviceHealthScriptDailySchedule': { interval: isInt, time: isTimeOfDay, useUtc: isBoolean },
  '#microsoft.graph.deviceHealthScriptRunOnceSchedule': { interval: isInt, time: isTimeOfDay, useUtc: isBoolean, date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) },
};

export class LocalGraph {
  readonly token: string;
  readonly requests: RecordedRequest[] = [];
  readonly scripts = new Map<string, Json>();
  readonly assignments = new Map<string, Json[]>();
  faults: Fault[] = [];
  pageSize = 100;
  private server?: http.Server;
  private timer?: NodeJS.Timeout;
  private hung: http.ServerResponse[] = [];
  private port = 0;

  constructor(token = `local-graph-token-${crypto.randomBytes(12).toString('hex')}`) {
    this.token = token;
  }

  /** The --graph-endpoint to give fixforge. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.timer = setTimeout(() => void this.stop(), LIFETIME_MS);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    for (const r of this.hung) r.destroy();
    this.hung = [];
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The requests that change state. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  /** Puts a Remediation in place as if someone (or an earlier run) had made it. */
  seed(script: Json, assignments: Json[] = []): string {
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    this.scripts.set(id, { ...script, id, createdDateTime: now, lastModifiedDateTime: now, isGlobalScript: false, highestAvailableVersion: null });
    this.assignments.set(id, assignments.map((a) => ({ ...a, id: `${id}:${crypto.randomUUID()}` })));
    return id;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 8 * 1024 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.endpoint);
      let body: unknown;
      const text = Buffer.concat(chunks).toString('utf8');
      let badJson = false;
      if (text.length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          badJson = true;
        }
      }
      const requestId = crypto.randomUUID();
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization, body, status });
        res.writeHead(status, { 'request-id': requestId, 'client-request-id': String(req.headers['client-request-id'] ?? ''), ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
        res.end(payload === undefined ? undefined : JSON.stringify(payload));
      };
      const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
        send(status, { error: { code, message, innerError: { 'request-id': requestId, date: new Date().toISOString() } } }, headers);

      if (this.requests.length >= MAX_REQUESTS) return error(500, 'TooManyTestRequests', 'the local Graph answers at most 500 requests');
      const fault = this.faults.find((f) => f.times > 0 && (!f.method || f.method === req.method) && (!f.path || f.path.test(url.pathname)));
      if (fault) {
        fault.times--;
        if (fault.status === 'hang') {
          this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, body, status: 0 });
          this.hung.push(res);
          return;
        }
        if (fault.status === 401) return error(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
        if (fault.status === 429) return error(429, 'TooManyRequests', 'Too many requests.', fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
        if (fault.status === 503) return error(503, 'ServiceUnavailable', 'The service is unavailable.', fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
        return error(500, 'InternalServerError', 'An internal server error occurred.');
      }
      if (req.headers.authorization !== `Bearer ${this.token}`) return error(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
      if (badJson) return error(400, 'BadRequest', 'The request body is not valid JSON.');
      this.route(req.method ?? '', url, body, send, error);
    });
  }

  private route(method: string, url: URL, body: unknown, send: (status: number, payload?: unknown) => void, error: (status: number, code: string, message: string) => void): void {
    const base = '/beta/deviceManagement/deviceHealthScripts';
    const p = url.pathname;
    const one = new RegExp(`^${base}/([0-9a-f-]{36})(/assign|/assignments)?$`).exec(p);
    if (p === base && method === 'GET') return send(200, this.page(url, [...this.scripts.values()].map((s) => this.listed(s, url))));
    if (p === base && method === 'POST') {
      const problem = checkScript(body, true);
      if (problem) return error(400, 'BadRequest', problem);
      const id = this.seed(body as Json);
      return send(201, this.scripts.get(id));
    }
    if (!one) return error(400, 'BadRequest', `Resource not found for the segment '${p}'.`);
    const [, id, sub] = one;
    const script = this.scripts.get(id);
    if (!script) return error(404, 'ResourceNotFound', `DeviceHealthScript with id ${id} was not found.`);
    if (!sub && method === 'GET') return send(200, script);
    if (!sub && method === 'PATCH') {
      const problem = checkScript(body, false);
      if (problem) return error(400, 'BadRequest', problem);
      this.scripts.set(id, { ...script, ...(body as Json), lastModifiedDateTime: new Date().toISOString() });
      return send(204);
    }
    if (sub === '/assignments' && method === 'GET') return send(200, this.page(url, this.assignments.get(id) ?? []));
    if (sub === '/assign' && method === 'POST') {
      const problem = checkAssign(body);
      if (problem) return error(400, 'BadRequest', problem);
      const list = (body as { deviceHealthScriptAssignments: Json[] }).deviceHealthScriptAssignments;
      this.assignments.set(id, list.map((a) => ({ ...a, id: `${id}:${crypto.randomUUID()}` })));
      return send(204);
    }
    return error(405, 'NoResourceFound', `No HTTP resource was found that matches ${method} ${p}.`);
  }

  /** A list item: $select honoured; Graph does not send script contents in lists. */
  private listed(script: Json, url: URL): Json {
    const select = url.searchParams.get('$select');
    const { detectionScriptContent: _d, remediationScriptContent: _r, ...rest } = script;
    if (!select) return { ...rest, detectionScriptContent: null, remediationScriptContent: null };
    return Object.fromEntries(select.split(',').map((k) => [k, rest[k] ?? null]));
  }

  private page(url: URL, items: Json[]): Json {
    const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
    const value = items.slice(skip, skip + this.pageSize);
    const result: Json = { '@odata.context': `${this.endpoint}/beta/$metadata#collection`, value };
    if (skip + this.pageSize < items.length) {
      const next = new URL(url.toString());
      next.searchParams.set('$skiptoken', String(skip + this.pageSize));
      result['@odata.nextLink'] = next.toString();
    }
    return result;
  }
}

function checkScript(body: unknown, create: boolean): string | undefined {
  if (!isObject(body)) return 'The request body must be a deviceHealthScript object.';
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') {
      if (value !== '#microsoft.graph.deviceHealthScript') return `Invalid @odata.type '${String(value)}' for a deviceHealthScript.`;
      continue;
    }
    if (SCRIPT_READ_ONLY.includes(key)) return `The property '${key}' is read-only and cannot be set.`;
    const check = SCRIPT_PROPERTIES[key];
    if (!check) return `The property '${key}' does not exist on type 'microsoft.graph.deviceHealthScript'.`;
    if (!check(value)) return `Cannot convert the value of property '${key}' to its type.`;
  }
  if (create && typeof body.displayName !== 'string') return "The property 'displayName' is required.";
  return undefined;
}

function checkAssign(body: unknown): string | undefined {
  if (!isObject(body)) return 'The request body must be an object.';
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'deviceHealthScriptAssignments') return `The assign action takes one parameter, deviceHealthScriptAssignments; got ${keys.join(', ')}.`;
  const list = body.deviceHealthScriptAssignments;
  if (!Array.isArray(list)) return 'deviceHealthScriptAssignments must be a collection.';
  for (const a of list) {
    if (!isObject(a)) return 'Each assignment must be an object.';
    for (const [key, value] of Object.entries(a)) {
      if (key === '@odata.type') {
        if (value !== '#microsoft.graph.deviceHealthScriptAssignment') return `Invalid @odata.type '${String(value)}' for an assignment.`;
      } else if (key === 'id') return "The property 'id' is read-only and cannot be set.";
      else if (key === 'runRemediationScript') {
        if (!isBoolean(value)) return 'runRemediationScript must be a Boolean.';
      } else if (key === 'target') {
        const problem = checkTarget(value);
        if (problem) return problem;
      } else if (key === 'runSchedule') {
        const problem = checkSchedule(value);
        if (problem) return problem;
      } else return `The property '${key}' does not exist on type 'microsoft.graph.deviceHealthScriptAssignment'.`;
    }
    if (!('target' in a)) return 'An assignment needs a target.';
  }
  return undefined;
}

function checkTarget(value: unknown): string | undefined {
  if (!isObject(value)) return 'target must be an object.';
  const type = String(value['@odata.type']);
  const own = TARGET_TYPES[type];
  if (!own) return `Unknown assignment target type '${type}'.`;
  for (const [key, v] of Object.entries(value)) {
    if (key === '@odata.type') continue;
    if (key === 'deviceAndAppManagementAssignmentFilterId') {
      if (v !== null && !isString(v)) return 'deviceAndAppManagementAssignmentFilterId must be a String.';
    } else if (key === 'deviceAndAppManagementAssignmentFilterType') {
      if (!['none', 'include', 'exclude'].includes(String(v))) return 'deviceAndAppManagementAssignmentFilterType must be none, include or exclude.';
    } else if (own.includes(key)) {
      if (!isString(v) || !/^[0-9a-f-]{36}$/i.test(v)) return `${key} must be a group's object id.`;
    } else return `The property '${key}' does not exist on type '${type.slice(1)}'.`;
  }
  for (const key of own) if (!(key in value)) return `${key} is required for ${type}.`;
  return undefined;
}

function checkSchedule(value: unknown): string | undefined {
  if (!isObject(value)) return 'runSchedule must be an object.';
  const type = String(value['@odata.type']);
  const own = SCHEDULE_TYPES[type];
  if (!own) return `Unknown run schedule type '${type}'.`;
  for (const [key, v] of Object.entries(value)) {
    if (key === '@odata.type') continue;
    const check = own[key];
    if (!check) return `The property '${key}' does not exist on type '${type.slice(1)}'.`;
    if (!check(v)) return `Cannot convert the value of property '${key}' to its type.`;
  }
  return undefined;
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function isString(v: unknown): v is string {
  return typeof v === 'string';
}
function isBoolean(v: unknown): v is boolean {
  return typeof v === 'boolean';
}
function isInt(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2147483647;
}
function isBase64(v: unknown): boolean {
  return typeof v === 'string' && Buffer.from(v, 'base64').toString('base64') === v;
}
/** Edm.TimeOfDay: hh:mm:ss with optional fraction. */
function isTimeOfDay(v: unknown): boolean {
  return typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,7})?$/.test(v);
}
