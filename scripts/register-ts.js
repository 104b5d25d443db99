// Lets `node -r ./scripts/register-ts.js file.ts` run TypeScript sources directly (dev scripts and
// benchmarks); the published CLI runs the tsc output in dist/ instead.
const { transformSync } = require('@swc/core');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const mapped = {
  'fixforge/dsl': path.join(__dirname, '..', 'generator', 'dsl', 'index.ts'),
  'pester-runner-wrapper': path.join(__dirname, '..', 'packages', 'pester-runner-wrapper', 'src', 'index.ts'),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, mapped[request] ?? request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  });
  module._compile(code, filename);
};
