import { compileOnly, diagnosticsText, validSpecs } from '../support/compile';
import { expectBaseline, expectNoStaleBaselines } from '../support/baseline';

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
      // A .nupkg is a deflated zip: its bytes hold '{{' by chance; its text files are checked as built.
      if (file.endsWith('.nupkg')) continue;
      const text = file.endsWith('.ini') ? bytes.toString('utf16le') : bytes.toString('utf8');
      expect(`${file}: ${/\{\{|\}\}/.test(text)}`).toBe(`${file}: false`);
    }
  }
});
