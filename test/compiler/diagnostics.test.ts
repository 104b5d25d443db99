import fs from 'node:fs';
import path from 'node:path';
import { compileOnly, diagnosticsText, repoRoot } from '../support/compile';
import { expectBaseline } from '../support/baseline';

/** Each broken spec must fail with its code, at its location (the baseline holds file:line:col). */
const expectedCodes: Record<string, string[]> = {
  'type-error': ['FF1002'],
  'not-static': ['FF1004'],
  'no-fix-export': ['FF1003'],
  'unknown-kind': ['FF1005'],
  'duplicate-id': ['FF2001'],
  'program-every-user': ['FF2004'],
  'root-context': ['FF2003'],
  'unsafe-folder': ['FF2006'],
  'cmd-cannot-carry': ['FF3001', 'FF3001'],
  'module-too-new-for-windows7': ['FF2008'],
  'intune-unreachable': ['FF2009'],
  'unknown-reference': ['FF2005', 'FF2005'],
  'self-reference': ['FF1008'],
  'bad-ids': ['FF2002', 'FF2012', 'FF2013'],
  'does-not-exist': ['FF1001'],
};

const brokenDir = path.join(repoRoot, 'test/fixtures/broken');

it('has an expectation for every broken fixture', () => {
  const files = fs.readdirSync(brokenDir).filter((f) => f.endsWith('.fix.ts')).map((f) => f.slice(0, -'.fix.ts'.length));
  expect(files.sort()).toEqual(Object.keys(expectedCodes).filter((k) => k !== 'does-not-exist').sort());
});

describe.each(Object.entries(expectedCodes))('%s', (name, codes) => {
  it(`fails with ${codes.join(', ')} and writes nothing`, async () => {
    const result = await compileOnly([`test/fixtures/broken/${name}.fix.ts`]);
    expect(result.ok).toBe(false);
    expect(result.fixes).toEqual([]);
    const errors = result.diagnostics.filter((d) => d.category === 'error');
    for (const code of new Set(codes)) {
      expect(errors.filter((d) => d.code === code)).toHaveLength(codes.filter((c) => c === code).length);
    }
    for (const d of errors) {
      if (d.code !== 'FF1001') expect(d.location?.file).toMatch(/^test\/fixtures\//);
    }
    expectBaseline(`diagnostics/${name}.txt`, diagnosticsText(result));
  });
});
