/**
 * Check an evaluated spec and lower it to the IR. The fix's own fields are read here; each step
 * is read by its kind (`generator/steps`), after the fields every step of its phase shares. Every
 * problem becomes a diagnostic located at the spec field it came from; the IR is returned only
 * when there are no errors.
 */
import { stableGuid } from './stableGuid';
import { hasErrors, type Diagnostic } from '../vocabulary/diagnostics/diagnostic';
import type { DiagnosticCode } from '../vocabulary/diagnostics/messages';
import type { LoadedSpec } from '../load/loadSpec';
import { FieldReader, isObj, type Obj } from '../vocabulary/fieldReader';
import { executionContexts, windowsVersions } from '../vocabulary/closedSets';
import { LowerContext } from '../steps/lowerContext';
import { noteTransliteration, reportTransliteration } from './transliteration';
import { kindOf, kindsOf, locationsOf, phases, type AnyStepKind } from '../steps/registry';
import type { Phase } from '../steps/dsl';
import type { IRBaseOf, RepairOptionsIR, StepsContext } from '../steps/stepKind';
import { lowerTargetOptions } from './lowerTargets';
import type { TargetRules } from './targetRules';
import { carryRefusals } from './carry';
import { contextOrder, rootIR, rootOrder } from '../vocabulary/ir/roots';
import { kbUrl } from '../vocabulary/naming';
import { IR_VERSION, type Culture, type FixIR, type HintIR, type WellKnownRoot } from './types';

export interface LowerResult {
  readonly ir?: FixIR;
  readonly diagnostics: Diagnostic[];
}

const FIX_ID = /^[a-z][a-z0-9-]{0,39}$/;
const STEP_ID = /^[a-z][A-Za-z0-9]{0,47}$/;
const MODULE_NAME = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;
const NOUN = /^[A-Z][A-Za-z0-9]{1,47}$/;
const VERSION = /^\d+\.\d+(\.\d+){0,2}$/;
const CULTURE = /^[a-z]{2,3}-[A-Z][A-Za-z]{1,7}$/;

/** Lowering asks kinds for locations only; data tables are the engine emitter's. */
const lowerStepsContext: StepsContext = {
  locationsOf: (phase, step) => locationsOf(phase, step, lowerStepsContext),
  stepData: () => {
    throw new Error('internal: no data tables while lowering');
  },
};

/** Lowers one loaded spec; `targets` are the deployment targets' rules, handed in by the pipeline. */
export function lowerSpec(loaded: LoadedSpec, targets: readonly TargetRules[]): LowerResult {
  const spec = loaded.value;
  const r = new FieldReader(loaded.origins, loaded.file);
  if (!isObj(spec)) return { diagnostics: r.diagnostics };
  const ir = new Lowering(r, spec, loaded.file, targets).run();
  return { ir: hasErrors(r.diagnostics) ? undefined : ir, diagnostics: r.diagnostics };
}

type Lowered = IRBaseOf<string>[Phase] & Record<string, unknown>;

class Lowering {
  private readonly ids = new Set<string>();
  private ctx!: LowerContext;

  constructor(
    private readonly r: FieldReader,
    private readonly spec: Obj,
    private readonly file: string,
    private readonly allTargets: readonly TargetRules[],
  ) {}

  run(): FixIR | undefined {
    const { r, spec } = this;
    const targets = lowerTargetOptions(this.allTargets, r, spec);
    const cultures = this.lowerCultures();
    // Texts are checked against the cultures that are valid even when the list as a whole is not,
    // so that one mistake in `cultures` is reported once, not once per text.
    const usable = this.usableCultures();
    const declaredRepair = new Map<string, string>();
    if (Array.isArray(spec.repair)) {
      for (const s of spec.repair) if (isObj(s) && typeof s.id === 'string') declaredRepair.set(s.id, String(s.kind));
    }
    const declaredDetection = new Map<string, string>();
    if (Array.isArray(spec.detection)) {
      for (const s of spec.detection) if (isObj(s) && typeof s.id === 'string') declaredDetection.set(s.id, String(s.kind));
    }
    this.ctx = new LowerContext(r, targets, cultures ?? usable, declaredRepair, '', [], (phase, o, f) => this.lowerStep(phase, o, f, []), declaredDetection, {
      carryRefusals: (role, value) => carryRefusals(this.allTargets, targets, role, value),
      onDemand: (kind) => kindOf('detection', kind)?.onDemand === true,
      noteTransliteration: (role, value, container, key, field) => noteTransliteration(r, this.allTargets, targets, role, value, container, key, field),
    });
    const id = this.pattern(spec, 'id', 'id', FIX_ID, 'FF2002');
    const kb = spec.kb === undefined ? null : r.integer(spec, 'kb', 'kb');
    const link = this.lowerLink(kb);
    const module = this.lowerModule();
    const title = this.ctx.text(spec, 'title', 'title');
    const description = this.ctx.text(spec, 'description', 'description');
    const appliesTo = r.oneOfEach(spec, 'appliesTo', 'appliesTo', windowsVersions);
    if (appliesTo) for (const t of this.allTargets) t.checkReach?.(r, spec, targets, appliesTo);

    const steps = {} as Record<Phase, Lowered[] | undefined>;
    for (const phase of phases) steps[phase] = this.list(spec, phase, (o, f) => this.lowerStep(phase, o, f, steps.repair ?? []));
    const hints = this.list(spec, 'hints', (o, f) => this.lowerHint(o, f));
    reportTransliteration(r);
    for (const key of ['detection', 'repair'] as const) {
      if (steps[key] && steps[key]!.length === 0) r.report('FF2007', [key], spec, key, key);
    }

    if (id === undefined || kb === undefined || link === undefined || !module || !title || !description || !appliesTo || !cultures) return undefined;
    const { detection, repair, verify } = steps;
    if (!detection || !repair || !verify || !hints) return undefined;

    const usedRoots = new Set<WellKnownRoot>();
    for (const phase of phases) {
      for (const s of steps[phase]!) locationsOf(phase, s, lowerStepsContext).forEach((l) => usedRoots.add(l.root));
    }
    const usedContexts = new Set(repair.map((s) => (s as { context: (typeof executionContexts)[number] }).context));
    return {
      irVersion: IR_VERSION,
      id,
      kb,
      link,
      sourceFile: this.file,
      module: { ...module, guid: stableGuid(`fixforge:${id}`) },
      cultures,
      title,
      description,
      appliesTo: windowsVersions.filter((v) => appliesTo.includes(v)),
      targets,
      roots: rootOrder.filter((root) => usedRoots.has(root)).map(rootIR),
      contexts: contextOrder.filter((c) => usedContexts.has(c)),
      detection: detection as unknown as FixIR['detection'],
      repair: repair as unknown as FixIR['repair'],
      verify: verify as unknown as FixIR['verify'],
      hints,
    };
  }

  /** The documented procedure: a KB article, or an https link (one of them is required). */
  private lowerLink(kb: number | null | undefined): string | undefined {
    const { r, spec } = this;
    if (spec.link === undefined) {
      if (kb === null) r.report('FF2032', [], spec, undefined, 'kb');
      return kb == null ? undefined : kbUrl(kb);
    }
    const link = r.string(spec, 'link', 'link');
    if (link === undefined) return undefined;
    if (!/^https:\/\/[^\s'"<>]+$/.test(link)) {
      r.report('FF2033', [link], spec, 'link', 'link');
      return undefined;
    }
    return link;
  }

  private usableCultures(): Culture[] {
    const list = Array.isArray(this.spec.cultures) ? this.spec.cultures.filter((c): c is string => typeof c === 'string' && CULTURE.test(c)) : [];
    return ['en-US', ...new Set(list.filter((c) => c !== 'en-US'))] as Culture[];
  }

  private lowerCultures(): Culture[] | undefined {
    const { r, spec } = this;
    if (spec.cultures === undefined) return ['en-US'];
    const list = r.strings(spec, 'cultures', 'cultures');
    if (!list) return undefined;
    let ok = true;
    list.forEach((c, i) => {
      if (!CULTURE.test(c)) {
        r.report('FF2021', [c], spec.cultures as object, i, `cultures[${i}]`);
        ok = false;
      } else if (list.indexOf(c) !== i) {
        r.report('FF2024', [c], spec.cultures as object, i, `cultures[${i}]`);
        ok = false;
      }
    });
    if (list[0] !== 'en-US') {
      r.report('FF2022', [list[0] ?? ''], spec, 'cultures', 'cultures');
      ok = false;
    }
    return ok ? (list as Culture[]) : undefined;
  }

  private lowerModule(): Omit<FixIR['module'], 'guid'> | undefined {
    const m = this.r.object(this.spec, 'module', 'module');
    if (!m) return undefined;
    const name = this.pattern(m, 'name', 'module.name', MODULE_NAME, 'FF2011');
    const version = this.pattern(m, 'version', 'module.version', VERSION, 'FF2012');
    const noun = this.pattern(m, 'noun', 'module.noun', NOUN, 'FF2013');
    const author = this.ctx.string(m, 'author', 'module.author', 'text');
    const companyName = this.ctx.string(m, 'companyName', 'module.companyName', 'text');
    if (!name || !version || !noun || author === undefined || companyName === undefined) return undefined;
    return { name, version, noun, author, companyName };
  }

  /** The fields every step of `phase` has, then the kind's own. */
  private lowerStep(phase: Phase, o: Obj, f: string, repair: readonly Lowered[]): Lowered | undefined {
    const kind = this.kind(phase, o, f);
    const id = this.stepId(o, f);
    const ctx = this.ctx.at(f, repair as never);
    const description = ctx.text(o, 'description', `${f}.description`);
    let common: Record<string, unknown> | undefined;
    if (phase === 'detection') {
      const messagesObj = this.r.object(o, 'messages', `${f}.messages`);
      const detected = messagesObj && ctx.text(messagesObj, 'detected', `${f}.messages.detected`);
      const clean = messagesObj && ctx.text(messagesObj, 'clean', `${f}.messages.clean`);
      // `indicates` is the kind's to decide; 'problem' unless it says otherwise.
      if (detected && clean) common = { messages: { detected, clean }, indicates: 'problem' };
    } else if (phase === 'repair') {
      const context = this.r.oneOf(o, 'context', `${f}.context`, executionContexts);
      const options = this.lowerOptions(o, f);
      if (context && options) common = { context, options };
    } else {
      common = {};
    }
    if (!kind || !id || !description || !common) return undefined;
    const base = { kind: kind.kind, id, description, ...common } as Lowered;
    const before = this.r.diagnostics.length;
    const own = kind.lower(o, ctx, base as never);
    if (!own) return undefined;
    // Only a step without errors of its own is offered to the .cmd target: its strings are carried.
    if (phase === 'repair' && !hasErrors(this.r.diagnostics.slice(before))) this.checkCmdCarry(kind, { ...base, ...own } as Lowered, o, f);
    return { ...base, ...own } as Lowered;
  }

  /** The options every repair step takes; defaults make the IR explicit. */
  private lowerOptions(o: Obj, f: string): RepairOptionsIR | undefined {
    const { r } = this;
    let ok = true;
    const out: { -readonly [K in keyof RepairOptionsIR]: RepairOptionsIR[K] } = { onFailure: 'continue', rebootRequired: false, optional: false };
    if (o.when !== undefined) {
      const when = r.string(o, 'when', `${f}.when`);
      const declared = Array.isArray(this.spec.detection) && this.spec.detection.some((d) => isObj(d) && d.id === when);
      if (when === undefined) ok = false;
      else if (!declared) {
        r.report('FF2005', [`${f}.when`, 'detection', when], o, 'when', `${f}.when`);
        ok = false;
      } else out.when = when;
    }
    if (o.onFailure !== undefined) {
      const onFailure = r.oneOf(o, 'onFailure', `${f}.onFailure`, ['stop', 'continue'] as const);
      if (onFailure) out.onFailure = onFailure;
      else ok = false;
    }
    if (o.retry !== undefined) {
      const retry = r.object(o, 'retry', `${f}.retry`);
      const count = retry && r.integer(retry, 'count', `${f}.retry.count`);
      const delaySeconds = retry && r.integer(retry, 'delaySeconds', `${f}.retry.delaySeconds`);
      if (retry && count != null && (count < 1 || count > 10)) r.report('FF2026', [count], retry, 'count', `${f}.retry.count`);
      if (retry && delaySeconds != null && (delaySeconds < 0 || delaySeconds > 600)) r.report('FF2027', [delaySeconds], retry, 'delaySeconds', `${f}.retry.delaySeconds`);
      if (!retry || count == null || delaySeconds == null || count < 1 || count > 10 || delaySeconds < 0 || delaySeconds > 600) ok = false;
      else out.retry = { count, delaySeconds };
    }
    for (const key of ['rebootRequired', 'optional'] as const) {
      if (o[key] === undefined) continue;
      const value = r.boolean(o, key, `${f}.${key}`);
      if (value === undefined) ok = false;
      else out[key] = value;
    }
    return ok ? out : undefined;
  }

  /** A repair step the `.cmd` target cannot honour is a warning at the step: the PowerShell targets still carry it. */
  private checkCmdCarry(kind: AnyStepKind, step: Lowered, o: Obj, f: string): void {
    if (!this.ctx.targets.cmd) return;
    const refusal = this.allTargets.find((t) => t.name === 'cmd')!.refusal?.(kind, step);
    if (refusal) this.r.report('FF3002', [step.id, refusal], o, 'context' in o ? 'context' : 'kind', `${f}.context`);
  }

  private lowerHint(o: Obj, f: string): HintIR | undefined {
    const id = this.stepId(o, f);
    const det = this.r.string(o, 'detection', `${f}.detection`);
    const declared = Array.isArray(this.spec.detection) && this.spec.detection.some((d) => isObj(d) && d.id === det);
    if (det !== undefined && !declared) this.r.report('FF2005', [`${f}.detection`, 'detection', det], o, 'detection', `${f}.detection`);
    const mc = this.r.object(o, 'messageContains', `${f}.messageContains`);
    const messageContains: Record<string, string[]> = {};
    if (mc) {
      for (const c of Object.keys(mc)) {
        if (!this.ctx.cultures.includes(c as Culture)) {
          this.r.report('FF2023', [c], mc, c, `${f}.messageContains.${c}`);
          continue;
        }
        const list = this.r.strings(mc, c, `${f}.messageContains.${c}`);
        list?.forEach((s, i) => this.ctx.carry(s, 'data', mc[c] as object, i, `${f}.messageContains.${c}[${i}]`));
        if (list) messageContains[c] = list;
      }
    }
    const text = this.ctx.text(o, 'text', `${f}.text`);
    if (!id || !det || !mc || !text) return undefined;
    // Canonical order: the fix's cultures, whatever order the spec wrote them in.
    const ordered: Record<string, string[]> = {};
    for (const c of this.ctx.cultures) if (messageContains[c]) ordered[c] = messageContains[c];
    return { id, detection: det, messageContains: ordered, text };
  }

  // --- small readers ---

  private list<T>(obj: Obj, key: string, lower: (o: Obj, field: string) => T | undefined): T[] | undefined {
    const arr = this.r.array(obj, key, key);
    if (!arr) return undefined;
    const out: T[] = [];
    let ok = true;
    arr.forEach((item, i) => {
      const field = `${key}[${i}]`;
      if (!isObj(item)) {
        this.r.report('FF1007', [field, 'an object'], arr, i, field);
        ok = false;
        return;
      }
      const lowered = lower(item, field);
      if (lowered === undefined) ok = false;
      else out.push(lowered);
    });
    return ok ? out : undefined;
  }

  private kind(phase: Phase, o: Obj, f: string): AnyStepKind | undefined {
    const found = typeof o.kind === 'string' ? kindOf(phase, o.kind) : undefined;
    if (!found) {
      this.r.report('FF1005', [phase, String(o.kind), kindsOf(phase).map((k) => k.kind).join(', ')], o, 'kind', `${f}.kind`);
    }
    return found;
  }

  private stepId(o: Obj, f: string): string | undefined {
    const id = this.pattern(o, 'id', `${f}.id`, STEP_ID, 'FF2014');
    if (id === undefined) return undefined;
    if (this.ids.has(id)) {
      this.r.report('FF2001', [id], o, 'id', `${f}.id`);
      return undefined;
    }
    this.ids.add(id);
    return id;
  }

  private pattern(o: Obj, key: string, field: string, re: RegExp, code: Extract<DiagnosticCode, 'FF2002' | 'FF2011' | 'FF2012' | 'FF2013' | 'FF2014'>): string | undefined {
    const s = this.r.string(o, key, field);
    if (s === undefined) return undefined;
    if (!re.test(s)) {
      this.r.report(code, [s], o, key, field);
      return undefined;
    }
    return s;
  }
}
