import fs from 'node:fs';
import path from 'node:path';
import { compileOnly, repoRoot, runFixforge } from '../support/compile';
import { formatDiagnostic } from '../../generator/vocabulary/diagnostics/diagnostic';

/** Specs written with helpers, `map` and imported functions: evaluated, never run. */

/** The text of a file with the spec's name taken out; Graph payloads hold their scripts in base64. */
function withoutSpecName(file: string, bytes: Buffer, spec: string): string {
  let text = bytes.toString('latin1');
  if (file.endsWith('deviceHealthScript.json')) {
    const doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    for (const [k, v] of Object.entries(doc)) if (/ScriptContent$/.test(k) && typeof v === 'string') doc[k] = Buffer.from(v, 'base64').toString('latin1');
    text = JSON.stringify(doc);
  }
  return text.split(spec).join('<spec>');
}

function sameBytesApartFromSpecName(file: string, a: Buffer, b: Buffer, aSpec: string, bSpec: string): boolean {
  return withoutSpecName(file, a, aSpec) === withoutSpecName(file, b, bSpec);
}

it('builds the Windows Update reset written with .map to exactly what the hand-written spec builds', async () => {
  const mapped = 'test/fixtures/interpret/wu-reset-map.fix.ts';
  const byHand = 'test/fixtures/interpret/wu-reset-by-hand.fix.ts';
  const [a, b] = [await compileOnly([mapped]), await compileOnly([byHand])];
  expect(a.diagnostics.map(formatDiagnostic)).toEqual([]);
  expect(b.diagnostics.map(formatDiagnostic)).toEqual([]);
  const [fa, fb] = [a.fixes[0], b.fixes[0]];
  expect({ ...fa.ir, sourceFile: '<spec>' }).toEqual({ ...fb.ir, sourceFile: '<spec>' });
  expect(JSON.stringify(fa.ir)).toContain('registerwuwebvdll');
  expect([...fa.contents.keys()].sort()).toEqual([...fb.contents.keys()].sort());
  // The module, Intune, .cmd and everything else: identical but for the spec's file name in headers
  // (and the checksums of those headers).
  const differing = [...fa.contents.keys()].filter(
    (file) => file !== 'SHA256SUMS' && !sameBytesApartFromSpecName(file, fa.contents.get(file)!, fb.contents.get(file)!, mapped, byHand),
  );
  expect(differing).toEqual([]);
  for (const wanted of [/\.psm1$/, /^intune\/remediate\.ps1$/, /\.cmd$/]) expect([...fa.contents.keys()].some((f) => wanted.test(f))).toBe(true);
  const runPrograms = (fa.ir as unknown as { repair: { kind: string }[] }).repair.filter((s) => s.kind === 'runProgram');
  expect(runPrograms).toHaveLength(36);
});

it('builds a spec that imports texts(), stopServices() and a publisher object from a local helper module', async () => {
  const result = await compileOnly(['test/fixtures/interpret/helpers.fix.ts']);
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  const ir = JSON.stringify(result.fixes[0].ir);
  for (const id of ['stopWuauserv', 'stopMsiserver', 'clearDownloads', 'startBits', 'startWuauserv']) expect(ir).toContain(`"${id}"`);
  expect(ir).not.toContain('startMsiserver');
  expect(ir).toContain('Contoso IT');
  expect(ir).toContain('msiserver stoppen');
  expect(ir).toContain('SoftwareDistribution\\\\Download');
});

it('refuses a helper that writes a file or reads the clock, at the spec call and the helper line, and runs nothing', async () => {
  const marker = path.join(repoRoot, 'fixforge-spec-ran.txt');
  const writes = await compileOnly(['test/fixtures/broken/helper-writes-file.fix.ts']);
  expect(fs.existsSync(marker)).toBe(false);
  const refused = writes.diagnostics.find((d) => d.code === 'FF1013');
  expect(refused?.location).toEqual({ file: 'test/fixtures/broken/helper-writes-file.fix.ts', line: 6, column: 65 });
  expect(refused?.related).toEqual([{ file: 'test/fixtures/interpret/shared/writes.ts', line: 5, column: 3, message: 'in `logged`' }]);
  expect(formatDiagnostic(refused!)).toContain('(in `logged` at test/fixtures/interpret/shared/writes.ts:5:3, called here)');

  const clock = await compileOnly(['test/fixtures/broken/helper-date-now.fix.ts']);
  const d = clock.diagnostics.find((x) => x.code === 'FF1013');
  expect(d?.message).toContain("'Date.now()'");
  expect(d?.related?.[0]).toMatchObject({ file: 'test/fixtures/interpret/shared/impure.ts', message: 'in `stamped`' });
});

it('prints the helper line after the call site in text, and as `related` in --json', () => {
  const text = runFixforge('build', 'test/fixtures/broken/helper-field-location.fix.ts');
  expect(text.status).toBe(1);
  expect(text.stderr).toMatch(
    /^test\/fixtures\/broken\/helper-field-location\.fix\.ts:6:65 - error FF2014: .*\(in an arrow function at test\/fixtures\/interpret\/shared\/services\.ts:14:26, in `stopServices` at test\/fixtures\/interpret\/shared\/services\.ts:13:10, called here\)$/m,
  );
  const json = JSON.parse(runFixforge('build', 'test/fixtures/broken/helper-field-location.fix.ts', '--json').stdout);
  expect(json.diagnostics).toEqual([
    expect.objectContaining({
      code: 'FF2014',
      location: { file: 'test/fixtures/broken/helper-field-location.fix.ts', line: 6, column: 65 },
      related: [
        { file: 'test/fixtures/interpret/shared/services.ts', line: 14, column: 26, message: 'in an arrow function' },
        { file: 'test/fixtures/interpret/shared/services.ts', line: 13, column: 10, message: 'in `stopServices`' },
      ],
    }),
  ]);
});
