/**
 * The module as a NuGet package for PSResourceGet feeds (issue 13): `nupkg/<Name>.<version>.nupkg`,
 * a zip of `<Name>.nuspec`, the module target's files byte for byte (signed ones with their
 * signatures; the Pester tests stay out), and the Open Packaging Conventions parts NuGet writes:
 * `[Content_Types].xml`, `_rels/.rels` and `package/services/metadata/core-properties/<id>.psmdcp`.
 *
 * It is made after signing, from the final bytes (`nupkgAfterSign`), and is deterministic: sorted
 * entries, fixed time stamps, a part name derived from the module's name and version.
 */
import { createHash } from 'node:crypto';
import type { Artifact } from '../artifact';
import { generatorBanner, kbPrefix } from '../banner';
import { commandNames } from '../../vocabulary/naming';
import { moduleFolder } from '../module/emitModule';
import type { FixIR } from '../../ir/types';
import type { AfterSignEmitter, FinalFile } from '../artifact';
import { packageMetadata } from './metadata';
import { writeZip, type ZipEntry } from './zip';

const NUSPEC_NS = 'http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd';
const CONTENT_TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const RELATIONSHIPS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CORE_PROPERTIES_NS = 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties';
const MANIFEST_RELATIONSHIP = 'http://schemas.microsoft.com/packaging/2010/07/manifest';
const CORE_PROPERTIES_RELATIONSHIP = 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties';

export function nupkgPath(ir: FixIR): string {
  return `nupkg/${ir.module.name}.${ir.module.version}.nupkg`;
}

/** The module files that go into the package: everything of the module target but its tests. */
export function packagedModuleFiles(ir: FixIR, files: readonly FinalFile[]): { name: string; bytes: Buffer }[] {
  const folder = `${moduleFolder(ir)}/`;
  return files
    .filter((f) => f.path.startsWith(folder) && !/\.Tests\.ps1$/i.test(f.path))
    .map((f) => ({ name: f.path.slice(folder.length), bytes: f.bytes }));
}

function xml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Relationship and part ids: hex from the module's name and version, so they are stable. */
function stableHex(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

export function nuspec(ir: FixIR): string {
  const meta = packageMetadata(ir);
  const commands = commandNames(ir.module.noun);
  const functions = [commands.test, commands.repair, commands.status];
  // PSResourceGet reads the kind of package and its commands from these tags, as Publish-PSResource writes them.
  const tags = [...meta.tags, 'PSModule', ...functions.flatMap((f) => [`PSFunction_${f}`, `PSCommand_${f}`]), 'PSIncludes_Function'];
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<package xmlns="${NUSPEC_NS}">`,
    '  <metadata>',
    `    <id>${xml(ir.module.name)}</id>`,
    `    <version>${xml(ir.module.version)}</version>`,
    `    <authors>${xml(ir.module.author)}</authors>`,
    `    <owners>${xml(ir.module.companyName)}</owners>`,
    '    <requireLicenseAcceptance>false</requireLicenseAcceptance>',
    ...(meta.licenseUri ? [`    <licenseUrl>${xml(meta.licenseUri)}</licenseUrl>`] : []),
    `    <projectUrl>${xml(meta.projectUri)}</projectUrl>`,
    `    <description>${xml(`${kbPrefix(ir)}${ir.title['en-US']}`)}</description>`,
    ...(meta.releaseNotes ? [`    <releaseNotes>${xml(meta.releaseNotes)}</releaseNotes>`] : []),
    `    <copyright>${xml(`(c) ${ir.module.companyName}. All rights reserved.`)}</copyright>`,
    `    <tags>${xml(tags.join(' '))}</tags>`,
    '  </metadata>',
    '</package>',
    '',
  ];
  return lines.join('\n');
}

function contentTypes(names: readonly string[]): string {
  const extensions = [...new Set(names.map((n) => n.slice(n.lastIndexOf('/') + 1)).filter((n) => n.includes('.')).map((n) => n.slice(n.lastIndexOf('.') + 1).toLowerCase()))]
    .filter((e) => e !== 'rels' && e !== 'psmdcp')
    .sort();
  return (
    `<?xml version="1.0" encoding="utf-8"?><Types xmlns="${CONTENT_TYPES_NS}">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />` +
    `<Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml" />` +
    extensions.map((e) => `<Default Extension="${xml(e)}" ContentType="application/octet" />`).join('') +
    '</Types>'
  );
}

function rels(nuspecName: string, psmdcpName: string, id: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="${RELATIONSHIPS_NS}">` +
    `<Relationship Type="${MANIFEST_RELATIONSHIP}" Target="/${xml(nuspecName)}" Id="R${id.slice(0, 16).toUpperCase()}" />` +
    `<Relationship Type="${CORE_PROPERTIES_RELATIONSHIP}" Target="/${xml(psmdcpName)}" Id="R${id.slice(16, 32).toUpperCase()}" />` +
    '</Relationships>'
  );
}

function coreProperties(ir: FixIR): string {
  const meta = packageMetadata(ir);
  return (
    `<?xml version="1.0" encoding="utf-8"?><coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${CORE_PROPERTIES_NS}">` +
    `<dc:creator>${xml(ir.module.author)}</dc:creator>` +
    `<dc:description>${xml(`${kbPrefix(ir)}${ir.title['en-US']}`)}</dc:description>` +
    `<dc:identifier>${xml(ir.module.name)}</dc:identifier>` +
    `<version>${xml(ir.module.version)}</version>` +
    `<keywords>${xml(meta.tags.join(' '))}</keywords>` +
    `<lastModifiedBy>${xml(generatorBanner())}</lastModifiedBy>` +
    '</coreProperties>'
  );
}

/** The package's entries, by name (the zip sorts them). */
export function nupkgEntries(ir: FixIR, files: readonly FinalFile[]): ZipEntry[] {
  const moduleFiles = packagedModuleFiles(ir, files);
  if (!moduleFiles.some((f) => f.name === `${ir.module.name}.psd1`)) {
    throw new Error(`the nupkg target packs ${moduleFolder(ir)}/, which the build did not make: build the module target with it`);
  }
  const nuspecName = `${ir.module.name}.nuspec`;
  const id = stableHex('fixforge nupkg', ir.module.name, ir.module.version);
  const psmdcpName = `package/services/metadata/core-properties/${id}.psmdcp`;
  const names = [nuspecName, ...moduleFiles.map((f) => f.name)];
  return [
    { name: nuspecName, bytes: Buffer.from(nuspec(ir), 'utf8') },
    ...moduleFiles,
    { name: '[Content_Types].xml', bytes: Buffer.from(contentTypes(names), 'utf8') },
    { name: '_rels/.rels', bytes: Buffer.from(rels(nuspecName, psmdcpName, stableHex('fixforge rels', ir.module.name, ir.module.version)), 'utf8') },
    { name: psmdcpName, bytes: Buffer.from(coreProperties(ir), 'utf8') },
  ];
}

export const nupkgAfterSign: AfterSignEmitter = {
  paths: (ir) => (ir.targets.nupkg ? [nupkgPath(ir)] : []),
  emit: (ir: FixIR, files: readonly FinalFile[]): Artifact[] => {
    if (!ir.targets.nupkg) return [];
    return [{ path: nupkgPath(ir), kind: 'binary', text: writeZip(nupkgEntries(ir, files)).toString('base64') }];
  },
};
