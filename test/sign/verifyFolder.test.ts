// `fixforge verify <dir>` as an admin or CI gate calls it: links are reported, never followed or
// skipped, and fail the run; every file type PowerShell signs is found.
import fs from 'node:fs';
import path from 'node:path';
import { runFixforge } from '../support/compile';
import { loadSigningIdentity, signPowerShellFile } from '../../generator/pipeline/sign';
import { createPki, makeTempDir, type Pki } from './support/pki';

jest.setTimeout(60_000);

let pki: Pki;
let dir: string;
let outside: string;

const PSD1 = "@{\r\n    GUID = '00000000-0000-0000-0000-000000000001'\r\n}\r\n";
const CDXML = '<?xml version="1.0" encoding="utf-8"?>\r\n<PowerShellMetadata xmlns="http://schemas.microsoft.com/cmdlets-over-objects/2009/11"/>\r\n';

beforeAll(async () => {
  pki = await createPki();
  const identity = await loadSigningIdentity({ keyPemPath: pki.file('leaf.key'), certPemPath: pki.file('chain.pem') });
  dir = makeTempDir('verify-dir');
  outside = makeTempDir('verify-outside');
  const sign = async (name: string, text: string) => fs.writeFileSync(path.join(dir, name), await signPowerShellFile(Buffer.from(text), name, identity));
  await sign('Fix.ps1', 'Get-Date\r\n');
  await sign('Role.psrc', PSD1);
  await sign('Session.pssc', PSD1);
  await sign('Module.cdxml', CDXML);
  fs.writeFileSync(path.join(outside, 'evil.ps1'), 'Remove-Item C:\\ -Recurse\r\n');
  fs.mkdirSync(path.join(outside, 'more'));
  fs.writeFileSync(path.join(outside, 'more', 'unsigned.psm1'), 'Get-Date\r\n');
}, 30_000);

afterAll(() => {
  for (const d of [pki.dir, dir, outside]) fs.rmSync(d, { recursive: true, force: true });
});

it('lists every signable type and exits 0 when all are valid', () => {
  const r = runFixforge('verify', dir, '--ca', pki.file('root.pem'), '--json');
  expect(r.status).toBe(0);
  const files = JSON.parse(r.stdout).files as { path: string; status: string }[];
  expect(files.map((f) => `${path.basename(f.path)} ${f.status}`)).toEqual(['Fix.ps1 Valid', 'Module.cdxml Valid', 'Role.psrc Valid', 'Session.pssc Valid']);
});

it('reports a linked unsigned script and a linked folder as NotVerified and exits 1', () => {
  fs.symlinkSync(path.join(outside, 'evil.ps1'), path.join(dir, 'Linked.ps1'));
  fs.symlinkSync(path.join(outside, 'more'), path.join(dir, 'linked-folder'));
  try {
    const r = runFixforge('verify', dir, '--ca', pki.file('root.pem'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^NotVerified\s+\S*Linked\.ps1\n\s+A symbolic link \(to '.*evil\.ps1'\)/m);
    expect(r.stdout).toMatch(/^NotVerified\s+\S*linked-folder\n/m);
    expect(r.stdout).not.toMatch(/unsigned\.psm1/);
    expect(r.stdout).toMatch(/4 of 6 file\(s\) valid\. 2 link\(s\) or special file\(s\) not verified\./);
    // A link given as the path itself is not followed either.
    const single = runFixforge('verify', path.join(dir, 'Linked.ps1'), '--ca', pki.file('root.pem'));
    expect(single.status).toBe(1);
    expect(single.stdout).toMatch(/^NotVerified/);
  } finally {
    fs.rmSync(path.join(dir, 'Linked.ps1'));
    fs.rmSync(path.join(dir, 'linked-folder'));
  }
});
