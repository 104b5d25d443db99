#!/usr/bin/env node
// In a checkout, runs the TypeScript sources (compiled on the fly by swc), so the CLI can never
// be older than the code beside it; an installed package without sources runs the tsc output.
const fs = require('node:fs');
const path = require('node:path');

const sources = path.join(__dirname, '..', 'generator', 'cli', 'main.ts');
const useSources = fs.existsSync(sources);
if (useSources) require('../scripts/register-ts.js');
const { main } = require(useSources ? sources : '../dist/cli/main.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
