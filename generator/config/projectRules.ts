/**
 * The project's rules about every fix it builds, from fixforge.config.ts: the cultures each spec
 * must declare and the publisher its module names. Checked after lowering (on the IR, with the
 * spec's origins for positions) and before anything is emitted.
 */
import { makeDiagnostic, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import type { FixIR } from '../ir/types';
import type { LoadedSpec } from '../load/loadSpec';
import type { ProjectConfig } from './loadConfig';

export function projectRules(config: ProjectConfig): ((ir: FixIR, spec: LoadedSpec) => Diagnostic[]) | undefined {
  const { cultures, publisher } = config;
  if (!config.file || (!cultures && !publisher)) return undefined;
  const configFile = config.file;
  return (ir, spec) => {
    const out: Diagnostic[] = [];
    const value = spec.value !== null && typeof spec.value === 'object' && !Array.isArray(spec.value) ? spec.value : undefined;
    const whole = { file: spec.file, line: 1, column: 1 };
    const at = (container: unknown, key: string) =>
      (container !== null && typeof container === 'object' ? spec.origins.of(container, key) : undefined) ?? whole;
    for (const culture of cultures ?? []) {
      if (!ir.cultures.includes(culture as FixIR['cultures'][number])) out.push(makeDiagnostic('FF1106', [culture, configFile], at(value, 'cultures'), 'cultures'));
    }
    if (publisher) {
      for (const key of ['author', 'companyName'] as const) {
        if (ir.module[key] !== publisher[key]) {
          out.push(makeDiagnostic('FF1107', [key, ir.module[key], configFile, publisher[key]], at(value?.module, key), `module.${key}`));
        }
      }
    }
    return out;
  };
}
