/**
 * Check an evaluated spec and lower it to the IR. Every problem becomes a diagnostic located at
 * the spec field it came from; the IR is returned only when there are no errors.
 */
import { createHash } from 'node:crypto';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic';
import type { LoadedSpec } from '../load/loadSpec';
import { FieldReader, isObj, type Obj } from '../check/fieldReader';
import { carryRefusals, type StringRole } from '../check/carry';
import {
  cultures,
  detectionKinds,
  eventLevels,
  executionContexts,
  inboxPowerShell,
  intuneReachable,
  powerShellVersions,
  repairKinds,
  systemPrograms,
  verifyKinds,
  wellKnownRootIds,
  windowsVersions,
} from '../check/vocabulary';
import { contextOrder, rootOrder, wellKnownRoots } from './roots';
import {
  IR_VERSION,
  type DetectionIR,
  type FixIR,
  type FolderRef,
  type HintIR,
  type Localized,
  type PowerShellVersion,
  type RepairIR,
  type TargetsIR,
  type VerifyIR,
  type WellKnownRoot,
} from './types';

export interface LowerResult {
  readonly ir?: FixIR;
  readonly diagnostics: Diagnostic[];
}

const FIX_ID = /^[a-z][a-z0-9-]{0,39}$/;
const STEP_ID = /^[a-z][A-Za-z0-9]{0,47}$/;
const MODULE_NAME = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;
const NOUN = /^[A-Z][A-Za-z0-9]{1,47}$/;
const VERSION = /^\d+\.\d+(\.\d+){0,2}$/;

export function lowerSpec(loaded: LoadedSpec): LowerResult {
  const spec = loaded.value;
  const r = new FieldReader(loaded.origins, loaded.file);
  if (!isObj(spec)) return { diagnostics: r.diagnostics };
  const lowering = new Lowering(r, spec, loaded.file);
  const ir = lowering.run();
  return { ir: hasErrors(r.diagnostics) ? undefined : ir, diagnostics: r.diagnostics };
}

class Lowering {
  private readonly ids = new Map<string, string>();
  /** Ids the spec declares, lowered or not: a reference to a step that failed to lower is not reported again. */
  private readonly declared = { detection: new Set<string>(), repair: new Set<string>() };
  private targets: TargetsIR = {};

  constructor(
    private readonly r: FieldReader,
    private readonly spec: Obj,
    private readonly file: string,
  ) {}

  run(): FixIR | undefined {
    const { r, spec } = this;
    for (const section of ['detection', 'repair'] as const) {
      const list = spec[section];
      if (Array.isArray(list)) list.forEach((s) => isObj(s) && typeof s.id === 'string' && this.declared[section].add(s.id));
    }
    this.targets = this.lowerTargets();
    const id = this.pattern(spec, 'id', 'id', FIX_ID, 'fix id', 'lower-case letters, digits and dashes, starting with a letter');
    const kb = r.integer(spec, 'kb', 'kb');
    const module = this.lowerModule();
    const title = this.text(spec, 'title', 'title');
    const description = this.text(spec, 'description', 'description');
    const appliesTo = r.oneOfEach(spec, 'appliesTo', 'appliesTo', windowsVersions);
    if (appliesTo) this.checkTargetReach(appliesTo);

    const detection = this.list(spec, 'detection', (o, f) => this.lowerDetection(o, f));
    const repair = this.list(spec, 'repair', (o, f) => this.lowerRepair(o, f));
    const verify = this.list(spec, 'verify', (o, f) => this.lowerVerify(o, f, repair ?? []));
    const hints = this.list(spec, 'hints', (o, f) => this.lowerHint(o, f, detection ?? []));
    for (const [key, steps] of [['detection', detection], ['repair', repair]] as const) {
      if (steps && steps.length === 0) r.report('FF2007', [key], spec, key, key);
    }

    if (id === undefined || kb === undefined || !module || !title || !description || !appliesTo) return undefined;
    if (!detection || !repair || !verify || !hints) return undefined;

    const usedRoots = new Set<WellKnownRoot>();
    for (const step of [...detection, ...repair]) {
      if ('locations' in step) step.locations.forEach((l) => usedRoots.add(l.root));
    }
    const usedContexts = new Set(repair.map((s) => s.context));
    return {
      irVersion: IR_VERSION,
      id,
      kb,
      sourceFile: this.file,
      module: { ...module, guid: stableGuid(`fixforge:${id}`) },
      cultures,
      title,
      description,
      appliesTo: windowsVersions.filter((v) => appliesTo.includes(v)),
      targets: this.targets,
      roots: rootOrder.filter((root) => usedRoots.has(root)).map((root) => {
        const { context: _context, ...rootIr } = wellKnownRoots[root];
        return rootIr;
      }),
      contexts: contextOrder.filter((c) => usedContexts.has(c)),
      detection,
      repair,
      verify,
      hints,
    };
  }

  private lowerTargets(): TargetsIR {
    const t = this.r.object(this.spec, 'targets', 'targets');
    if (!t) return {};
    const ps = (key: 'module' | 'intune' | 'gpo') => {
      const o = this.r.optionalObject(t, key, `targets.${key}`);
      if (!o) return undefined;
      const powershell = this.r.oneOf(o, 'powershell', `targets.${key}.powershell`, powerShellVersions);
      return powershell ? { powershell } : undefined;
    };
    const out: { -readonly [K in keyof TargetsIR]: TargetsIR[K] } = {};
    const module = ps('module');
    if (module) out.module = module;
    if (this.r.optionalObject(t, 'cmd', 'targets.cmd')) out.cmd = {};
    const intune = ps('intune');
    if (intune) out.intune = intune;
    const gpo = ps('gpo');
    if (gpo) out.gpo = gpo;
    if (Object.keys(t).length === 0) this.r.report('FF2010', [], t, undefined, 'targets');
    return out;
  }

  private checkTargetReach(appliesTo: readonly string[]): void {
    const t = isObj(this.spec.targets) ? this.spec.targets : undefined;
    for (const key of ['module', 'gpo'] as const) {
      const wanted = this.targets[key]?.powershell;
      if (!wanted || !t) continue;
      // The oldest in-box PowerShell among the versions the fix applies to bounds what we may use.
      const floor = appliesTo
        .map((v) => inboxPowerShell[v as keyof typeof inboxPowerShell])
        .filter((v): v is PowerShellVersion => v !== undefined)
        .sort()[0];
      if (floor && wanted > floor) {
        const oldest = appliesTo.filter((v) => inboxPowerShell[v as keyof typeof inboxPowerShell] === floor).join(', ');
        const target = isObj(t[key]) ? (t[key] as Obj) : t;
        this.r.report('FF2008', [key, floor, oldest, wanted], target, 'powershell', `targets.${key}.powershell`);
      }
    }
    if (this.targets.intune && t && !appliesTo.some((v) => (intuneReachable as readonly string[]).includes(v))) {
      this.r.report('FF2009', [appliesTo.join(', ')], t, 'intune', 'targets.intune');
    }
  }

  private lowerModule(): Omit<FixIR['module'], 'guid'> | undefined {
    const m = this.r.object(this.spec, 'module', 'module');
    if (!m) return undefined;
    const name = this.pattern(m, 'name', 'module.name', MODULE_NAME, 'module name', 'dot-separated words of letters and digits');
    const version = this.pattern(m, 'version', 'module.version', VERSION, 'module version', 'two to four dot-separated numbers');
    const noun = this.pattern(m, 'noun', 'module.noun', NOUN, 'noun', 'a singular PascalCase word of letters and digits');
    const author = this.string(m, 'author', 'module.author', 'text');
    const companyName = this.string(m, 'companyName', 'module.companyName', 'text');
    if (!name || !version || !noun || author === undefined || companyName === undefined) return undefined;
    return { name, version, noun, author, companyName };
  }

  private lowerDetection(o: Obj, f: string): DetectionIR | undefined {
    const kind = this.kind(o, f, 'detection', detectionKinds);
    const id = this.stepId(o, f);
    const description = this.text(o, 'description', `${f}.description`);
    const messagesObj = this.r.object(o, 'messages', `${f}.messages`);
    const messages = messagesObj && {
      detected: this.text(messagesObj, 'detected', `${f}.messages.detected`),
      clean: this.text(messagesObj, 'clean', `${f}.messages.clean`),
    };
    if (!kind || !id || !description || !messages?.detected || !messages.clean) return undefined;
    const msgs = { detected: messages.detected, clean: messages.clean };
    if (kind === 'eventLog') {
      const log = this.string(o, 'log', `${f}.log`, 'data');
      const provider = this.string(o, 'provider', `${f}.provider`, 'data');
      const eventIds = this.r.integers(o, 'eventIds', `${f}.eventIds`);
      if (eventIds && (eventIds.length === 0 || eventIds.some((e) => e < 0 || e > 65535))) {
        this.r.report('FF2002', ['event ids', eventIds.join(', '), 'give one or more numbers from 0 to 65535'], o, 'eventIds', `${f}.eventIds`);
      }
      const level = this.r.oneOf(o, 'level', `${f}.level`, Object.keys(eventLevels) as (keyof typeof eventLevels)[]);
      const dc = this.r.object(o, 'dataContains', `${f}.dataContains`);
      const dataIndex = dc && this.r.integer(dc, 'index', `${f}.dataContains.index`);
      const dataText = dc && this.string(dc, 'text', `${f}.dataContains.text`, 'data');
      if (dc && dataIndex !== undefined && (dataIndex < 0 || dataIndex > 31)) {
        this.r.report('FF2002', ['event data index', String(dataIndex), 'use 0 to 31'], dc, 'index', `${f}.dataContains.index`);
      }
      if (dc && dataText === '') this.r.report('FF2002', ['event data text', '', 'it must not be empty'], dc, 'text', `${f}.dataContains.text`);
      const withinDays = this.r.integer(o, 'withinDays', `${f}.withinDays`);
      if (withinDays !== undefined && (withinDays < 1 || withinDays > 3650)) {
        this.r.report('FF2002', ['time window', `${withinDays} days`, 'use 1 to 3650 days'], o, 'withinDays', `${f}.withinDays`);
      }
      if (!log || !provider || !eventIds || !level || dataIndex == null || !dataText || withinDays === undefined) return undefined;
      return {
        kind, id, description, log, provider, eventIds, level, levelValue: eventLevels[level],
        dataIndex, dataContains: dataText, withinDays, indicates: 'problem', messages: msgs,
      };
    }
    const roots = this.r.oneOfEach(o, 'roots', `${f}.roots`, wellKnownRootIds);
    const folder = this.folder(o, 'folder', `${f}.folder`);
    const contains = this.string(o, 'contains', `${f}.contains`, 'data');
    const indicates = this.r.oneOf(o, 'indicates', `${f}.indicates`, ['problem', 'evidence'] as const);
    if (!roots || folder === undefined || !contains || !indicates) return undefined;
    return { kind, id, description, locations: roots.map((root) => ({ root, folder })), contains, indicates, messages: msgs };
  }

  private lowerRepair(o: Obj, f: string): RepairIR | undefined {
    const kind = this.kind(o, f, 'repair', repairKinds);
    const id = this.stepId(o, f);
    const description = this.text(o, 'description', `${f}.description`);
    const context = this.r.oneOf(o, 'context', `${f}.context`, executionContexts);
    if (!kind || !id || !description || !context) return undefined;
    if (context === 'everyUser' && this.targets.cmd) {
      this.r.report('FF3002', [context, id], o, 'context', `${f}.context`);
    }
    if (kind === 'runProgram') {
      if (context === 'everyUser') {
        this.r.report('FF2004', [context, 'runProgram', 'a program runs as the account that starts it, so it cannot act for users who are not logged on; use clearFolderContents with everyUserProfile'], o, 'context', `${f}.context`);
      }
      const program = this.r.oneOf(o, 'program', `${f}.program`, systemPrograms);
      const args = this.r.strings(o, 'arguments', `${f}.arguments`);
      args?.forEach((a, i) => this.carry(a, 'argument', o.arguments as object, i, `${f}.arguments[${i}]`));
      const codes = this.r.integers(o, 'successExitCodes', `${f}.successExitCodes`);
      if (codes && codes.length === 0) this.r.report('FF2002', ['success exit codes', '', 'give at least one'], o, 'successExitCodes', `${f}.successExitCodes`);
      if (!program || !args || !codes) return undefined;
      return { kind, id, description, context, program, arguments: args, successExitCodes: codes };
    }
    const roots = this.r.oneOfEach(o, 'roots', `${f}.roots`, wellKnownRootIds);
    const folders = this.r.array(o, 'folders', `${f}.folders`);
    const paths = folders?.map((_, i) => this.folder(folders as unknown as Obj, String(i), `${f}.folders[${i}]`));
    roots?.forEach((root, i) => {
      const needs = wellKnownRoots[root].context;
      if (needs !== context) {
        this.r.report('FF2003', [root, context, `it is reached from the '${needs}' context`], o.roots as object, i, `${f}.roots[${i}]`);
      }
    });
    if (!roots || !paths || paths.some((p) => p === undefined)) return undefined;
    if (paths.length === 0) this.r.report('FF2002', ['folder list', '', 'give at least one folder'], o, 'folders', `${f}.folders`);
    const locations: FolderRef[] = roots.flatMap((root) => (paths as string[]).map((folder) => ({ root, folder })));
    return { kind, id, description, context, locations };
  }

  private lowerVerify(o: Obj, f: string, repair: readonly RepairIR[]): VerifyIR | undefined {
    const kind = this.kind(o, f, 'verify', verifyKinds);
    const id = this.stepId(o, f);
    const description = this.text(o, 'description', `${f}.description`);
    if (!kind || !id || !description) return undefined;
    if (kind === 'rerunDetection') return { kind, id, description };
    const refs = this.r.strings(o, 'repairSteps', `${f}.repairSteps`);
    if (!refs) return undefined;
    const locations: FolderRef[] = [];
    refs.forEach((ref, i) => {
      const step = repair.find((s) => s.id === ref);
      if (!step && this.declared.repair.has(ref)) return;
      if (!step || step.kind !== 'clearFolderContents') {
        this.r.report('FF2005', [`${f}.repairSteps[${i}]`, 'clearFolderContents repair', ref], o.repairSteps as object, i, `${f}.repairSteps[${i}]`);
      } else {
        locations.push(...step.locations);
      }
    });
    return { kind, id, description, locations };
  }

  private lowerHint(o: Obj, f: string, detection: readonly DetectionIR[]): HintIR | undefined {
    const id = this.stepId(o, f);
    const det = this.r.string(o, 'detection', `${f}.detection`);
    if (det !== undefined && !detection.some((d) => d.id === det) && !this.declared.detection.has(det)) {
      this.r.report('FF2005', [`${f}.detection`, 'detection', det], o, 'detection', `${f}.detection`);
    }
    const mc = this.r.object(o, 'messageContains', `${f}.messageContains`);
    const messageContains: Partial<Record<(typeof cultures)[number], string[]>> = {};
    if (mc) {
      for (const c of cultures) {
        if (mc[c] === undefined) continue;
        const list = this.r.strings(mc, c, `${f}.messageContains.${c}`);
        list?.forEach((s, i) => this.carry(s, 'data', mc[c] as object, i, `${f}.messageContains.${c}[${i}]`));
        if (list) messageContains[c] = list;
      }
    }
    const text = this.text(o, 'text', `${f}.text`);
    if (!id || !det || !mc || !text) return undefined;
    return { id, detection: det, messageContains, text };
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

  private kind<K extends string>(o: Obj, f: string, section: string, allowed: readonly K[]): K | undefined {
    const kind = o.kind;
    if (typeof kind !== 'string' || !(allowed as readonly string[]).includes(kind)) {
      this.r.report('FF1005', [section, String(kind), allowed.join(', ')], o, 'kind', `${f}.kind`);
      return undefined;
    }
    return kind as K;
  }

  private stepId(o: Obj, f: string): string | undefined {
    const id = this.pattern(o, 'id', `${f}.id`, STEP_ID, 'step id', 'camelCase letters and digits, starting with a lower-case letter');
    if (id === undefined) return undefined;
    const seen = this.ids.get(id);
    if (seen) {
      this.r.report('FF2001', [id], o, 'id', `${f}.id`);
      return undefined;
    }
    this.ids.set(id, f);
    return id;
  }

  private pattern(o: Obj, key: string, field: string, re: RegExp, what: string, rule: string): string | undefined {
    const s = this.r.string(o, key, field);
    if (s === undefined) return undefined;
    if (!re.test(s)) {
      this.r.report('FF2002', [what, s, rule], o, key, field);
      return undefined;
    }
    return s;
  }

  private string(o: Obj, key: string, field: string, role: StringRole): string | undefined {
    const s = this.r.string(o, key, field);
    if (s !== undefined) this.carry(s, role, o, key, field);
    return s;
  }

  private text(o: Obj, key: string, field: string): Localized | undefined {
    const t = this.r.localized(o, key, field, cultures);
    const container = isObj(o[key]) ? (o[key] as Obj) : undefined;
    if (t && container) {
      for (const c of cultures) this.carry(t[c], c === 'en-US' ? 'text' : 'localizedText', container, c, `${field}.${c}`);
    }
    return t;
  }

  private folder(o: Obj, key: string, field: string): string | undefined {
    const s = this.r.string(o, key, field);
    if (s === undefined) return undefined;
    const problem = folderProblem(s);
    if (problem) {
      this.r.report('FF2006', [s, problem], o, key, field);
      return undefined;
    }
    this.carry(s, 'path', o, key, field);
    return s;
  }

  private carry(value: string, role: StringRole, container: object, key: string | number, field: string): void {
    for (const { target, reason } of carryRefusals(this.targets, role, value)) {
      this.r.report('FF3001', [target, reason], container, key, field);
    }
  }
}

/** Folders are relative, backslash-separated, and can never climb out of their root. */
function folderProblem(folder: string): string | undefined {
  if (folder === '') return 'it is empty';
  if (folder.includes('/')) return "use backslashes ('\\'), not slashes";
  if (/^[A-Za-z]:/.test(folder) || folder.startsWith('\\')) return 'it must be relative to its root';
  if (folder.endsWith('\\')) return 'it must not end with a backslash';
  const parts = folder.split('\\');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return "it must not contain empty, '.' or '..' segments";
  if (/[*?<>|":]/.test(folder)) return 'it must not contain wildcards or characters Windows forbids in names';
  if (parts.some((p) => /[ .]$/.test(p))) return 'a segment must not end with a space or a dot';
  return undefined;
}

/** A name-based (version 5 style) GUID: the same fix id always gets the same module GUID. */
function stableGuid(name: string): string {
  const h = createHash('sha1').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

