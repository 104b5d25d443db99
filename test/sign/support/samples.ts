/** Sample PowerShell texts and a seeded PRNG, so that every test run sees the same bytes. */

/** mulberry32: small, fast, good enough to pick tamper positions reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SCRIPT_LINES = [
  '#Requires -Version 2.0',
  '<#',
  '.SYNOPSIS',
  '    Repairs the certificate trust list cache (KB 2328240).',
  '#>',
  'function Test-FixCtlCache {',
  '    [CmdletBinding()]',
  '    param([string]$Path = "$env:SystemRoot\\System32\\CatRoot2")',
  '    $items = @(Get-ChildItem -LiteralPath $Path -ErrorAction SilentlyContinue)',
  "    Write-Verbose ('Found {0} item(s) in ''{1}''' -f $items.Count, $Path)",
  '    return ($items.Count -gt 0)',
  '}',
  'Export-ModuleMember -Function Test-FixCtlCache',
];

/** A PowerShell text with the given line ending; `unicode` adds non-ASCII text. */
export function sampleScript(lineEnding: '\r\n' | '\n', unicode = false): string {
  const lines = [...SCRIPT_LINES];
  if (unicode) lines.splice(4, 0, '    Zertifikatsvertrauensliste überprüfen — « Fehler » ✓ 😀');
  return lines.join(lineEnding) + lineEnding;
}

/** A module-sized text (`kilobytes` of script), varied by `seed`. */
export function moduleText(seed: number, kilobytes: number): string {
  const random = seededRandom(seed);
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < kilobytes * 1024; i++) {
    const line = `${SCRIPT_LINES[Math.floor(random() * SCRIPT_LINES.length)]} # ${seed}-${i}`;
    out.push(line);
    size += line.length + 2;
  }
  return out.join('\r\n') + '\r\n';
}

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
