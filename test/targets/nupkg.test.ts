/**
 * The nupkg target's package, in TypeScript: a valid, deterministic zip with exactly the module's
 * files (byte for byte, tests left out), the nuspec and the OPC parts NuGet writes; the manifest
 * metadata; the option checks. test/pwsh/nupkg.test.ts installs the packages with PSResourceGet.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileOnly, diagnosticsText, repoRoot, runFixforge } from '../support/compile';
import type { BuiltFix } from '../../generator/pipeline/compile';
import { parseXml, attribute, type XmlElement } from '../support/xml';
import { readZip } from '../support/unzip';
import { packageOf } from '../support/nupkg';
import { writeZip } from '../../generator/emit/nupkg/zip';

const NUSPEC_NS = 'http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd';
const METADATA = 'test/fixtures/packages/nupkg-metadata.fix.ts';
const specs = fs
  .readdirSync(path.join(repoRoot, 'spec'))
  .filter((f) => f.endsWith('.fix.ts'))
  .sort()
  .map((f) => `spec/${f}`);

let fixes: BuiltFix[];
beforeAll(async () => {
  const result = await compileOnly([...specs, METADATA]);
  expect(diagnosticsText(result)).not.toMatch(/error/);
  fixes = [...result.fixes];
}, 120_000);

const byId = (id: string) => fixes.find((f) => f.id === id)!;
const names = (el: XmlElement) => el.children.map((c) => c.localName);

describe.each([...specs, METADATA])('%s', (spec) => {
  const fix = () => fixes.find((f) => f.spec === spec)!;

  it('packs exactly the module files but the tests, byte for byte, with the nuspec and the OPC parts', () => {
    const { ir, path: p, bytes } = packageOf(fix());
    expect(p).toBe(`nupkg/${ir.module.name}.${ir.module.version}.nupkg`);
    const entries = readZip(bytes);
    const folder = `module/${ir.module.name}/`;
    const moduleFiles = [...fix().contents.keys()].filter((k) => k.startsWith(folder));
    expect(moduleFiles.some((k) => k.endsWith('.Tests.ps1'))).toBe(true);
    const expected = moduleFiles.filter((k) => !k.endsWith('.Tests.ps1')).map((k) => k.slice(folder.length));
    const psmdcp = entries.map((e) => e.name).filter((n) => /^package\/services\/metadata\/core-properties\/[0-9a-f]{32}\.psmdcp$/.test(n));
    expect(psmdcp).toHaveLength(1);
    expect(entries.map((e) => e.name)).toEqual(
      [...expected, `${ir.module.name}.nuspec`, '[Content_Types].xml', '_rels/.rels', psmdcp[0]].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    for (const name of expected) expect(entries.find((e) => e.name === name)!.bytes.equals(fix().contents.get(folder + name)!)).toBe(true);
    for (const e of entries) {
      expect([e.dosDate, e.dosTime, e.externalAttributes]).toEqual([33, 0, 0]);
      expect([0, 8]).toContain(e.method);
    }
  });

  it('writes the nuspec, [Content_Types].xml, _rels/.rels and the core properties as NuGet does', () => {
    const { ir, bytes } = packageOf(fix());
    const entries = readZip(bytes);
    const text = (n: string) => entries.find((e) => e.name === n)!.bytes.toString('utf8');
    const nuspec = parseXml(text(`${ir.module.name}.nuspec`));
    expect(nuspec.root.localName).toBe('package');
    expect(nuspec.root.namespace).toBe(NUSPEC_NS);
    const metadata = nuspec.root.children[0];
    expect(names(nuspec.root)).toEqual(['metadata']);
    const order = ['id', 'version', 'authors', 'owners', 'requireLicenseAcceptance', 'licenseUrl', 'projectUrl', 'description', 'releaseNotes', 'copyright', 'tags'];
    expect(names(metadata).every((n, i, a) => order.indexOf(n) >= 0 && (i === 0 || order.indexOf(a[i - 1]) < order.indexOf(n)))).toBe(true);
    const value = (n: string) => metadata.children.find((c) => c.localName === n)?.text;
    expect(value('id')).toBe(ir.module.name);
    expect(value('version')).toBe(ir.module.version);
    expect(value('authors')).toBe(ir.module.author);
    expect(value('projectUrl')).toBe(ir.targets.nupkg?.projectUri ?? ir.link);
    expect(value('tags')!.split(' ')).toEqual(expect.arrayContaining(['FixForge', 'PSModule', 'PSIncludes_Function', `PSFunction_Test-${ir.module.noun}`, `PSCommand_Repair-${ir.module.noun}`]));

    const types = parseXml(text('[Content_Types].xml')).root;
    expect(types.namespace).toBe('http://schemas.openxmlformats.org/package/2006/content-types');
    const defaults = types.children.map((c) => attribute(c, 'Extension'));
    const extensions = new Set(entries.filter((e) => e.name !== '[Content_Types].xml').map((e) => e.name.split('/').pop()!).filter((n) => n.includes('.')).map((n) => n.split('.').pop()!.toLowerCase()));
    expect(new Set(defaults)).toEqual(extensions);

    const rels = parseXml(text('_rels/.rels')).root;
    expect(rels.namespace).toBe('http://schemas.openxmlformats.org/package/2006/relationships');
    const targets = rels.children.map((c) => [attribute(c, 'Type'), attribute(c, 'Target')]);
    const psmdcp = entries.find((e) => e.name.endsWith('.psmdcp'))!.name;
    expect(targets).toEqual([
      ['http://schemas.microsoft.com/packaging/2010/07/manifest', `/${ir.module.name}.nuspec`],
      ['http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', `/${psmdcp}`],
    ]);
    const core = parseXml(text(psmdcp)).root;
    expect(core.namespace).toBe('http://schemas.openxmlformats.org/package/2006/metadata/core-properties');
    expect(core.children.find((c) => c.localName === 'identifier')!.text).toBe(ir.module.name);
  });
});

it('puts the metadata into the nuspec and the manifest, escaped for each', () => {
  const fix = byId('nupkg-metadata');
  const { bytes } = packageOf(fix);
  const nuspec = parseXml(readZip(bytes).find((e) => e.name === 'FixForge.NupkgMetadata.nuspec')!.bytes.toString('utf8')).root.children[0];
  const value = (n: string) => nuspec.children.find((c) => c.localName === n)?.text;
  expect(value('projectUrl')).toBe('https://example.com/fixes/nupkg-metadata');
  expect(value('licenseUrl')).toBe('https://example.com/fixes/LICENSE');
  expect(value('releaseNotes')).toBe('2.1.0: it\'s the "release" <notes> & more\nsecond line');
  expect(value('tags')!.split(' ').slice(0, 5)).toEqual(['KB1', 'FixForge', 'Repair', 'Windows', 'PSModule']);
  const psd1 = fix.contents.get('module/FixForge.NupkgMetadata/FixForge.NupkgMetadata.psd1')!.toString('utf8');
  expect(psd1).toContain("ProjectUri = 'https://example.com/fixes/nupkg-metadata'");
  expect(psd1).toContain("LicenseUri = 'https://example.com/fixes/LICENSE'");
  expect(psd1).toContain("ReleaseNotes = '2.1.0: it''s the \"release\" <notes> & more\r\nsecond line'");
  expect(psd1).toContain("Tags = @('KB1', 'FixForge', 'Repair', 'Windows')");
});

it('keeps the KB article as ProjectUri, and no LicenseUri or ReleaseNotes, when the spec gives none', () => {
  const psd1 = byId('kb2328240').contents.get('module/FixForge.KB2328240/FixForge.KB2328240.psd1')!.toString('utf8');
  expect(psd1).toContain("ProjectUri = 'https://support.microsoft.com/kb/2328240'");
  expect(psd1).not.toMatch(/LicenseUri|ReleaseNotes/);
});

it('is deterministic: the same bytes from two builds, sorted entries', async () => {
  const again = await compileOnly(['spec/kb2328240.fix.ts']);
  const p = 'nupkg/FixForge.KB2328240.1.0.0.nupkg';
  expect(again.fixes[0].contents.get(p)!.equals(byId('kb2328240').contents.get(p)!)).toBe(true);
  const names = readZip(again.fixes[0].contents.get(p)!).map((e) => e.name);
  expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
});

it('writes a zip that unzip(1)-style readers accept, storing what deflate would grow', () => {
  const zip = writeZip([
    { name: 'b/x.txt', bytes: Buffer.from('hello hello hello hello hello hello') },
    { name: 'a.bin', bytes: Buffer.from([1]) },
    { name: 'empty', bytes: Buffer.alloc(0) },
  ]);
  const entries = readZip(zip);
  expect(entries.map((e) => [e.name, e.method, e.bytes.toString('hex')])).toEqual([
    ['a.bin', 0, '01'],
    ['b/x.txt', 8, Buffer.from('hello hello hello hello hello hello').toString('hex')],
    ['empty', 0, ''],
  ]);
  expect(() => writeZip([{ name: 'a', bytes: Buffer.alloc(0) }, { name: 'A', bytes: Buffer.alloc(0) }])).toThrow(/twice/);
  expect(() => writeZip([{ name: '../a', bytes: Buffer.alloc(0) }])).toThrow(/bad zip entry/);
});

it('checks the options where they are written, and writes nothing on error', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-nupkg-'));
  try {
    const bad = await compileOnly(['test/fixtures/packages/nupkg-bad-options.fix.ts', 'test/fixtures/packages/nupkg-without-module.fix.ts'], { outDir: out, write: true });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['FF2302', 'FF2302', 'FF2304', 'FF2303', 'FF2301']);
    expect(diagnosticsText(bad)).toMatchInlineSnapshot(`
"test/fixtures/packages/nupkg-bad-options.fix.ts:10:19 - error FF2302: Invalid projectUri 'http://example.com/not-https': give an absolute https:// URI without spaces or quotes.  [targets.nupkg.projectUri]
test/fixtures/packages/nupkg-bad-options.fix.ts:11:19 - error FF2302: Invalid licenseUri 'https://example.com/a license': give an absolute https:// URI without spaces or quotes.  [targets.nupkg.licenseUri]
test/fixtures/packages/nupkg-bad-options.fix.ts:12:21 - error FF2304: The release notes cannot be carried: the control character U+0001 cannot appear in a nuspec  [targets.nupkg.releaseNotes]
test/fixtures/packages/nupkg-bad-options.fix.ts:13:22 - error FF2303: Invalid tag 'two words': use letters, digits, dots, dashes and underscores (at most 50).  [targets.nupkg.tags[1]]
test/fixtures/packages/nupkg-without-module.fix.ts:7:30 - error FF2301: Target nupkg packs the files of target module: enable targets.module too.  [targets.nupkg]
"
`);
    expect(fs.readdirSync(out)).toEqual([]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

it('packs the signed module files with their signatures (fixforge build --sign)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-nupkg-signed-'));
  try {
    const r = runFixforge('build', 'spec/kb2328240.fix.ts', '--sign', '--target', 'module,nupkg', '--out', out);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const dir = path.join(out, 'kb2328240');
    const entries = readZip(fs.readFileSync(path.join(dir, 'nupkg/FixForge.KB2328240.1.0.0.nupkg')));
    const psm1 = fs.readFileSync(path.join(dir, 'module/FixForge.KB2328240/FixForge.KB2328240.psm1'));
    expect(psm1.toString('latin1')).toContain('# SIG # Begin signature block');
    expect(entries.find((e) => e.name === 'FixForge.KB2328240.psm1')!.bytes.equals(psm1)).toBe(true);
    expect(entries.some((e) => e.name.endsWith('.Tests.ps1'))).toBe(false);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
