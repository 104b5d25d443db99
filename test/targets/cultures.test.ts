/**
 * Issue 19: every culture's texts in every target, read the way Windows reads the files.
 *
 * Each PowerShell file is decoded as Windows PowerShell 5.1 decodes it (a UTF-8 BOM: UTF-8; FF FE:
 * UTF-16LE; no BOM: the ANSI code page, Windows-1252 on Western systems; a BOM-less file must be
 * ASCII, so that every ANSI code page, 932 on a Japanese system too, reads the same), then parsed by
 * pwsh's own parser; every string it sees (literals, and the `[char]` code expressions of the ASCII
 * Intune scripts, evaluated) is collected, and every text of the spec must be among them exactly:
 * de-DE, fr-FR, nl-NL, pl-PL, ja-JP and English with typographic quotes and dashes. A negative
 * control reads a UTF-8 file without its BOM as ANSI and must miss texts. The .cmd files are ASCII
 * and carry the transliterated texts, with one FF3120 warning per spec. Then the Intune summary in
 * real PowerShell: the machine's culture when the console can show it, else en-US.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { compileOnly, runFixforge } from '../support/compile';
import { describeWithPwsh, pwshPath } from '../support/pwsh';
import type { BuiltFix } from '../../generator/pipeline/compile';
import type { FixIR } from '../../generator/ir/types';
import { transliterate } from '../../generator/vocabulary/escape/transliterate';
import { WINEVENT_STUB } from './winEventStub';
import { decodeAsWindowsPowerShell } from '../support/windowsDecode';

const SPECS = ['test/fixtures/specs/cultures.fix.ts', 'test/fixtures/specs/kb2328240-de-fr.fix.ts', 'spec/task-manager-policy.fix.ts'];
const pwsh = pwshPath();

/**
 * Every Localized text in the IR (objects whose keys are exactly the fix's cultures) that the
 * scripts use as strings at run time, per culture, plus the hint needles. A detection step's
 * description is only help (see helpTexts).
 */
function specTexts(ir: FixIR): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>(ir.cultures.map((c) => [c, new Set<string>()]));
  const cultures = [...ir.cultures].sort().join('|');
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (Object.keys(o).sort().join('|') === cultures && Object.values(o).every((x) => typeof x === 'string')) {
      for (const c of ir.cultures) out.get(c)!.add(o[c] as string);
      return;
    }
    // A detection step (it has messages): its description is help, not a string.
    Object.entries(o).forEach(([k, x]) => (k === 'description' && 'messages' in o ? undefined : visit(x)));
  };
  // The module's author and company are texts too, but not of a culture.
  visit({ ...ir, module: undefined, hints: ir.hints.map((h) => ({ ...h, messageContains: undefined })) });
  for (const h of ir.hints) for (const [c, needles] of Object.entries(h.messageContains)) needles.forEach((n) => out.get(c)?.add(n));
  return out;
}

/** The en-US descriptions of the detection steps: the help of Test-<Noun> lists them. */
function helpTexts(ir: FixIR): string[] {
  return ir.detection.map((d) => d.description['en-US']);
}

const PARSE_SCRIPT = String.raw`
param([string] $InputFile)
$ErrorActionPreference = 'Stop'
function Get-FfTestValue($Ast) {
    if ($Ast -is [System.Management.Automation.Language.StringConstantExpressionAst]) { return $Ast.Value }
    if ($Ast -is [System.Management.Automation.Language.ConvertExpressionAst] -and $Ast.Type.TypeName.Name -eq 'char' -and $Ast.Child -is [System.Management.Automation.Language.ConstantExpressionAst]) {
        return [string][char][int]$Ast.Child.Value
    }
    if ($Ast -is [System.Management.Automation.Language.BinaryExpressionAst] -and $Ast.Operator -eq 'Plus') {
        $left = Get-FfTestValue $Ast.Left
        $right = Get-FfTestValue $Ast.Right
        if ($null -ne $left -and $null -ne $right) { return $left + $right }
    }
    if ($Ast -is [System.Management.Automation.Language.ParenExpressionAst] -and $Ast.Pipeline.PipelineElements.Count -eq 1 -and $Ast.Pipeline.PipelineElements[0] -is [System.Management.Automation.Language.CommandExpressionAst]) {
        return Get-FfTestValue $Ast.Pipeline.PipelineElements[0].Expression
    }
    $null
}
$utf8 = New-Object System.Text.UTF8Encoding($false)
$files = [System.IO.File]::ReadAllText($InputFile, $utf8) | ConvertFrom-Json
$out = @{}
foreach ($file in $files) {
    $text = $utf8.GetString([Convert]::FromBase64String($file.text))
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$errors)
    $values = New-Object System.Collections.Generic.List[string]
    foreach ($node in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.StringConstantExpressionAst] -or $n -is [System.Management.Automation.Language.ParenExpressionAst] }, $true)) {
        $value = Get-FfTestValue $node
        if ($null -ne $value) { $values.Add([Convert]::ToBase64String($utf8.GetBytes($value))) }
    }
    $help = New-Object System.Collections.Generic.List[string]
    foreach ($function in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)) {
        $content = $function.GetHelpContent()
        if ($content -and $content.Description) { $help.Add([Convert]::ToBase64String($utf8.GetBytes($content.Description))) }
    }
    $out[$file.name] = @{ errors = @($errors).Count; values = $values.ToArray(); help = $help.ToArray() }
}
[Console]::Out.Write(($out | ConvertTo-Json -Depth 4 -Compress))
`;

let fixes: readonly BuiltFix[];
let diagnostics: { code: string; category: string; message: string; file?: string }[];
beforeAll(async () => {
  const result = await compileOnly(SPECS);
  expect(result.diagnostics.filter((d) => d.category === 'error')).toEqual([]);
  fixes = result.fixes;
  diagnostics = result.diagnostics.map((d) => ({ code: d.code, category: d.category, message: d.message, file: d.location?.file }));
});

const fix = (id: string) => fixes.find((f) => f.ir.id === id)!;
const powerShellFiles = (f: BuiltFix) => [...f.contents.keys()].filter((p) => /\.(ps1|psm1|psd1)$/.test(p) && !p.endsWith('.Tests.ps1'));

describe('the files as Windows reads them', () => {
  it('every PowerShell file has a BOM or is pure ASCII, and the Intune scripts are pure ASCII without BOM', () => {
    for (const f of fixes) {
      for (const p of powerShellFiles(f)) {
        const bytes = f.contents.get(p)!;
        const { rule } = decodeAsWindowsPowerShell(bytes);
        if (rule === 'ansi' || p.startsWith('intune/')) expect(`${f.ir.id}/${p}: ${bytes.every((b) => b < 0x80)}`).toBe(`${f.ir.id}/${p}: true`);
      }
    }
  });

  it('the .cmd files are ASCII and carry the transliterated en-US texts; one FF3120 warning per spec', () => {
    for (const id of ['cultures', 'kb2328240-de-fr']) {
      const f = fix(id);
      const cmds = [...f.contents.keys()].filter((p) => p.endsWith('.cmd'));
      expect(cmds.length).toBeGreaterThan(0);
      for (const p of cmds) expect(f.contents.get(p)!.every((b) => b < 0x80)).toBe(true);
      const machine = f.contents.get(`cmd/${id}-machine-startup.cmd`)!.toString('ascii');
      expect(machine).toContain(`rem KB ${f.ir.kb}: ${transliterate(f.ir.title['en-US'])}\r\n`);
      for (const s of f.ir.repair.filter((r) => r.context === 'system')) {
        expect(machine).toContain(`rem   ${s.id}: ${transliterate(s.description['en-US']).replace(/%/g, '%%')}\r\n`);
      }
      const warnings = diagnostics.filter((d) => d.code === 'FF3120' && d.file?.endsWith(`${id}.fix.ts`));
      expect(warnings).toHaveLength(1);
      expect(warnings[0].category).toBe('warning');
    }
    // The Dutch spec's en-US texts are ASCII: nothing to transliterate, no warning.
    expect(diagnostics.filter((d) => d.code === 'FF3120' && d.file?.endsWith('task-manager-policy.fix.ts'))).toEqual([]);
  });

  it('the transliteration follows the issue: ö -> o, ’ -> \', – -> -, others ?', () => {
    expect(transliterate('Größe prüfen')).toBe('Grosse prufen');
    expect(transliterate('L’état du cache')).toBe("L'etat du cache");
    expect(transliterate('Don’t wait – reset it')).toBe("Don't wait - reset it");
    expect(transliterate('één zażółć キャ🔧')).toBe('een zazolc ???');
  });

  it('the CLI shows the warning in its text output and in --json, and still builds', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-cultures-cli-'));
    try {
      const text = runFixforge('build', 'test/fixtures/specs/kb2328240-de-fr.fix.ts', '--target', 'cmd', '--out', out);
      expect(text.status).toBe(0);
      expect(`${text.stdout}${text.stderr}`).toMatch(/kb2328240-de-fr\.fix\.ts:\d+:\d+ - warning FF3120: The \.cmd scripts of target cmd and target gpo carry 6 non-ASCII text/);
      const json = runFixforge('build', 'test/fixtures/specs/kb2328240-de-fr.fix.ts', '--target', 'cmd', '--out', out, '--json');
      expect(json.status).toBe(0);
      const parsed = JSON.parse(json.stdout) as { diagnostics: { code: string; category: string }[] };
      expect(parsed.diagnostics.filter((d) => d.code === 'FF3120')).toEqual([expect.objectContaining({ code: 'FF3120', category: 'warning' })]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describeWithPwsh('every text exactly, as the PowerShell parser sees it', () => {
  type Parsed = Record<string, { errors: number; values: string[]; help: string[] }>;
  let parsed: Parsed;
  const CONTROL = 'control: de-DE strings read without BOM as ANSI';

  beforeAll(() => {
    const files: { name: string; text: string }[] = [];
    for (const f of fixes) {
      for (const p of powerShellFiles(f)) {
        files.push({ name: `${f.ir.id}/${p}`, text: Buffer.from(decodeAsWindowsPowerShell(f.contents.get(p)!).text, 'utf8').toString('base64') });
      }
    }
    // What Windows PowerShell 5.1 would read if the BOM were missing.
    const de = fix('cultures').contents.get('module/FixForge.Cultures/de-DE/FixForge.Cultures.Strings.psd1')!;
    files.push({ name: CONTROL, text: Buffer.from(decodeAsWindowsPowerShell(de.subarray(3)).text, 'utf8').toString('base64') });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-cultures-'));
    try {
      fs.writeFileSync(path.join(dir, 'files.json'), JSON.stringify(files));
      fs.writeFileSync(path.join(dir, 'parse.ps1'), PARSE_SCRIPT);
      const r = spawnSync(pwsh!, ['-NoProfile', '-NonInteractive', '-File', path.join(dir, 'parse.ps1'), '-InputFile', path.join(dir, 'files.json')], {
        encoding: 'utf8',
        timeout: 300_000,
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(r.stderr).toBe('');
      parsed = JSON.parse(r.stdout) as Parsed;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  const values = (name: string) => {
    const entry = parsed[name];
    if (!entry) throw new Error(`${name} was not parsed`);
    return new Set(entry.values.map((v) => Buffer.from(v, 'base64').toString('utf8')));
  };
  const missing = (name: string, texts: Iterable<string>) => {
    const seen = values(name);
    return [...texts].filter((t) => !seen.has(t));
  };

  it('parses every file without errors', () => {
    for (const [name, entry] of Object.entries(parsed)) if (name !== CONTROL) expect(`${name}: ${entry.errors}`).toBe(`${name}: 0`);
  });

  it.each(SPECS.map((s) => path.basename(s, '.fix.ts')))('%s: each culture folder of the module holds that culture\'s texts exactly', (id) => {
    const f = fix(id);
    const texts = specTexts(f.ir);
    for (const culture of f.ir.cultures) {
      const file = `${id}/module/${f.ir.module.name}/${culture}/${f.ir.module.name}.Strings.psd1`;
      const needles = new Set(f.ir.hints.flatMap((h) => (h.messageContains as Record<string, readonly string[]>)[culture] ?? []));
      expect({ file, missing: missing(file, [...texts.get(culture)!].filter((t) => !needles.has(t))) }).toEqual({ file, missing: [] });
    }
  });

  it.each(SPECS.map((s) => path.basename(s, '.fix.ts')))('%s: the Intune, GPO and Fix it scripts hold every culture\'s texts exactly', (id) => {
    const f = fix(id);
    const all = [...specTexts(f.ir).values()].flatMap((s) => [...s]);
    const standalone = powerShellFiles(f).filter((p) => p.startsWith('intune/') || /^gpo\/.*\.ps1$/.test(p) || p === 'fixit/FixIt.ps1');
    expect(standalone.filter((p) => p.startsWith('intune/')).length).toBeGreaterThan(0);
    for (const p of standalone) {
      const file = `${id}/${p}`;
      expect({ file, missing: missing(file, all) }).toEqual({ file, missing: [] });
    }
  });

  it.each(SPECS.map((s) => path.basename(s, '.fix.ts')))('%s: the help of the module, GPO and Fix it scripts lists the checks exactly; Intune\'s, transliterated', (id) => {
    const f = fix(id);
    const files = powerShellFiles(f).filter((p) => p.endsWith('.psm1') || p.startsWith('intune/') || /^gpo\/.*\.ps1$/.test(p) || p === 'fixit/FixIt.ps1');
    for (const p of files) {
      const help = (parsed[`${id}/${p}`].help ?? []).map((h) => Buffer.from(h, 'base64').toString('utf8')).join('\n');
      const wanted = helpTexts(f.ir).map((t) => (p.startsWith('intune/') ? transliterate(t) : t));
      expect({ file: p, missing: wanted.filter((t) => !help.includes(t)) }).toEqual({ file: p, missing: [] });
    }
  });

  it('the cultures are the ones the issue names, with non-ASCII in each', () => {
    const texts = specTexts(fix('cultures').ir);
    expect([...texts.keys()]).toEqual(['en-US', 'de-DE', 'fr-FR', 'nl-NL', 'pl-PL', 'ja-JP']);
    for (const [culture, set] of texts) expect(`${culture}: ${[...set].some((t) => /[^\x00-\x7f]/.test(t))}`).toBe(`${culture}: true`);
    expect([...texts.get('en-US')!].join(' ')).toMatch(/[’“”–—…]/);
    // task-manager-policy's Dutch één, exactly, in its Intune scripts.
    expect(values('task-manager-policy/intune/detect.ps1').has('Taakbeheer is voor minstens één gebruiker uitgeschakeld door beleid.')).toBe(true);
  });

  it('the negative control: the same file read as ANSI without its BOM misses the non-ASCII texts', () => {
    const ir = fix('cultures').ir;
    const needles = new Set(ir.hints.flatMap((h) => (h.messageContains as Record<string, readonly string[]>)['de-DE'] ?? []));
    const texts = [...specTexts(ir).get('de-DE')!].filter((t) => !needles.has(t));
    const lost = missing(CONTROL, texts);
    expect(lost.length).toBeGreaterThan(0);
    // Exactly the texts with non-ASCII characters are lost: the test sees what a wrong decoding does.
    expect(lost).toEqual(texts.filter((t) => /[^\x00-\x7f]/.test(t)));
  });
});

describeWithPwsh('the Intune summary line in the machine\'s culture', () => {
  // One pwsh process runs the detection script once per (UI culture, console code page).
  const RUNNER = String.raw`
param([string] $Stub, [string] $Script, [string] $Tree, [string] $Scenarios)
$utf8 = New-Object System.Text.UTF8Encoding($false)
$results = @()
foreach ($scenario in ($Scenarios | ConvertFrom-Json)) {
    [System.Threading.Thread]::CurrentThread.CurrentUICulture = $scenario.culture
    [Console]::OutputEncoding = [System.Text.Encoding]::GetEncoding([int]$scenario.codePage)
    $lines = @(& $Stub -Script $Script -Mode found -WindowsDirectory (Join-Path $Tree 'Windows') -ProfileDirectory (Join-Path $Tree 'Users') -DataDirectory (Join-Path $Tree ('data-' + $scenario.codePage)))
    $code = $LASTEXITCODE
    [Console]::OutputEncoding = $utf8
    $results += @{ culture = $scenario.culture; codePage = $scenario.codePage; exit = $code; lines = @($lines | ForEach-Object { [Convert]::ToBase64String($utf8.GetBytes([string]$_)) }) }
}
[Console]::Out.Write((ConvertTo-Json -InputObject @($results) -Depth 4 -Compress))
`;
  const scenarios = [
    { culture: 'de-DE', codePage: 850 },
    { culture: 'de-AT', codePage: 850 },
    { culture: 'fr-FR', codePage: 437 },
    { culture: 'de-DE', codePage: 20127 },
    { culture: 'sv-SE', codePage: 850 },
    { culture: 'fr-FR', codePage: 65001 },
  ];
  let runs: { culture: string; codePage: number; exit: number; lines: string[] }[];

  beforeAll(() => {
    const f = fix('kb2328240-de-fr');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-cultures-run-'));
    try {
      fs.writeFileSync(path.join(dir, 'detect.ps1'), f.contents.get('intune/detect.ps1')!);
      fs.writeFileSync(path.join(dir, 'stub.ps1'), WINEVENT_STUB);
      fs.writeFileSync(path.join(dir, 'run.ps1'), RUNNER);
      fs.mkdirSync(path.join(dir, 'tree', 'Windows'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'tree', 'Users'), { recursive: true });
      const r = spawnSync(
        pwsh!,
        ['-NoProfile', '-NonInteractive', '-File', path.join(dir, 'run.ps1'), '-Stub', path.join(dir, 'stub.ps1'), '-Script', path.join(dir, 'detect.ps1'), '-Tree', path.join(dir, 'tree'), '-Scenarios', JSON.stringify(scenarios)],
        { encoding: 'utf8', timeout: 300_000 },
      );
      expect(r.stderr).toBe('');
      runs = (JSON.parse(r.stdout) as typeof runs).map((x) => ({ ...x, lines: x.lines.map((l) => Buffer.from(l, 'base64').toString('utf8')) }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  const run = (culture: string, codePage: number) => runs.find((x) => x.culture === culture && x.codePage === codePage)!;
  const last = (culture: string, codePage: number) => {
    const r = run(culture, codePage);
    expect(r.exit).toBe(1);
    return r.lines[r.lines.length - 1];
  };

  it('is the last line, starts with the fix id and the verdict, and stays within 2,048 characters', () => {
    for (const r of runs) {
      expect(r.lines.length).toBeGreaterThan(0);
      const line = r.lines[r.lines.length - 1];
      expect(line.startsWith('kb2328240-de-fr detect (system): DETECTED: ')).toBe(true);
      expect(line.length).toBeLessThanOrEqual(2048);
      expect(line).not.toMatch(/[\r\n]/);
    }
  });

  it('speaks German on a German machine, with the letters code page 850 has and ASCII stand-ins for the quotes it lacks', () => {
    const line = last('de-DE', 850);
    expect(line).toContain('CAPI2 konnte die Stammzertifikatsliste nicht extrahieren (Ereignis 4107 oder 11).');
    expect(line).toContain('Der Download war keine CAB-Datei ("Die Daten sind ungültig"): Prüfen Sie');
    expect(last('de-AT', 850)).toBe(line);
  });

  it('speaks French through code page 437, which has its letters', () => {
    expect(last('fr-FR', 437)).toContain('CAPI2 n\'a pas pu extraire la liste des certificats racines (événement 4107 ou 11).');
    // Through UTF-8 every character is kept, the typographic apostrophe too.
    expect(last('fr-FR', 65001)).toContain('CAPI2 n’a pas pu extraire la liste des certificats racines (événement 4107 ou 11).');
  });

  it('falls back to en-US when the console cannot show the culture\'s letters, or the fix has no text in the culture', () => {
    for (const [culture, codePage] of [['de-DE', 20127], ['sv-SE', 850]] as const) {
      const line = last(culture, codePage);
      expect(line).toContain('CAPI2 couldn\'t extract the third-party root list (event 4107 or 11).');
      expect(line).not.toMatch(/Stammzertifikatsliste/);
      if (codePage === 20127) expect(line).toMatch(/^[\x20-\x7e]*$/);
    }
  });
});
