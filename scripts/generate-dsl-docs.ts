// Writes docs/dsl.md from the DSL's types (generator/cli/docs/dslReference.ts). Run: npm run docs:dsl
import fs from 'node:fs';
import path from 'node:path';
import { dslReference } from '../generator/cli/docs/dslReference';

const file = path.join(__dirname, '..', 'docs', 'dsl.md');
fs.writeFileSync(file, dslReference());
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
