// Preloaded (`node --require ./bench/probe.js ...`) into each process bench/coldBuild.bench.ts
// times. When FIXFORGE_BENCH_PROBE names a file, writes there on exit, as JSON, what only the
// process itself can know: its peak RSS and CPU time, and how long it spent in swc (loading
// @swc/core and transformSync, i.e. transpiling TypeScript sources on the fly). Does nothing else:
// no output, no change to what the process runs.
'use strict';
const out = process.env.FIXFORGE_BENCH_PROBE;
if (out) {
  const fs = require('node:fs');
  const Module = require('node:module');
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  const swc = { loadMs: 0, transformMs: 0, files: 0 };
  let wrapped;

  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request !== '@swc/core' || wrapped) return load.call(this, request, ...rest);
    const start = now();
    const exports = load.call(this, request, ...rest);
    swc.loadMs += now() - start;
    const transformSync = exports.transformSync;
    if (typeof transformSync === 'function') {
      exports.transformSync = function (...args) {
        const t0 = now();
        try {
          return transformSync.apply(this, args);
        } finally {
          swc.transformMs += now() - t0;
          swc.files++;
        }
      };
    }
    wrapped = exports;
    return exports;
  };

  process.on('exit', () => {
    const usage = process.resourceUsage();
    const report = {
      maxRssKb: usage.maxRSS,
      cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      swcMs: wrapped ? swc.loadMs + swc.transformMs : 0,
      swcFiles: swc.files,
    };
    fs.writeFileSync(out, JSON.stringify(report));
  });
}
