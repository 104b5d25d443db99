/**
 * Where Graph is: the global service unless `--graph-endpoint` names another root (a national
 * cloud, or a local server in tests). Remediations (deviceHealthScripts) exist only in Graph's
 * beta version: v1.0 has no deviceHealthScripts collection, so publish always talks to /beta.
 */
import { GraphError } from './graphError';

export const GLOBAL_GRAPH = 'https://graph.microsoft.com';
export const GRAPH_VERSION = 'beta';

export interface GraphEndpoint {
  /** Service root with the version: https://graph.microsoft.com/beta. */
  readonly baseUrl: string;
  /** The OAuth scope for a token to this service: <origin>/.default. */
  readonly scope: string;
  /**
   * The Entra ID sign-in host of a national cloud (@azure/identity's authorityHost). Undefined
   * for the global service and unknown hosts: the library's default then applies, which its
   * own AZURE_AUTHORITY_HOST variable can change.
   */
  readonly authorityHost?: string;
}

/** National clouds' Graph hosts and their sign-in hosts, as Microsoft documents them. */
const AUTHORITY_BY_GRAPH_HOST: Record<string, string> = {
  'graph.microsoft.us': 'https://login.microsoftonline.us',
  'dod-graph.microsoft.us': 'https://login.microsoftonline.us',
  'microsoftgraph.chinacloudapi.cn': 'https://login.chinacloudapi.cn',
};

export const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function graphEndpoint(given: string | undefined): GraphEndpoint {
  const raw = given ?? GLOBAL_GRAPH;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GraphError('FF6022', [raw, 'not an absolute URL']);
  }
  if (url.username || url.password || url.search || url.hash) throw new GraphError('FF6022', [raw, 'give the service root only, without credentials, query or fragment']);
  // The bearer token must never cross the network in clear text; a local test server may use http.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) throw new GraphError('FF6022', [raw, 'use https (http only for a server on this machine)']);
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '/v1.0') throw new GraphError('FF6022', [raw, 'Remediations (deviceHealthScripts) exist only in the beta API; give the service root']);
  if (path !== '' && path !== `/${GRAPH_VERSION}`) throw new GraphError('FF6022', [raw, 'give the service root, such as https://graph.microsoft.us']);
  return {
    baseUrl: `${url.origin}/${GRAPH_VERSION}`,
    scope: `${url.origin}/.default`,
    authorityHost: AUTHORITY_BY_GRAPH_HOST[url.hostname],
  };
}
