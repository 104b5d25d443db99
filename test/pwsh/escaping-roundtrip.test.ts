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
import { escapeCommentHelp, quotePowerShellLiteral as q } from '../../generator/escape/powershell';
import { build } from '../../generator/pipeline/compile';
import { pascalCase } from '../../generator/emit/naming';
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
  .filter(noNulOrLoneSurrogate);

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

      // Module files are CRLF (generator/encode), so a line break inside a literal reads back as CRLF.
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
});
