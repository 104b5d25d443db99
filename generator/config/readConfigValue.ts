/**
 * Checks an evaluated `defineConfig` argument field by field. The type checker already catches
 * most mistakes in an editor; this is what the build relies on, so a config that type-checks
 * only because of an `as` still cannot smuggle in a wrong value.
 */
import type { SourceLocation } from '../vocabulary/diagnostics/diagnostic';
import type { Origins, Value } from '../load/evaluate';
import { targetNames } from '../targets';
import type { ConfigTarget, FixforgeConfig, SigningConfig } from './dsl';
import { readPublishConfig } from './readPublishConfig';

/** The compiler's targets, in output order. */
export const CONFIG_TARGETS: readonly ConfigTarget[] = targetNames;

type Report = (field: string, expected: string, where: SourceLocation | undefined) => void;
type Obj = { [key: string]: Value };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CULTURE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})+$/;

export function readConfigValue(value: Value, origins: Origins, report: Report): FixforgeConfig {
  const root = asObject(value);
  if (!root) {
    report('(config)', 'an object', undefined);
    return {};
  }
  const at = (obj: object, key: string) => origins.of(obj, key);
  const known = ['specs', 'outDir', 'targets', 'cultures', 'publisher', 'signing', 'test', 'publish'];
  for (const key of Object.keys(root)) if (!known.includes(key)) report(key, `one of the known fields (${known.join(', ')})`, at(root, key));

  const strings = (obj: Obj, key: string, field: string, test: (s: string) => boolean, expected: string): string[] | undefined => {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && test(s))) {
      report(field, expected, at(obj, key));
      return undefined;
    }
    return v as string[];
  };
  const text = (obj: Obj, key: string, field: string, test: (s: string) => boolean = (s) => s.length > 0, expected = 'a non-empty string'): string | undefined => {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !test(v)) {
      report(field, expected, at(obj, key));
      return undefined;
    }
    return v;
  };
  const flag = (obj: Obj, key: string, field: string): boolean | undefined => {
    const v = obj[key];
    if (v === undefined || typeof v === 'boolean') return v;
    report(field, 'true or false', at(obj, key));
    return undefined;
  };

  const specs = strings(root, 'specs', 'specs', (s) => s.length > 0, 'a list of spec files, folders or globs');
  const outDir = text(root, 'outDir', 'outDir');
  const targets = strings(root, 'targets', 'targets', (s) => (CONFIG_TARGETS as readonly string[]).includes(s), `a list of ${CONFIG_TARGETS.join(', ')}`) as ConfigTarget[] | undefined;
  const cultures = strings(root, 'cultures', 'cultures', (s) => CULTURE.test(s), 'a list of culture names such as en-US') as FixforgeConfig['cultures'];
  if (cultures && cultures[0] !== 'en-US') report('cultures', "a list that starts with 'en-US'", at(root, 'cultures'));

  let publisher: FixforgeConfig['publisher'];
  if (root.publisher !== undefined) {
    const p = asObject(root.publisher);
    const author = p && text(p, 'author', 'publisher.author');
    const companyName = p && text(p, 'companyName', 'publisher.companyName');
    if (!p || author === undefined || companyName === undefined) report('publisher', '{ author, companyName } with two non-empty strings', at(root, 'publisher'));
    else publisher = { author, companyName };
  }

  let signing: SigningConfig | undefined;
  if (root.signing !== undefined) {
    const s = asObject(root.signing);
    const env = (key: string) => (s ? text(s, key, `signing.${key}`, (v) => ENV_NAME.test(v), 'an environment variable name (letters, digits, _)') : undefined);
    const timestamp = s && { timestampUrl: text(s, 'timestampUrl', 'signing.timestampUrl', (v) => /^https?:\/\//.test(v), 'an http(s) URL'), timestampOptional: flag(s, 'timestampOptional', 'signing.timestampOptional') };
    if (s && s.pfxPathEnv !== undefined && s.keyPathEnv === undefined && s.certPathEnv === undefined) {
      const pfxPathEnv = env('pfxPathEnv');
      if (pfxPathEnv) signing = { pfxPathEnv, pfxPasswordEnv: env('pfxPasswordEnv'), ...timestamp };
    } else if (s && s.pfxPathEnv === undefined && s.keyPathEnv !== undefined && s.certPathEnv !== undefined) {
      const keyPathEnv = env('keyPathEnv');
      const certPathEnv = env('certPathEnv');
      if (keyPathEnv && certPathEnv) signing = { keyPathEnv, certPathEnv, keyPasswordEnv: env('keyPasswordEnv'), ...timestamp };
    } else if (s && s.pkcs11ModuleEnv !== undefined && s.pkcs11KeyEnv !== undefined && s.certPathEnv !== undefined && s.pfxPathEnv === undefined && s.keyPathEnv === undefined && s.signCommandEnv === undefined) {
      const pkcs11ModuleEnv = env('pkcs11ModuleEnv');
      const pkcs11KeyEnv = env('pkcs11KeyEnv');
      const certPathEnv = env('certPathEnv');
      if (pkcs11ModuleEnv && pkcs11KeyEnv && certPathEnv) {
        signing = { pkcs11ModuleEnv, pkcs11TokenEnv: env('pkcs11TokenEnv'), pkcs11KeyEnv, pkcs11PinEnv: env('pkcs11PinEnv'), certPathEnv, ...timestamp };
      }
    } else if (s && s.signCommandEnv !== undefined && s.certPathEnv !== undefined && s.pfxPathEnv === undefined && s.keyPathEnv === undefined && s.pkcs11ModuleEnv === undefined) {
      const signCommandEnv = env('signCommandEnv');
      const certPathEnv = env('certPathEnv');
      if (signCommandEnv && certPathEnv) signing = { signCommandEnv, certPathEnv, ...timestamp };
    } else {
      report(
        'signing',
        '{ pfxPathEnv, pfxPasswordEnv? }, { keyPathEnv, certPathEnv, keyPasswordEnv? }, { pkcs11ModuleEnv, pkcs11TokenEnv?, pkcs11KeyEnv, pkcs11PinEnv?, certPathEnv } or { signCommandEnv, certPathEnv }',
        at(root, 'signing'),
      );
    }
  }

  let test: FixforgeConfig['test'];
  if (root.test !== undefined) {
    const t = asObject(root.test);
    if (!t) report('test', '{ pwsh?, pester? }', at(root, 'test'));
    else test = { pwsh: text(t, 'pwsh', 'test.pwsh'), pester: text(t, 'pester', 'test.pester') };
  }
  const publish = root.publish === undefined ? undefined : readPublishConfig(root.publish, origins, (f, e, w) => report(f, e, w ?? at(root, 'publish')));
  return { specs, outDir, targets, cultures, publisher, signing, test, publish };
}

function asObject(v: Value | undefined): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}
