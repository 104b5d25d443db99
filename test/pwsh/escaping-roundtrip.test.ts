/**
 * quotePowerShellLiteral and escapeCommentHelp against the real PowerShell parser: thousands of
 * seeded random strings full of quote characters, $, backticks, comment delimiters, braces,
 * newlines and non-ASCII go into ONE generated script; pwsh parses it (zero errors), runs it, and
 * prints every value back as base64 of UTF-8. Then once end to end through the compiler.
 * Reproduce a failure with FIXFORGE_SEED=<seed printed below>.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
  escapeCommentHelp,
  escapeLineComment,
  looksLikeSignatureMarker,
  powerShellArgumentRefusal,
  powerShellRefusal,
  quotePowerShellAsciiExpression,
  quotePowerShellLiteral as q,
  sourcePathRefusal,
} from '../../generator/vocabulary/escape/powershell';
import { loneCarriageReturnAt, loneSurrogateAt } from '../../generator/vocabulary/escape/refusal';
import { build } from '../../generator/pipeline/compile';
import { pascalCase } from '../../generator/vocabulary/naming';
import { repoRoot } from '../support/compile';
import { describeWithPwsh, pwshPath } from '../support/pwsh';

const SEED = Number(process.env.FIXFORGE_SEED ?? 2328240);
const RUNS = 2000;

const pwsh = pwshPath();

/** What PowerShell treats specially somewhere, and text that is merely unusual. */
const PIECES = [
  "'", '\u2018', '\u2019', '\u201A', '\u201B', // the five single quotes
  '"', '\u201C', '\u201D', '\u201E', // double quotes
  '$', '$env:windir', '$(', '${x}', '`', '`n', '``', '<#', '#>', '#', '{', '}', '@{', '@(', ')',
  '\n', '\r\n', '\t', ' ', '.EXAMPLE', '.SYNOPSIS', '  .NOTES', '<', '>', '|', ';', '&',
  'é', 'ë', 'ß', '漢字', '😀', '\u00A0', '\u2028', 'a', 'Z', '0',
];

const noNulOrLoneSurrogate = (s: string) => !s.includes('\0') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

const tricky = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }), { maxLength: 16 })
  .map((parts) => parts.join(''))
  // The compiler refuses NUL, lone surrogates (FF3101) and lone CRs (FF3102) before any escaping.
  .filter((s) => noNulOrLoneSurrogate(s) && !/\r(?!\n)/.test(s));

function runPwshFile(script: string): { stdout: string; stderr: string; status: number | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-roundtrip-'));
  const file = path.join(dir, 'roundtrip.ps1');
  // UTF-8 with BOM, as the encode stage writes non-ASCII PowerShell; LF kept so values with line breaks compare exactly.
  fs.writeFileSync(file, `\uFEFF${script}`, 'utf8');
  try {
    const r = spawnSync(pwsh!, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', file], { encoding: 'utf8', timeout: 300_000, maxBuffer: 256 * 1024 * 1024 });
    return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fromBase64 = (b: string) => Buffer.from(b, 'base64').toString('utf8');

/** What help text, comment lines and file names meet: help keywords after .NET white space, signature look-alikes. */
const HELP_PIECES = [
  ...PIECES, '.1', '._', '.é', '.\u0301', '.-', '..', '\u0085', '\u3000', '\u00A0', '\u2029', '\uFEFF', '\v', '\f',
  'SIG # Begin signature block', 'Begin signature block', 'signature', '\n.NOTES', '\n\u0085.LINK',
];
const ARGUMENT_PIECES = ['"', '\\', '\\\\', ' ', '\t', '', 'a', 'Z', '-x', '/y', 'é', "'", '$x', '`', '%', '^', '&', '|', '<', '*', '\u201C', '\u00A0', '漢'];
const MARKER_PIECES = ['sig', 'SIG', '#', ' ', '  ', '\t', '\u00A0', '\u0085', 'begin', 'Begin', 'BEGIN', 'signature', 'signatur', 'block', 'bloc', 'x', 'é', '_', '-'];

const fromPieces = (pieces: readonly string[], maxLength: number) =>
  fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) }), { maxLength }).map((p) => p.join(''));

/** What GetHelpContent() gives back for a section whose escaped text the template indented by four. */
function helpReadBack(escaped: string): string {
  return `${escaped.split('\n').map((line) => `${line}\n`).join('')}\n`;
}

/** Strings any carry check refuses before a target looks at them (FF3101, FF3102). */
const refusedEverywhere = (v: string) => loneSurrogateAt(v) !== undefined || loneCarriageReturnAt(v) !== undefined;

describeWithPwsh('PowerShell escaping round trip', () => {
  it(`carries ${RUNS} random strings through single-quoted literals and comment help (seed ${SEED})`, () => {
    console.log(`escaping-roundtrip seed: ${SEED} (set FIXFORGE_SEED to reproduce)`);
    const values = fc.sample(tricky, { seed: SEED, numRuns: RUNS });
    expect(values.length).toBe(RUNS);
    // Every special piece occurs somewhere in the sample.
    for (const piece of ["'", '\u2018', '\u2019', '\u201A', '\u201B', '"', '\u201C', '\u201D', '\u201E', '$', '`', '<#', '#>', '{', '}', '\n']) {
      expect(values.some((v) => v.includes(piece))).toBe(true);
    }

    const lines = [
      "$ErrorActionPreference = 'Stop'",
      // The script checks its own parse: zero errors, or the run says why.
      '$tokens = $null; $errors = $null',
      '[void][System.Management.Automation.Language.Parser]::ParseFile($PSCommandPath, [ref]$tokens, [ref]$errors)',
      "'PARSE=' + @($errors).Count",
      "foreach ($e in @($errors)) { 'PARSEERROR=' + $e.ToString().Replace(\"`n\", ' ') }",
      '$values = @(',
      ...values.map((v) => `    ${q(v)}`),
      ')',
      "foreach ($v in $values) { 'V=' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes([string]$v)) }",
      '$helpRan = 0',
    ];
    values.forEach((v, i) => {
      lines.push(
        `function Test-Help${i} {`,
        '    <#',
        '    .SYNOPSIS',
        `    ${escapeCommentHelp(v).replace(/\n/g, '\n    ')}`,
        '    #>',
        '    param()',
        `    ${i}`,
        '}',
        `$helpRan += [int]((Test-Help${i}) -eq ${i})`,
      );
    });
    lines.push("'HELP=' + $helpRan");
    // Help still attaches to its function: the block did not end early.
    lines.push("'HELPSYNOPSIS=' + [int](@(Get-Help -Name Test-Help0).Count -eq 1)");

    const r = runPwshFile(lines.join('\n'));
    const out = r.stdout.split(/\r?\n/);
    const parseErrors = out.filter((l) => l.startsWith('PARSEERROR='));
    expect({ status: r.status, stderr: r.stderr.trim(), parse: out.find((l) => l.startsWith('PARSE=')), parseErrors }).toEqual({
      status: 0,
      stderr: '',
      parse: 'PARSE=0',
      parseErrors: [],
    });
    const back = out.filter((l) => l.startsWith('V=')).map((l) => fromBase64(l.slice(2)));
    expect(back.length).toBe(values.length);
    const mismatches = values.flatMap((v, i) => (back[i] === v ? [] : [{ index: i, expected: JSON.stringify(v), actual: JSON.stringify(back[i]) }]));
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(out).toContain(`HELP=${values.length}`);
    expect(out).toContain('HELPSYNOPSIS=1');
  }, 300_000);

  it('imports the compiled quoting fixture with every string and table value equal to the spec', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-quoting-'));
    try {
      const result = await build({ specs: ['test/fixtures/specs/quoting.fix.ts'], outDir, cwd: repoRoot, targets: ['module'] });
      expect(result.ok).toBe(true);
      const [fix] = result.fixes;
      const { ir } = fix;
      const manifest = path.join(fix.outDir, 'module', ir.module.name, `${ir.module.name}.psd1`);
      const script = [
        "$ErrorActionPreference = 'Stop'",
        "[System.Threading.Thread]::CurrentThread.CurrentUICulture = 'en-US'; [cultureinfo]::CurrentUICulture = 'en-US'",
        `Import-Module -Name ${q(manifest)} -Force`,
        `$module = Get-Module -Name ${q(ir.module.name)}`,
        '$state = & $module { @{ Strings = $script:Strings; Detection = $script:DetectionSteps; Repair = $script:RepairSteps; Author = $null } }',
        '$state.Author = $module.Author',
        "'JSON=' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes((ConvertTo-Json -InputObject $state -Depth 8 -Compress)))",
      ].join('\n');
      const r = runPwshFile(script);
      const line = r.stdout.split(/\r?\n/).find((l) => l.startsWith('JSON='));
      expect({ stderr: r.stderr.trim(), found: Boolean(line) }).toEqual({ stderr: '', found: true });
      const state = JSON.parse(fromBase64(line!.slice(5)));

      // Module files are CRLF (generator/pipeline/encode), so a line break inside a literal reads back as CRLF.
      const lf = (s: string) => s.replace(/\r\n/g, '\n');
      const en = (key: string) => lf(state.Strings[key]);
      expect(en('Title')).toBe(ir.title['en-US']);
      expect(en('Description')).toBe(ir.description['en-US']);
      for (const d of ir.detection) {
        expect(en(`${pascalCase(d.id)}Detected`)).toBe(d.messages.detected['en-US']);
        expect(en(`${pascalCase(d.id)}Clean`)).toBe(d.messages.clean['en-US']);
      }
      for (const s of [...ir.repair, ...ir.verify]) expect(en(`${pascalCase(s.id)}Description`)).toBe(s.description['en-US']);
      expect(state.Author).toBe(ir.module.author);

      // Data tables carry the exact spec values (no line breaks here, so no CRLF caveat).
      const event = ir.detection.find((d) => d.kind === 'eventLog')!;
      if (event.kind !== 'eventLog') throw new Error('the quoting fixture has an eventLog step');
      const table = state.Detection.find((d: { Id: string }) => d.Id === event.id);
      expect({ log: table.LogName, provider: table.ProviderName, contains: table.DataContains }).toEqual({
        log: event.log,
        provider: event.provider,
        contains: event.dataContains,
      });
      const repair = ir.repair[0];
      if (repair.kind !== 'clearFolderContents') throw new Error('the quoting fixture starts with clearFolderContents');
      const repairTable = state.Repair.find((s: { Id: string }) => s.Id === repair.id);
      expect(repairTable.Locations.map((l: { Segments: string[] }) => [l.Segments].flat().join('\\'))).toEqual(repair.locations.map((l) => l.folder));
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);
  it(`carries help text, comment lines, file names and program arguments exactly, or refuses them (seed ${SEED})`, () => {
    const help = fc.sample(fromPieces(HELP_PIECES, 12), { seed: SEED + 1, numRuns: 600 });
    const names = fc.sample(fromPieces(HELP_PIECES, 8).map((n) => `spec/${n}.fix.ts`), { seed: SEED + 2, numRuns: 400 });
    // Near the marker: its words, each maybe changed, separated by any white space; then free mixes.
    const word = (...variants: string[]) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...variants) }, { weight: 1, arbitrary: fc.constantFrom(...MARKER_PIECES) });
    const sep = fc.constantFrom('', ' ', '  ', '\t', '\u00A0', '\u0085', '\u3000', '_');
    const nearMarker = fc
      .tuple(word('SIG', 'sig', ''), sep, word('#', ''), sep, word('Begin', 'begin', 'egin', 'Bgin'), sep, word('signature', 'SIGNATURE', 'signatur', 'sgnature'), sep, word('block', 'BLOCK', 'blok', 'b', ''), word('', 'x', 'xyz', '!'))
      .map((parts) => parts.join(''));
    const markers = [
      ...fc.sample(nearMarker, { seed: SEED + 3, numRuns: 500 }),
      ...fc.sample(fromPieces(MARKER_PIECES, 8), { seed: SEED + 5, numRuns: 200 }),
    ].filter((m) => noNulOrLoneSurrogate(m) && !/[\r\n]/.test(m));
    const args = [
      ...['a b\\c', 'C:\\dir\\', 'x y', '\\\\server\\share', 'say "hi"', '', 'C:\\dir with space\\', '\u201Cq\u201D'],
      ...fc.sample(fromPieces(ARGUMENT_PIECES, 5), { seed: SEED + 4, numRuns: 400 }),
    ];

    // Help: every value is refused, or its help block survives and reads back as the escaper wrote it.
    // (A text of white space only is refused by the compiler, FF1007; its help would read back empty.)
    const helpCarried = help.filter((v) => !refusedEverywhere(v) && !powerShellRefusal(v) && !/^[\s\u0085]*$/u.test(v));
    // Comment lines (titles and the spec's file name in every header): refused, or one comment token, exact.
    const titleLines = help.filter((v) => !refusedEverywhere(v) && !powerShellRefusal(v)).map((v) => `# ${escapeLineComment(v)}`);
    const nameLines = names
      .filter((n) => !sourcePathRefusal(n, false))
      .map((n) => `# FixForge.Test 1.0.0, generated by fixforge 0.0.0 from ${escapeLineComment(n)}. Do not edit: change the spec and rebuild.`);
    const commentLines = [...titleLines, ...nameLines];
    // Program arguments: the carried ones reach the program byte-exact, in both argument-passing modes.
    const argsCarried = args.filter((a) => !powerShellArgumentRefusal(a));
    // Some refused arguments would survive by luck (a whole-quoted one such as '" "'); these three never do.
    const argsRefused = ['', 'say "hi"', 'a"b c'];
    expect(argsRefused.every((a) => powerShellArgumentRefusal(a))).toBe(true);
    // The generators reach every case the issue names.
    expect(help.some((v) => /(^|\n)[\u0085\u3000\u00A0]*\.[1_é]/.test(v))).toBe(true);
    expect(names.some((n) => n.includes('\n'))).toBe(true);
    expect(names.some((n) => /[^\x00-\x7f]/.test(n) && !sourcePathRefusal(n, false))).toBe(true);
    expect(markers.filter((m) => looksLikeSignatureMarker(`#${m}`)).length).toBeGreaterThan(50);
    expect(markers.filter((m) => !looksLikeSignatureMarker(`#${m}`)).length).toBeGreaterThan(50);
    expect(args.some((a) => a === '')).toBe(true);
    expect(args.some((a) => a.includes('"'))).toBe(true);
    expect(argsCarried.some((a) => a.includes(' ') && a.includes('\\'))).toBe(true);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixforge-argv-'));
    const argv = path.join(dir, 'argv.sh');
    // An empty working folder: pwsh on Linux expands wildcards in native arguments, Windows does not.
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.writeFileSync(argv, "#!/bin/sh\nfor a in \"$@\"; do printf '%s' \"$a\" | base64 -w0; printf '\\n'; done\necho END\n", { mode: 0o755 });
    const docs = helpCarried.map((v, i) =>
      [`function Test-Doc${i} {`, '    <#', '    .SYNOPSIS', '    Synopsis.', '', '    .DESCRIPTION', `    ${escapeCommentHelp(v).replace(/\n(?=.)/g, '\n    ')}`, '    #>', '    param()', '}'].join('\n'),
    );
    const lines = [
      "$ErrorActionPreference = 'Stop'",
      'function Out-B64([string] $Text) { [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($Text)) }',
      // Help text, through PowerShell's own help parser.
      `$docs = ${q(docs.join('\n'))}`,
      '$errors = $null; $ast = [System.Management.Automation.Language.Parser]::ParseInput($docs, [ref]$null, [ref]$errors)',
      "'DOCPARSE=' + @($errors).Count",
      "foreach ($f in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false)) { $h = $f.GetHelpContent(); if ($h) { $f.Name + '=' + (Out-B64 $h.Description) } else { $f.Name + '=NONE' } }",
      // Comment lines: each one comment token, then a line of code that must still parse.
      `$comments = ${q(commentLines.map((l, i) => `${l}\n'${i}'`).join('\n'))}`,
      '$tokens = $null; $errors = $null; $ast = [System.Management.Automation.Language.Parser]::ParseInput($comments, [ref]$tokens, [ref]$errors)',
      "'COMMENTPARSE=' + @($errors).Count",
      "'COMMENTSTATEMENTS=' + @($ast.EndBlock.Statements).Count",
      "foreach ($t in @($tokens)) { if ($t.Kind -eq 'Comment') { 'C=' + (Out-B64 $t.Text) } }",
      // Signature look-alikes: the compiler's model against the tokenizer.
      `$markers = @(${markers.map((m) => q(`#${m}`)).join(', ')})`,
      "foreach ($m in $markers) { $errors = $null; [void][System.Management.Automation.Language.Parser]::ParseInput($m + \"`n'x'\", [ref]$null, [ref]$errors); 'S=' + [int](@($errors | Where-Object { $_.ErrorId -eq 'TokenAfterEndOfValidScriptText' }).Count -gt 0) }",
      // Arguments, the way the engine passes them (& $FilePath $ArgumentList), in both modes.
      `Set-Location -LiteralPath ${q(path.join(dir, 'empty'))}`,
      'function Invoke-FfProgram([string] $FilePath, [string[]] $ArgumentList) { & $FilePath $ArgumentList }',
      `$carried = [string[]]@(${argsCarried.map((a) => quotePowerShellAsciiExpression(a)).join(', ')})`,
      `foreach ($mode in @('Legacy', 'Standard')) { $PSNativeCommandArgumentPassing = $mode; 'ARGS' + $mode + '=' + ((Invoke-FfProgram -FilePath ${q(argv)} -ArgumentList $carried) -join ',') }`,
      `$refused = @(${argsRefused.map((a) => quotePowerShellAsciiExpression(a)).join(', ')})`,
      "$PSNativeCommandArgumentPassing = 'Legacy'",
      `foreach ($r in $refused) { 'REFUSED=' + ((Invoke-FfProgram -FilePath ${q(argv)} -ArgumentList @('L', $r, 'R')) -join ',') }`,
    ];
    let r: ReturnType<typeof runPwshFile>;
    try {
      r = runPwshFile(lines.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const out = r.stdout.split(/\r?\n/);
    expect({ status: r.status, stderr: r.stderr.trim(), docs: out.find((l) => l.startsWith('DOCPARSE=')), comments: out.find((l) => l.startsWith('COMMENTPARSE=')) }).toEqual({
      status: 0,
      stderr: '',
      docs: 'DOCPARSE=0',
      comments: 'COMMENTPARSE=0',
    });

    // Help: no block is voided, and each reads back exactly as escaped.
    const helpBack = new Map(out.filter((l) => l.startsWith('Test-Doc')).map((l) => [Number(l.slice(8, l.indexOf('='))), l.slice(l.indexOf('=') + 1)]));
    expect(helpBack.size).toBe(helpCarried.length);
    const voided = helpCarried.filter((_, i) => helpBack.get(i) === 'NONE').map((v) => JSON.stringify(v));
    expect(voided.slice(0, 5)).toEqual([]);
    const helpMismatches = helpCarried.flatMap((v, i) => {
      const back = fromBase64(helpBack.get(i) ?? '');
      const expected = helpReadBack(escapeCommentHelp(v));
      return back === expected ? [] : [{ value: JSON.stringify(v), expected: JSON.stringify(expected), actual: JSON.stringify(back) }];
    });
    expect(helpMismatches.slice(0, 5)).toEqual([]);

    // Comment lines: one token each, the exact line, and every line of code after it still there.
    expect(out).toContain(`COMMENTSTATEMENTS=${commentLines.length}`);
    expect(out.filter((l) => l.startsWith('C=')).map((l) => fromBase64(l.slice(2)))).toEqual(commentLines);

    // Signature look-alikes: the model agrees with the tokenizer on every sample.
    const seen = out.filter((l) => l.startsWith('S=')).map((l) => l === 'S=1');
    expect(seen.length).toBe(markers.length);
    const disagreements = markers.filter((m, i) => looksLikeSignatureMarker(`#${m}`) !== seen[i]).map((m) => JSON.stringify(`#${m}`));
    expect(disagreements.slice(0, 5)).toEqual([]);

    // Arguments: exact in both modes; the refused ones really are mangled by legacy passing.
    const argsBack = (mode: string) => {
      const line = out.find((l) => l.startsWith(`ARGS${mode}=`));
      expect(line).toBeDefined();
      const parts = line!.slice(`ARGS${mode}=`.length).split(',');
      expect(parts[parts.length - 1]).toBe('END');
      return parts.slice(0, -1).map(fromBase64);
    };
    expect(argsBack('Legacy')).toEqual(argsCarried);
    expect(argsBack('Standard')).toEqual(argsCarried);
    const refusedBack = out.filter((l) => l.startsWith('REFUSED=')).map((l) => l.slice(8).split(',').slice(0, -1).map(fromBase64));
    expect(refusedBack.length).toBe(argsRefused.length);
    expect(refusedBack.filter((back, i) => JSON.stringify(back) === JSON.stringify(['L', argsRefused[i], 'R']))).toEqual([]);
  }, 300_000);
});
