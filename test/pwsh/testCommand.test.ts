// `fixforge test`: builds a spec into a temporary folder and runs its generated Pester tests.
import { runFixforge } from '../support/compile';

const fixforge = runFixforge;

jest.setTimeout(180_000);

it('runs the KB 2328240 Pester tests from the spec and exits 0 with a JSON result', () => {
  const r = fixforge('test', 'spec/kb2328240.fix.ts', '--json');
  expect(r.status).toBe(0);
  const result = JSON.parse(r.stdout);
  expect(result.failed).toBe(0);
  expect(result.passed).toBeGreaterThanOrEqual(25);
  expect(result.timedOut).toBe(false);
});

it('exits 1 on a broken spec without running anything', () => {
  const r = fixforge('test', 'test/fixtures/broken/unsafe-folder.fix.ts');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/error FF2006/);
});
