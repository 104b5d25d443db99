/**
 * A small Microsoft Graph client for the calls `fixforge publish` makes: JSON in and out, a
 * bearer token from a TokenSource, bounded retries that honour Retry-After on 429 and 503,
 * paging through @odata.nextLink, a timeout per request, and errors that carry Graph's
 * error.code, message and request id. The token is only ever put in the Authorization header:
 * no error, log line or result holds it.
 *
 * Written on Node's fetch rather than the Graph SDK: the SDK would bring a large dependency tree
 * for five calls, and its beta models are generated types we would not use.
 */
import crypto from 'node:crypto';
import { GraphError } from './graphError';

export interface TokenSource {
  /** A bearer token for the Graph endpoint; called before each request (credentials cache and refresh). */
  token(): Promise<string>;
}

export interface GraphClientOptions {
  /** The service root with its version, e.g. https://graph.microsoft.com/beta (no trailing slash). */
  readonly baseUrl: string;
  readonly tokens: TokenSource;
  /** Per request, in seconds. */
  readonly timeoutSeconds?: number;
  /** Attempts per request when Graph throttles (429) or is unavailable (503). */
  readonly maxAttempts?: number;
  /** The longest single wait, in seconds, whatever Retry-After asks. */
  readonly maxRetryAfterSeconds?: number;
  /** Called before each wait, for a progress line. */
  readonly onRetry?: (what: string, seconds: number, attempt: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface GraphResponse {
  readonly status: number;
  readonly body: unknown;
  readonly requestId: string;
}

/** Requests that can be retried after a 429 or 503: Graph did not process them. */
const RETRY_STATUSES = new Set([429, 503]);
/** A page bound, so a server answering nextLink forever cannot loop us forever. */
const MAX_PAGES = 1000;

export class GraphClient {
  readonly baseUrl: string;
  private readonly options: GraphClientOptions;

  constructor(options: GraphClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** The absolute URL of a path below the base (`/deviceManagement/...`). */
  url(pathOrUrl: string): string {
    return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
  }

  async request(method: 'GET' | 'POST' | 'PATCH', pathOrUrl: string, body?: unknown): Promise<GraphResponse> {
    const url = this.url(pathOrUrl);
    this.checkSameService(method, url);
    const maxAttempts = this.options.maxAttempts ?? 5;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
      const clientRequestId = crypto.randomUUID();
      const { response, text } = await this.send(method, url, body, clientRequestId);
      const requestId = response.headers.get('request-id') ?? response.headers.get('client-request-id') ?? clientRequestId;
      const parsed = parseJson(text);
      if (response.ok) return { status: response.status, body: parsed, requestId };
      if (RETRY_STATUSES.has(response.status) && attempt < maxAttempts) {
        const seconds = retryDelaySeconds(response.headers.get('retry-after'), attempt, this.options.maxRetryAfterSeconds ?? 120);
        this.options.onRetry?.(`${method} ${url} answered HTTP ${response.status}`, seconds, attempt);
        await sleep(seconds * 1000);
        continue;
      }
      const err = graphErrorOf(parsed);
      const shownId = err.requestId ?? requestId;
      if (RETRY_STATUSES.has(response.status)) throw new GraphError('FF6019', [method, url, response.status, attempt, shownId], response.status);
      throw new GraphError('FF6017', [method, url, response.status, err.code ?? response.statusText ?? 'error', err.message ?? (text.slice(0, 300) || '(no message)'), shownId], response.status, err.code);
    }
  }

  /** Every item of a collection, following @odata.nextLink page by page. */
  async list(path: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let next: string | undefined = path;
    for (let page = 0; next !== undefined; page++) {
      if (page >= MAX_PAGES) throw new GraphError('FF6025', ['GET', this.url(path), `more than ${MAX_PAGES} pages`]);
      const { body } = await this.request('GET', next);
      const value = (body as { value?: unknown } | null)?.value;
      if (!Array.isArray(value)) throw new GraphError('FF6025', ['GET', this.url(next), 'a collection without a value array']);
      items.push(...(value as Record<string, unknown>[]));
      const link = (body as Record<string, unknown>)['@odata.nextLink'];
      next = typeof link === 'string' ? link : undefined;
    }
    return items;
  }

  /** One exchange, the answer's body included: the timeout covers a body that stops half-way too. */
  private async send(method: string, url: string, body: unknown, clientRequestId: string): Promise<{ response: Response; text: string }> {
    const timeoutSeconds = this.options.timeoutSeconds ?? 60;
    const token = await this.options.tokens.token();
    try {
      const response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'client-request-id': clientRequestId,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
        redirect: 'error',
      });
      return { response, text: await response.text() };
    } catch (e) {
      const error = e as Error & { cause?: { code?: string; message?: string } };
      if (error.name === 'TimeoutError' || error.name === 'AbortError') throw new GraphError('FF6018', [method, url, timeoutSeconds, clientRequestId]);
      throw new GraphError('FF6026', [method, url, error.cause?.code ?? error.cause?.message ?? error.message]);
    }
  }

  /** A nextLink (or any URL) must stay on the service we were given: the token goes with it. */
  private checkSameService(method: string, url: string): void {
    if (new URL(url).origin !== new URL(this.baseUrl).origin) throw new GraphError('FF6025', [method, url, `a link away from ${new URL(this.baseUrl).origin}, which fixforge will not send the token to`]);
  }
}

/** Retry-After in seconds (or an HTTP date); without one, 2, 4, 8 ... seconds. Capped. */
export function retryDelaySeconds(header: string | null, attempt: number, cap: number): number {
  let seconds = 2 ** attempt;
  if (header !== null && /^\d+$/.test(header.trim())) seconds = Number(header.trim());
  else if (header !== null && !Number.isNaN(Date.parse(header))) seconds = Math.max(0, Math.ceil((Date.parse(header) - Date.now()) / 1000));
  return Math.min(seconds, cap);
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function graphErrorOf(body: unknown): { code?: string; message?: string; requestId?: string } {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!error || typeof error !== 'object') return {};
  const inner = (error.innerError ?? error.innererror) as Record<string, unknown> | undefined;
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  return { code: str(error.code), message: str(error.message), requestId: str(inner?.['request-id']) };
}
