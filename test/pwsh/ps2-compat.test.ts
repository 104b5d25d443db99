// scripts/ps/Test-Ps2Compatibility.ps1 on PowerShell's own parser: every construct Windows
// PowerShell 2.0 lacks (docs/windows-facts section 2) is flagged with its code and line, and the
// 2.0-safe equivalents are not.
//
// Fixture convention (test/fixtures/ps2): line 1 is `# PS2xxx`; every later non-blank line must be
// flagged with that code exactly once, unless it ends with `# ok`, which must not be flagged.
// clean.ps1 holds the 2.0-safe equivalents and must have no finding at all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkPs2Compatibility, describeWithPwsh, parsePowerShellFiles, ps2Checker, repoRoot, type PowerShellParseError, type Ps2Finding } from '../support/pwsh';

const dir = path.join(repoRoot, 'test', 'fixtures', 'ps2');
const clean = path.join(dir, 'clean.ps1');
const fixtures = fs
  .readdirSync(dir)
  .filter((f) => f !== 'clean.ps1')
  .sort();

/** What a fixture says must be flagged, from its header and `# ok` markers. */
function expectedFindings(file: string): { line: number; code: string }[] {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const code = /^# (PS2\d{3})\s*$/.exec(lines[0])?.[1];
  if (!code) throw new Error(`${file}: line 1 must be "# PS2xxx"`);
  return lines.flatMap((text, i) => (i === 0 || text.trim() === '' || /#\s*ok\s*$/.test(text) ? [] : [{ line: i + 1, code }]));
}

// Cases that need a particular extension or that would break the one-code-per-fixture convention.
const extra: Record<string, string> = {
  // $PSScriptRoot is 2.0-safe inside a .psm1.
  'Module.psm1': 'function Get-Here { $PSScriptRoot }\nExport-ModuleMember -Function Get-Here\n',
  // A 2.0 manifest: only keys New-ModuleManifest 2.0 writes; nested hashtables are data.
  'Module.psd1': [
    '@{',
    "    ModuleToProcess = 'Module.psm1'",
    "    ModuleVersion = '1.0.0'",
    "    GUID = 'a9f1c3d2-6b1e-4c1a-9a59-0c6f43c1f0b1'",
    "    PowerShellVersion = '2.0'",
    "    FunctionsToExport = @('Get-Here')",
    "    PrivateData = @{ PSData = @{ Tags = @('x'); RootModule = 'not a manifest key here' } }",
    '}',
    '',
  ].join('\n'),
  // A .psd1 that is not a module manifest (Import-LocalizedData strings): its keys are free, even
  // one that a manifest also has.
  'Strings.psd1': "@{ Description = 'Clears the cache'; CompanyName = 'x'; ClearCacheDescription = 'y' }\n",
  // Inside a subexpression in a string, and inside a nested script block.
  'nested.ps1': '"$(1 -in @(1))"\n$sb = { [ordered]@{ a = 1 } }\n',
  'broken.ps1': 'function Get-Broken {\n    if ($true) {\n',
};

describeWithPwsh('Test-Ps2Compatibility.ps1', () => {
  jest.setTimeout(60_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ps2-compat-'));
  const extraPath = (name: string) => path.join(work, name);
  let findings: Ps2Finding[];
  let cleanFindings: Ps2Finding[];
  let parseErrors: PowerShellParseError[];

  beforeAll(async () => {
    for (const [name, text] of Object.entries(extra)) fs.writeFileSync(extraPath(name), text, 'utf8');
    // Three pwsh runs side by side: the folder form with everything, clean.ps1 alone for exit code 0, and the parser.
    [findings, cleanFindings, parseErrors] = await Promise.all([
      checkPs2Compatibility([dir, ...Object.keys(extra).map(extraPath)]),
      checkPs2Compatibility([clean]),
      parsePowerShellFiles([clean, extraPath('broken.ps1'), path.join(dir, 'ternary.ps1')]),
    ]);
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const of = (file: string) =>
    findings
      .filter((f) => f.file === file)
      .sort((a, b) => a.line - b.line || a.column - b.column)
      .map(({ line, code }) => ({ line, code }));

  it.each(fixtures)('%s: every marked line is flagged with the fixture code', (name) => {
    const file = path.join(dir, name);
    expect(of(file)).toEqual(expectedFindings(file));
  });

  it('finds nothing in the 2.0-safe equivalents and exits 0 on them', () => {
    expect(of(clean)).toEqual([]);
    expect(cleanFindings).toEqual([]); // checkPs2Compatibility checks the exit code against the findings
  });

  it('has a fixture for every rule code', () => {
    const codes = [...fs.readFileSync(ps2Checker, 'utf8').matchAll(/^\s+(PS2\d{3}) = '/gm)].map((m) => m[1]).sort();
    const covered = [...new Set(fixtures.map((f) => expectedFindings(path.join(dir, f))[0].code))].sort();
    expect(codes.length).toBeGreaterThanOrEqual(18);
    expect(covered).toEqual(codes);
  });

  it('writes file:line:col - PS2xxx: <construct> is not available in Windows PowerShell 2.0', () => {
    const constructs = findings.filter((f) => f.code !== 'PS2000');
    expect(constructs.length).toBeGreaterThan(40);
    for (const f of constructs) expect(f.message).toMatch(/^\S.* is not available in Windows PowerShell 2\.0$/);
    const cmdletBinding = findings.find((f) => f.file.endsWith('cmdletbinding-no-value.ps1'));
    expect(cmdletBinding).toMatchObject({ line: 2, column: 29, message: '[CmdletBinding(SupportsShouldProcess)] without "= $true" (an attribute argument without a value) is not available in Windows PowerShell 2.0' });
  });

  it('accepts $PSScriptRoot in a .psm1, a 2.0 manifest and a data .psd1', () => {
    expect(of(extraPath('Module.psm1'))).toEqual([]);
    expect(of(extraPath('Module.psd1'))).toEqual([]);
    expect(of(extraPath('Strings.psd1'))).toEqual([]);
  });

  it('looks inside string subexpressions and nested script blocks', () => {
    expect(of(extraPath('nested.ps1'))).toEqual([
      { line: 1, code: 'PS2003' },
      { line: 2, code: 'PS2001' },
    ]);
  });

  it('reports parse errors as PS2000 with the parser error id', () => {
    const broken = findings.filter((f) => f.file === extraPath('broken.ps1'));
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.every((f) => f.code === 'PS2000' && /^parse error MissingEndCurlyBrace: /.test(f.message))).toBe(true);
  });

  it('parsePowerShellFiles returns the parse errors of each file', () => {
    expect(parseErrors.map((e) => [path.basename(e.file), e.errorId])).toEqual([
      ['broken.ps1', 'MissingEndCurlyBrace'],
      ['broken.ps1', 'MissingEndCurlyBrace'],
    ]);
    expect(parseErrors[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number), message: expect.stringContaining("Missing closing '}'") });
  });
});
