#!/usr/bin/env node
// Runs the compiled CLI (npm run build); from a source checkout without dist/, runs the sources.
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(compiled)) require('../scripts/register-ts.js');
const { main } = require(fs.existsSync(compiled) ? compiled : '../generator/cli/main.ts');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
