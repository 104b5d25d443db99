import { blankCommentsAndStrings, findPs2Constructs } from '../../generator/check/ps2Constructs';
import { compileOnly } from '../support/compile';

describe('the PowerShell 2.0 construct check', () => {
  it.each([
    ['$o = [ordered]@{ a = 1 }', '[ordered]'],
    ['$o = [pscustomobject]@{ a = 1 }', '[pscustomobject]'],
    ["if ($a -in $b) { }", 'the -in operator'],
    ["if ($a -notin $b) { }", 'the -notin operator'],
    ['Get-Process | Where-Object Name -eq x', 'simplified Where-Object/ForEach-Object syntax'],
    ['Get-Process | ForEach-Object Name', 'simplified Where-Object/ForEach-Object syntax'],
    ['Get-CimInstance Win32_OperatingSystem', 'a CIM cmdlet'],
    ['$x | ConvertTo-Json', 'ConvertTo-Json'],
    ['$x | ConvertFrom-Json', 'ConvertFrom-Json'],
    ['$a.ForEach({ $_ })', 'the .ForEach() method'],
    ['$a.Where({ $_ })', 'the .Where() method'],
    ['$here = $PSCommandPath', '$PSCommandPath'],
    ['$_ ; $PSItem', '$PSItem'],
    ['[Environment]::Is64BitProcess', '[Environment]::Is64BitProcess (.NET 4)'],
    ['[Text.StringBuilder]::new()', 'a ::new() constructor call'],
    ['function f { [CmdletBinding(SupportsShouldProcess)] param() }', 'a CmdletBinding argument without a value'],
    ['class Foo { }', 'a class or enum definition'],
    ['using namespace System.IO', 'a using statement'],
    ['$x = 1 -shl 2', 'the -shl/-shr operators'],
    ['$x = $a ?? $b', 'a PowerShell 7 operator (??, ?., &&, ||, ternary)'],
  ])('flags %s', (code, construct) => {
    const findings = findPs2Constructs('x.ps1', `# header\n${code}\n`);
    expect(findings.map((f) => f.construct)).toContain(construct);
    expect(findings.find((f) => f.construct === construct)!.line).toBe(2);
  });

  it('flags post-2.0 manifest keys only in .psd1 files', () => {
    const text = "@{\n    RootModule = 'a.psm1'\n    CompatiblePSEditions = @('Desktop')\n}\n";
    expect(findPs2Constructs('m.psd1', text).map((f) => f.construct)).toEqual([
      'the RootModule manifest key',
      'the CompatiblePSEditions manifest key',
    ]);
    expect(findPs2Constructs('m.ps1', text)).toEqual([]);
  });

  it('flags $PSScriptRoot outside a .psm1', () => {
    expect(findPs2Constructs('a.ps1', '$PSScriptRoot')).toHaveLength(1);
    expect(findPs2Constructs('a.psm1', '$PSScriptRoot')).toHaveLength(0);
  });

  it('ignores constructs inside strings and comments', () => {
    const text = "# [ordered] in a comment\n<# -in and ConvertTo-Json #>\n$a = '[pscustomobject] it''s -notin'\n$b = \"ConvertTo-Json `\" .ForEach(\"\n";
    expect(findPs2Constructs('a.ps1', text)).toEqual([]);
    expect(blankCommentsAndStrings(text).split('\n')).toHaveLength(text.split('\n').length);
  });

  it('accepts the 2.0-safe equivalents', () => {
    const text = [
      'New-Object PSObject -Property @{ a = 1 }',
      'Get-Process | Where-Object { $_.Name -eq "x" }',
      'Get-Process | ForEach-Object -Process { $_ }',
      'if ([IntPtr]::Size -eq 4) { }',
      'if ($b -contains $a) { }',
      '[CmdletBinding(SupportsShouldProcess = $true)]',
    ].join('\n');
    expect(findPs2Constructs('a.ps1', text)).toEqual([]);
  });

  it('finds nothing in the generated KB 2328240 module, which targets 2.0', async () => {
    const result = await compileOnly(['spec/kb2328240.fix.ts']);
    const files = [...result.fixes[0].contents].filter(([p]) => /^module\/.*\.(psm1|psd1)$/.test(p));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const [p, bytes] of files) expect(findPs2Constructs(p, bytes.toString('utf8'))).toEqual([]);
    expect(result.fixes[0].contents.get('module/FixForge.KB2328240/FixForge.KB2328240.psd1')!.toString()).toMatch(/ModuleToProcess = /);
  });
});
