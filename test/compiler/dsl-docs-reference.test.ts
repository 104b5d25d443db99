// The reference is enough to write a spec from (issue 21): every field has a meaning, union-shaped
// arguments are expanded, every named type is shown with its values, and "Writing specs" lists
// what the interpreter evaluates, from its one table.
import { dslReference } from '../../generator/cli/docs/dslReference';
import { stdlibNames } from '../../generator/load/interpret/stdlib';

jest.setTimeout(60_000);

let text: string;
beforeAll(() => {
  text = dslReference();
});

it('gives every field of every kind a meaning', () => {
  const rows = text.split('\n').filter((l) => /^\| `[^`]+`( \(argument \d+\))? \|/.test(l) && l.split(' | ').length >= 4);
  expect(rows.length).toBeGreaterThan(100);
  const withoutMeaning = rows.filter((l) => {
    const cells = l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
    return cells.length >= 4 && cells[3] === '';
  });
  expect(withoutMeaning).toEqual([]);
});

it('expands repair.service into its fields and actions', () => {
  const section = text.slice(text.indexOf('### `repair.service`')).split('\n### ')[0];
  expect(section).not.toContain('`step` (argument 1)');
  for (const field of ['service', 'action', 'withDependents', 'timeoutSeconds', 'startType']) expect(section).toContain(`| \`${field}\` |`);
  expect(section).toMatch(/\| `startType` \| .* \| yes, with action "setStartType"; not allowed otherwise \|/);
});

it.each(['WellKnownRoot', 'SystemProgram', 'EventLevel', 'RegistryHive', 'RegistryData', 'ServiceState', 'ServiceStartType', 'PathAge', 'OutcomeMessages', 'Localized'])(
  'shows the named type %s with its values',
  (name) => {
    const section = text.slice(text.indexOf(`### \`${name}\``)).split('\n### ')[0];
    expect(section).toMatch(new RegExp(`^### \`${name}\``));
    expect(section).toContain(`type ${name} =`);
  },
);

it('lists the standard library of the interpreter under Writing specs', () => {
  const section = text.slice(text.indexOf('## Writing specs')).split('\n## ')[0];
  const names = stdlibNames();
  for (const n of [...names.arrays, ...names.strings, ...names.globals]) expect(section).toContain(`\`${n}\``);
  expect(section).toContain('export function stopServices');
});
