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
  'program-user-writable': ['FF2060', 'FF2060', 'FF2061', 'FF2062', 'FF2006'],
  'root-context': ['FF2003'],
  'unsafe-folder': ['FF2006'],
  'cmd-cannot-carry': ['FF3001', 'FF3001'],
  'module-too-new-for-windows7': ['FF2008'],
  'intune-unreachable': ['FF2009'],
  'unknown-reference': ['FF2005', 'FF2005'],
  'self-reference': ['FF1008'],
  'bad-ids': ['FF2002', 'FF2012', 'FF2013'],
  'path-not-empty-file': ['FF2201'],
  'path-age-unit': ['FF2202'],
  'path-age-range': ['FF2203', 'FF2203'],
  'delete-files-pattern': ['FF2204', 'FF2204', 'FF2204'],
  'move-aside-keep': ['FF2205', 'FF2205'],
  'move-aside-copy-name': ['FF2206'],
  'wait-shape': ['FF2207', 'FF2207', 'FF2209'],
  'wait-range': ['FF2208', 'FF2208', 'FF2208', 'FF2210', 'FF2005'],
  'service-name': ['FF2101'],
  'service-state-unbounded': ['FF2102', 'FF2103'],
  'service-context': ['FF2104'],
  'service-options': ['FF2101', 'FF2106', 'FF2106', 'FF2105', 'FF2107'],
  'process-image': ['FF2108', 'FF2108', 'FF2108', 'FF2108'],
  'process-context': ['FF2109', 'FF2110'],
  'registry-key-shape': ['FF2151', 'FF2151', 'FF2151', 'FF2151'],
  'registry-key-absolute': ['FF2152', 'FF2152', 'FF2152'],
  'registry-value-name': ['FF2153'],
  'registry-hive-context': ['FF2154', 'FF2154'],
  'registry-value-needed': ['FF2155'],
  'registry-value-unexpected': ['FF2156'],
  'registry-data-range': ['FF2157', 'FF2157', 'FF2157'],
  'registry-repair-misuse': ['FF2155', 'FF2156', 'FF2154'],
  'bad-options': ['FF2005', 'FF2026', 'FF2027'],
  'program-output-misuse': ['FF2030', 'FF2029', 'FF2030', 'FF2030', 'FF2028'],
  'rerun-always': ['FF2031'],
  'profile-root-without-context': ['FF2025', 'FF2003'],
  'environment-variable-path': ['FF2006'],
  'bad-cultures': ['FF2022', 'FF2021', 'FF2023'],
  'helper-date-now': ['FF1013'],
  'helper-writes-file': ['FF1002', 'FF1013'],
  'helper-recursion': ['FF1010'],
  'helper-unsupported': ['FF1004'],
  'helper-field-location': ['FF2014'],
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
