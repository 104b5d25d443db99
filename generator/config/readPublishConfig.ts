/** Checks the `publish` field of fixforge.config.ts: Graph sign-in by environment variable names. */
import type { SourceLocation } from '../vocabulary/diagnostics/diagnostic';
import type { Origins, Value } from '../load/evaluate';
import type { FixforgeConfig, GraphSignIn } from './dsl';

type Report = (field: string, expected: string, where: SourceLocation | undefined) => void;
type Obj = { [key: string]: Value };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Each method's variables: required ones first, then optional ones (marked ?). */
const METHODS: Record<GraphSignIn['method'], readonly string[]> = {
  deviceCode: ['clientIdEnv', 'tenantIdEnv?'],
  clientSecret: ['clientIdEnv', 'clientSecretEnv', 'tenantIdEnv?'],
  clientCertificate: ['clientIdEnv', 'certificatePathEnv', 'tenantIdEnv?', 'certificatePasswordEnv?'],
  workloadIdentity: ['clientIdEnv', 'tokenFileEnv', 'tenantIdEnv?'],
};

export function readPublishConfig(value: Value, origins: Origins, report: Report): FixforgeConfig['publish'] {
  const at = (obj: object, key: string) => origins.of(obj, key);
  const publish = asObject(value);
  const intune = publish && (publish.intune === undefined ? undefined : asObject(publish.intune));
  if (!publish || Object.keys(publish).some((k) => k !== 'intune') || (publish.intune !== undefined && !intune)) {
    report('publish', '{ intune?: { signIn? } }', undefined);
    return undefined;
  }
  if (!intune) return {};
  if (Object.keys(intune).some((k) => k !== 'signIn')) {
    report('publish.intune', '{ signIn? }', at(publish, 'intune'));
    return undefined;
  }
  if (intune.signIn === undefined) return { intune: {} };
  const signIn = asObject(intune.signIn);
  const method = signIn?.method;
  const expected = Object.entries(METHODS)
    .map(([m, vars]) => `{ method: '${m}', ${vars.join(', ')} }`)
    .join(' or ');
  if (!signIn || typeof method !== 'string' || !(method in METHODS)) {
    report('publish.intune.signIn', expected, at(intune, 'signIn'));
    return undefined;
  }
  const vars = METHODS[method as GraphSignIn['method']];
  const allowed = ['method', ...vars.map((v) => v.replace('?', ''))];
  let ok = true;
  for (const key of Object.keys(signIn)) {
    if (!allowed.includes(key)) {
      report(`publish.intune.signIn.${key}`, `not set for method '${method}' (it takes ${allowed.join(', ')})`, at(signIn, key));
      ok = false;
    }
  }
  for (const v of vars) {
    const key = v.replace('?', '');
    const given = signIn[key];
    if (given === undefined && v.endsWith('?')) continue;
    if (typeof given !== 'string' || !ENV_NAME.test(given)) {
      report(`publish.intune.signIn.${key}`, 'an environment variable name (letters, digits, _)', given === undefined ? at(intune, 'signIn') : at(signIn, key));
      ok = false;
    }
  }
  return ok ? { intune: { signIn: signIn as unknown as GraphSignIn } } : undefined;
}

function asObject(v: Value | undefined): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
