/**
 * The "Writing specs" section of docs/dsl.md: how a spec is evaluated (never run), a helper module
 * as a team writes one (taken from the fixture that the compiler tests build, so the example
 * always builds), what the interpreter supports and the pure standard library, from its one table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stdlibNames } from '../../load/interpret/stdlib';
import { limits } from '../../load/interpret/runtime';

const list = (names: string[]) => names.map((n) => `\`${n}\``).join(', ');

export function writingSpecsSection(root: string): string[] {
  const fixture = (file: string) => fs.readFileSync(path.join(root, 'test', 'fixtures', 'interpret', file), 'utf8').trimEnd();
  const spec = fixture('helpers.fix.ts');
  const names = stdlibNames();
  return [
    '## Writing specs',
    '',
    'A spec is TypeScript, type-checked against the DSL, and then **evaluated, never run**: the build machine',
    'holds the code-signing key, so no code of a spec or of a module it imports is executed (no `eval`, no',
    '`Function`, no `require` of the spec). fixforge reads the syntax tree with a small interpreter of pure',
    'expressions instead, and follows functions into the local modules a spec imports (relative imports,',
    're-exports included). Shared helpers are therefore ordinary TypeScript:',
    '',
    '```ts',
    '// shared/texts.ts',
    fixture('shared/texts.ts'),
    '```',
    '',
    '```ts',
    '// shared/services.ts',
    fixture('shared/services.ts'),
    '```',
    '',
    'and a spec imports them (here through `shared/index.ts`, which re-exports both and a `publisher` object):',
    '',
    '```ts',
    spec,
    '```',
    '',
    'A diagnostic about a value built inside a helper points at the call in the spec and names the',
    "helper's lines: `fixes/a.fix.ts:6:65 - error FF2014: Invalid step id ... (in an arrow function at",
    'shared/services.ts:14:26, in `stopServices` at shared/services.ts:13:10, called here)`;',
    '`--json` carries the helper lines in `related`, like tsc\'s `relatedInformation`.',
    '',
    '### What is evaluated',
    '',
    '- literals, `const` declarations (also imported and re-exported), destructuring of objects and arrays;',
    '- arrow functions and `function` declarations whose body is an expression or a block of `const`,',
    '  `if` / `else` and `return`; closures over consts; default and rest parameters;',
    '- template literals, object and array spreads, computed property names, `?:`, `&&`, `||`, `??`, `!`,',
    '  `typeof`, `===` `!==` (and `==` `!=` against `null`), `<` `>` `<=` `>=` on two numbers or two strings,',
    '  `+` on strings and numbers, `-` `*` `/` `%` on numbers, optional chaining (`a?.b`, `f?.()`),',
    '  `as`, `as const`, `satisfies` and `!`;',
    `- on arrays: ${list(names.arrays)};`,
    `- on strings: ${list(names.strings)} (patterns are strings: regular expressions are not supported);`,
    `- ${list(names.globals)}.`,
    '',
    'Nothing with a side effect or a different answer at each build: `Date`, `Math.random`, `process`,',
    '`require`, `console`, `fetch`, timers and anything imported from a package or a Node module are refused',
    'with FF1013 where the spec calls them, and nothing is called. Any other construct (a loop, `let`, a',
    'class, `new`) is FF1004, naming the construct and where it is. A property that evaluates to `undefined`',
    'is left out, as JSON leaves it out.',
    '',
    `Evaluation is bounded: ${limits.depth} nested calls (FF1010), ${limits.steps.toLocaleString('en-US')} evaluation steps per spec (FF1011),`,
    `${limits.size.toLocaleString('en-US')} elements, characters or properties in one value and ${limits.treeSize.toLocaleString('en-US')} values in the data given to one DSL call (FF1012);`,
    'each diagnostic names the call.',
    '',
  ];
}
