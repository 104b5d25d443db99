/**
 * Issue 11's escaping cases end to end through the compiler: each is refused with a coded
 * diagnostic at the spec's file:line:col, or carried. Specs are written to a temporary folder
 * (the loader maps `fixforge/dsl` wherever the spec lies).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { compileOnly, repoRoot } from '../support/compile';
import { pwshPath } from '../support/pwsh';
import type { ArtifactSigner, BuildResult } from '../../generator/pipeline/compile';

interface Variant {
  title?: string;
  description?: string;
  folder?: string;
  args?: string[];
  targets?: string;
  needle?: string;
  nlDescription?: string;
}

/** A small valid fix; each variant changes one thing. Strings go in as JSON, which TypeScript reads alike. */
function specSource(v: Variant = {}): string {
  const s = JSON.stringify;
  return `import { defineFix, detect, hint, repair, verify } from 'fixforge/dsl';

const text = { 'en-US': 'Fixture text', 'nl-NL': 'Tekst voor de test' } as const;

export default defineFix({
  id: 'escaping',
  kb: 11,
  module: { name: 'FixForge.Escaping', version: '1.0.0', noun: 'EscapingProblem', author: 'fixforge', companyName: 'fixforge' },
  cultures: ['en-US', 'nl-NL'],
  title: { 'en-US': ${s(v.title ?? 'Fixture title')}, 'nl-NL': 'Titel' },
  description: { 'en-US': ${s(v.description ?? 'Fixture description')}, 'nl-NL': ${s(v.nlDescription ?? 'Beschrijving')} },
  appliesTo: ['windows10', 'windows11'],
  targets: ${v.targets ?? "{ module: { powershell: '5.1' }, cmd: {}, intune: { powershell: '5.1' }, gpo: { powershell: '5.1' } }"},
  detection: [
    detect.eventLog({
      id: 'someEvent', description: text, log: 'Application', provider: 'Fixture-Provider', eventIds: [1], level: 'error',
      dataContains: { index: 0, text: 'needle' }, withinDays: 7, messages: { detected: text, clean: text },
    }),
  ],
  repair: [
    repair.clearFolderContents({ id: 'clearCache', description: text, context: 'system', roots: ['localService'], folders: [${s(v.folder ?? 'AppData\\Local\\Cache')}] }),
    repair.runProgram({ id: 'runCertutil', description: text, context: 'currentUser', program: 'certutil.exe', arguments: ${s(v.args ?? ['-urlcache', '*', 'delete'])}, successExitCodes: [0] }),
  ],
  verify: [verify.foldersEmpty('cacheEmpty', text, ['clearCache'])],
  hints: [
    hint({ id: 'dataInvalid', detection: 'someEvent', messageContains: { 'en-US': ['The data is invalid'], 'nl-NL': [${s(v.needle ?? 'De gegevens zijn ongeldig')}] }, text }),
  ],
});
`;
}

const pwsh = pwshPath();

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-escaping-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let counter = 0;
async function compileVariant(v: Variant, fileName = `variant${++counter}.fix.ts`, signer?: ArtifactSigner): Promise<{ result: BuildResult; file: string; source: string }> {
  const sub = fs.mkdtempSync(path.join(dir, 'spec-'));
  const file = path.join(sub, fileName);
  const source = specSource(v);
  fs.writeFileSync(file, source, 'utf8');
  const result = await compileOnly([file], { signer });
  return { result, file: path.relative(repoRoot, file), source };
}

const errors = (r: BuildResult) => r.diagnostics.filter((d) => d.category === 'error');

/** The 1-based line of the first occurrence of `needle` in the spec source. */
const lineOf = (source: string, needle: string) => source.slice(0, source.indexOf(needle)).split('\n').length;

describe('the spec file name', () => {
  it('a non-ASCII name: refused for cmd, intune and gpo (FF3103 at 1:1), carried exactly by the module', async () => {
    const { result, file } = await compileVariant({}, 'café.fix.ts');
    expect(result.ok).toBe(false);
    expect(errors(result).map((d) => [d.code, d.location])).toEqual([
      ['FF3103', { file, line: 1, column: 1 }],
      ['FF3103', { file, line: 1, column: 1 }],
      ['FF3103', { file, line: 1, column: 1 }],
    ]);
    expect(errors(result).map((d) => d.message.split(' ')[1])).toEqual(['cmd', 'intune', 'gpo']);

    const moduleOnly = await compileVariant({ targets: "{ module: { powershell: '5.1' } }" }, 'café.fix.ts');
    expect(errors(moduleOnly.result)).toEqual([]);
    const psm1 = moduleOnly.result.fixes[0].contents.get('module/FixForge.Escaping/FixForge.Escaping.psm1')!;
    expect(psm1.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(psm1.toString('utf8')).toContain(` from ${moduleOnly.file}. Do not edit`);
  });

  it('a line break in the name: refused for every target, never a live line in a header', async () => {
    const { result, file } = await compileVariant({}, 'a\nWrite-Output pwned #.fix.ts');
    expect(result.ok).toBe(false);
    const found = errors(result);
    expect(found.map((d) => d.code)).toEqual(['FF3103', 'FF3103', 'FF3103', 'FF3103']);
    expect(found.every((d) => d.location?.line === 1 && d.location.column === 1 && d.location.file === file)).toBe(true);
    expect(found[0].message).toContain('a line break would end the comment');
    // The message shows the name escaped, on one line.
    expect(found[0].message).not.toContain('\n');
  });
});

describe('texts that would read as a signature block', () => {
  it.each(['SIG # Begin signature block', 'Begin signature block'])('title %j: FF3001 at the title for every PowerShell target', async (title) => {
    const { result, file, source } = await compileVariant({ title });
    expect(result.ok).toBe(false);
    const found = errors(result);
    expect(found.map((d) => d.code)).toEqual(['FF3001', 'FF3001', 'FF3001']);
    expect(found.map((d) => d.message.split(' ')[1])).toEqual(['module', 'intune', 'gpo']);
    expect(found.every((d) => d.location?.file === file && d.location.line === lineOf(source, title))).toBe(true);
    expect(found[0].field).toBe('title.en-US');
    expect(found[0].message).toMatch(/signature block/);
  });

  it('with signing on, the build stops at the title (FF3001 at its location), before the signer could fail without one', async () => {
    let signed = 0;
    const signer: ArtifactSigner = {
      canSign: () => true,
      sign: async (f) => {
        signed++;
        return f.bytes;
      },
    };
    const { result } = await compileVariant({ title: 'SIG # Begin signature block' }, undefined, signer);
    expect(errors(result).map((d) => d.code)).toEqual(['FF3001', 'FF3001', 'FF3001']);
    expect(errors(result).every((d) => d.location !== undefined)).toBe(true);
    expect(signed).toBe(0);
  });

  it('a description line that would read as a marker inside a data literal: refused too', async () => {
    const { result } = await compileVariant({ description: 'First line.\n# SIG # Begin signature block\nLast line.', targets: "{ module: { powershell: '5.1' } }" });
    expect(errors(result).map((d) => [d.code, d.field])).toEqual([['FF3001', 'description.en-US']]);
  });
});

describe('strings no output can carry unchanged', () => {
  it('a lone surrogate: FF3101 at the field, whatever the targets', async () => {
    const { result, source } = await compileVariant({ description: 'broken \uD800 text' });
    expect(errors(result).map((d) => [d.code, d.field, d.location?.line])).toEqual([['FF3101', 'description.en-US', lineOf(source, "description: { 'en-US'")]]);
    expect(errors(result)[0].message).toContain('U+D800 at offset 7');
  });

  it('a lone CR: FF3102, never silently CRLF', async () => {
    const { result } = await compileVariant({ description: 'one\rtwo' });
    expect(errors(result).map((d) => [d.code, d.field])).toEqual([['FF3102', 'description.en-US']]);
  });

  it('a CRLF line break is carried', async () => {
    const { result } = await compileVariant({ description: 'one\r\ntwo', targets: "{ module: { powershell: '5.1' } }" });
    expect(errors(result)).toEqual([]);
  });
});

describe('folders for the .cmd', () => {
  it("a^b: FF3001 for cmd and gpo (CALL doubles carets), carried by the PowerShell-only build", async () => {
    const { result } = await compileVariant({ folder: 'AppData\\a^b' });
    expect(errors(result).map((d) => [d.code, d.message.split(' ')[1], d.field])).toEqual([
      ['FF3001', 'cmd', 'repair[0].folders[0]'],
      ['FF3001', 'gpo', 'repair[0].folders[0]'],
    ]);
    const ps = await compileVariant({ folder: 'AppData\\a^b', targets: "{ module: { powershell: '5.1' }, intune: { powershell: '5.1' } }" });
    expect(errors(ps.result)).toEqual([]);
  });
});

describe('non-ASCII in batch (issue 19)', () => {
  it('a non-ASCII folder stays FF3001 for cmd and gpo, at the folder (a batch routine uses it as a path); the PowerShell targets carry it', async () => {
    const { result } = await compileVariant({ folder: 'AppData\\Größe' });
    const found = errors(result);
    expect(found.map((d) => [d.code, d.message.split(' ')[1], d.field])).toEqual([
      ['FF3001', 'cmd', 'repair[0].folders[0]'],
      ['FF3001', 'gpo', 'repair[0].folders[0]'],
    ]);
    expect(found[0].message).toMatch(/non-ASCII character 'ö'.*batch files are ASCII/);
    expect(found[0].location?.line).toBeGreaterThan(1);
    const ps = await compileVariant({ folder: 'AppData\\Größe', targets: "{ module: { powershell: '5.1' }, intune: { powershell: '5.1' } }" });
    expect(errors(ps.result)).toEqual([]);
  });

  it.each(['Größe prüfen', 'L’état du cache', 'Don’t wait – reset it'])('title %j: no error, one FF3120 warning at the title, the .cmd transliterated', async (title) => {
    const { result } = await compileVariant({ title });
    expect(errors(result)).toEqual([]);
    const warnings = result.diagnostics.filter((d) => d.code === 'FF3120');
    expect(warnings.map((d) => [d.category, d.field])).toEqual([['warning', 'title.en-US']]);
    const cmd = result.fixes[0].contents.get('cmd/escaping-machine-startup.cmd')!;
    expect(cmd.every((b) => b < 0x80)).toBe(true);
    expect(cmd.toString('ascii')).toContain(`rem KB 11: ${{ 'Größe prüfen': 'Grosse prufen', 'L’état du cache': "L'etat du cache", 'Don’t wait – reset it': "Don't wait - reset it" }[title]}\r\n`);
  });
});

describe('program arguments', () => {
  it.each([
    ['say "hi"', /double quote/],
    ['', /empty/],
    ['C:\\dir with space\\', /trailing backslash/],
  ])('%j: refused for the PowerShell targets too, at the argument', async (arg, reason) => {
    const { result } = await compileVariant({ args: ['-urlcache', arg], targets: "{ module: { powershell: '5.1' }, intune: { powershell: '5.1' } }" });
    const found = errors(result);
    expect(found.map((d) => [d.code, d.message.split(' ')[1], d.field])).toEqual([
      ['FF3001', 'module', 'repair[1].arguments[1]'],
      ['FF3001', 'intune', 'repair[1].arguments[1]'],
    ]);
    expect(found[0].message).toMatch(reason);
  });

  it('a trailing backslash without white space, and white space without one, are carried', async () => {
    const { result } = await compileVariant({ args: ['C:\\dir\\', 'a b'], targets: "{ module: { powershell: '5.1' }, intune: { powershell: '5.1' } }" });
    expect(errors(result)).toEqual([]);
  });
});

describe('every culture in the Intune scripts', () => {
  it('carries a non-ASCII hint needle as [char] codes and stays pure ASCII', async () => {
    const { result } = await compileVariant({ needle: 'Gegevens zijn ongeldig (één)' });
    expect(errors(result)).toEqual([]);
    const detect = result.fixes[0].contents.get('intune/detect.ps1')!;
    expect(detect.every((b) => b < 0x80)).toBe(true);
    const text = detect.toString('ascii');
    const hints = text.slice(text.indexOf('$script:Hints'), text.indexOf('#endregion', text.indexOf('$script:Hints')));
    expect(hints).toContain("@('The data is invalid', ('Gegevens zijn ongeldig (' + [char]0x00E9 + [char]0x00E9 + 'n)'))");
    if (!pwsh) return;
    // Read back in PowerShell: the needles are the spec's strings exactly.
    const r = spawnSync(pwsh, ['-NoProfile', '-NonInteractive', '-Command', `${hints}; foreach ($n in $script:Hints[0].MessageContains) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($n)) }`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split(/\r?\n/).map((b) => Buffer.from(b, 'base64').toString('utf8'))).toEqual(['The data is invalid', 'Gegevens zijn ongeldig (één)']);
  });

  it("a non-ASCII description in another culture does not break the ASCII scripts: their help is en-US", async () => {
    const { result } = await compileVariant({ nlDescription: 'Beschrijving (één)' });
    expect(errors(result)).toEqual([]);
    const detect = result.fixes[0].contents.get('intune/detect.ps1')!;
    expect(detect.every((b) => b < 0x80)).toBe(true);
    // The module still shows it to Get-Help readers.
    expect(result.fixes[0].contents.get('module/FixForge.Escaping/FixForge.Escaping.psm1')!.toString('utf8')).toContain('nl-NL: Beschrijving (één)');
  });
});
