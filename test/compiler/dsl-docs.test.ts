// docs/dsl.md is generated from the DSL's types: it must say what the code says (npm run docs:dsl).
import fs from 'node:fs';
import path from 'node:path';
import { dslReference } from '../../generator/cli/docs/dslReference';
import { allKinds, phases, registry } from '../../generator/steps/registry';
import { builders } from '../../generator/steps/dsl';
import { repoRoot } from '../support/compile';

jest.setTimeout(60_000);

let generated: string;
beforeAll(() => {
  generated = dslReference();
});

it('docs/dsl.md is what `npm run docs:dsl` writes from the types', () => {
  const expected = generated;
  const actual = fs.readFileSync(path.join(repoRoot, 'docs', 'dsl.md'), 'utf8');
  expect(actual).toBe(expected);
});

it('documents every registered kind, with an example from its fixture', () => {
  const text = generated;
  for (const phase of phases) {
    for (const kind of Object.keys(registry[phase])) {
      const call = `${builders[phase].namespace}.${kind}`;
      expect(text).toContain(`### \`${call}\``);
      const section = text.slice(text.indexOf(`### \`${call}\``)).split('\n### ')[0];
      expect(`${call}: ${section.includes('```ts')}`).toBe(`${call}: true`);
    }
  }
  expect(allKinds().length).toBeGreaterThan(0);
});
