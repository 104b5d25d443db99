/**
 * Issue 19, fuzzed: seeded random texts of every script the cultures use (umlauts, accents, Polish,
 * Japanese, emoji, combining marks, typographic quotes and dashes, plus PowerShell's special
 * characters) go through the one serializer into both kinds of PowerShell file: the ASCII Intune
 * kind (`[char]` code expressions) and the UTF-8-with-BOM kind. Each file's bytes are decoded as
 * Windows PowerShell 5.1 decodes them (BOM: UTF-8; none: the ANSI code page, Windows-1252), run in
 * ONE pwsh, and every value must come back exactly. The same pwsh compares the summary's
 * transliteration (Standalone.ps1's ConvertTo-FfAscii) with the .cmd files' (transliterate.ts), and
 * the batch escapers must take every such text without refusing it and give ASCII.
 * Reproduce a failure with FIXFORGE_SEED=<seed>.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { toPowerShell, withAsciiStrings } from '../../generator/vocabulary/powershell/data';
import { encodeArtifact } from '../../generator/pipeline/encode/encodeArtifact';
import { transliterate } from '../../generator/vocabulary/escape/transliterate';
import { batchEchoText, batchRemarkText } from '../../generator/vocabulary/escape/batch';
import { repoRoot } from '../support/compile';
import { describeWithPwsh, pwshPath } from '../support/pwsh';
import { decodeAsWindowsPowerShell } from '../support/windowsDecode';

const SEED = Number(process.env.FIXFORGE_SEED ?? 190019);
const RUNS = 400;
const pwsh = pwshPath();

const PIECES = [
  'ä', 'ö', 'ü', 'Ä', 'ß', 'ẞ', 'é', 'è', 'ê', 'ç', 'œ', 'Œ', 'æ', 'ø', 'å', 'ë', 'ï', 'ĳ',
  'ą', 'ć', 'ę', 'ł', 'Ł', 'ń', 'ó', 'ś', 'ź', 'ż', 'キャッシュ', '日本語', '。', '「', '」', '（',
  '😀', '🔧', 'e\u0301', 'a\u0308', '\u0338', '≠', '€', '©', '…', '•', '\u00A0', '\u202F', '\u00AD',
  '’', '‘', '‚', '‛', '“', '”', '„', '«', '»', '–', '—', '−',
  "'", '"', '$', '`', '#', '<#', '#>', '%', '^', '&', '|', '(', ')', ' ', 'a', 'Z', '0', '\n',
];
const texts = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 12 }).map((p) => p.join(''));
const samples = fc.sample(texts, { seed: SEED, numRuns: RUNS });

describe('the batch escapers and non-ASCII text', () => {
  it('never refuse a one-line text, and write it in ASCII', () => {
    for (const s of samples.map((t) => t.replace(/\n/g, ' '))) {
      const rem = batchRemarkText(s);
      const echo = batchEchoText(s);
      expect(`${JSON.stringify(s)}: ${/^[\x20-\x7e]*$/.test(rem) && /^[\x20-\x7e]*$/.test(echo)}`).toBe(`${JSON.stringify(s)}: true`);
      // One stand-in per code point, except the few spelled out (ß -> ss, … -> ...) or dropped (soft hyphen).
      expect(transliterate(s).replace(/\?/g, '')).not.toMatch(/[^\x00-\x7f]/);
    }
  });
});

describeWithPwsh(`non-ASCII texts through both kinds of PowerShell file (seed ${SEED})`, () => {
  let back: { ascii: string[]; bom: string[]; standIns: string[] };

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-non-ascii-'));
    try {
      const list = (values: string[]) => `$values = ${toPowerShell(values)}\n`;
      const asciiBytes = encodeArtifact({ path: 'ascii.ps1', kind: 'powershell-ascii', text: withAsciiStrings(() => list(samples)) }).bytes;
      const bomBytes = encodeArtifact({ path: 'bom.ps1', kind: 'powershell', text: list(samples) }).bytes;
      expect(asciiBytes.every((b) => b < 0x80)).toBe(true);
      expect(bomBytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
      // What Windows PowerShell 5.1 reads, written back so pwsh reads exactly that.
      for (const [name, bytes] of [['ascii.ps1', asciiBytes], ['bom.ps1', bomBytes]] as const) {
        fs.writeFileSync(path.join(dir, name), `\uFEFF${decodeAsWindowsPowerShell(bytes).text}`, 'utf8');
      }
      fs.writeFileSync(path.join(dir, 'samples.json'), JSON.stringify(samples));
      fs.writeFileSync(
        path.join(dir, 'run.ps1'),
        String.raw`
param([string] $Dir)
$utf8 = New-Object System.Text.UTF8Encoding($false)
. '${path.join(repoRoot, 'generator', 'engine', 'Standalone.ps1').replace(/'/g, "''")}'
$b64 = { param($s) [Convert]::ToBase64String($utf8.GetBytes([string]$s)) }
. (Join-Path $Dir 'ascii.ps1'); $ascii = @($values | ForEach-Object { & $b64 $_ })
. (Join-Path $Dir 'bom.ps1'); $bom = @($values | ForEach-Object { & $b64 $_ })
$standIns = @()
foreach ($text in ([System.IO.File]::ReadAllText((Join-Path $Dir 'samples.json'), $utf8) | ConvertFrom-Json)) {
    $out = New-Object System.Text.StringBuilder
    for ($i = 0; $i -lt $text.Length; $i++) {
        $ch = [string]$text[$i]
        if ([char]::IsHighSurrogate($text[$i]) -and $i + 1 -lt $text.Length) { $ch = $text.Substring($i, 2); $i++ }
        if ([int][char]$ch[0] -lt 0x80) { [void]$out.Append($ch) } else { [void]$out.Append((ConvertTo-FfAscii -Character $ch)) }
    }
    $standIns += (& $b64 $out.ToString())
}
[Console]::Out.Write((ConvertTo-Json -Compress -InputObject @{ ascii = $ascii; bom = $bom; standIns = $standIns }))
`,
      );
      const r = spawnSync(pwsh!, ['-NoProfile', '-NonInteractive', '-File', path.join(dir, 'run.ps1'), '-Dir', dir], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
      expect(r.stderr).toBe('');
      const parsed = JSON.parse(r.stdout) as typeof back;
      const decode = (l: string[]) => l.map((v) => Buffer.from(v, 'base64').toString('utf8'));
      back = { ascii: decode(parsed.ascii), bom: decode(parsed.bom), standIns: decode(parsed.standIns) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('the ASCII file ([char] codes), read as ANSI, gives every value back exactly', () => {
    expect(back.ascii).toEqual(samples);
  });

  it('the UTF-8 file with BOM, read as UTF-8, gives every value back exactly (a line break inside a literal is the file\'s CRLF)', () => {
    expect(back.bom).toEqual(samples.map((s) => s.replace(/\n/g, '\r\n')));
  });

  it("the summary's ASCII stand-ins are the .cmd files' ones", () => {
    expect(back.standIns).toEqual(samples.map(transliterate));
  });
});
