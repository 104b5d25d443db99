import { compileOnly, diagnosticsText, validSpecs } from '../support/compile';
import { expectBaseline, expectNoStaleBaselines } from '../support/baseline';
import { readZip } from '../support/unzip';

/** Every artifact of every valid spec, its IR and its diagnostics, against golden files. */
const specs = validSpecs();

describe.each(specs)('$spec', ({ spec, name }) => {
  it('matches the baselines for every artifact, the IR and the diagnostics', async () => {
    const result = await compileOnly([spec]);
    expectBaseline(`${name}/diagnostics.txt`, diagnosticsText(result));
    expect(result.ok).toBe(true);
    const [fix] = result.fixes;
    const produced = ['diagnostics.txt', 'ir.json'];
    expectBaseline(`${name}/ir.json`, `${JSON.stringify(fix.ir, null, 2)}\n`);
    for (const [file, bytes] of fix.contents) {
      expectBaseline(`${name}/${file}`, bytes);
      produced.push(file);
    }
    expectNoStaleBaselines(name, produced);
  });
});

it('leaves no handlebars syntax in any artifact (a backslash before {{ escapes the mustache)', async () => {
  for (const { spec } of specs) {
    const result = await compileOnly([spec]);
    for (const [file, bytes] of result.fixes[0].contents) {
      // A package is compressed: its bytes may hold '}}' by chance; its entries are what was rendered.
      const texts = file.endsWith('.nupkg')
        ? readZip(bytes).map((e) => ({ name: `${file}!${e.name}`, text: e.bytes.toString('utf8') }))
        : [{ name: file, text: file.endsWith('.ini') ? bytes.toString('utf16le') : bytes.toString('utf8') }];
      for (const { name, text } of texts) expect(`${name}: ${/\{\{|\}\}/.test(text)}`).toBe(`${name}: false`);
    }
  }
});
