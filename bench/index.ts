/**
 * `npm run bench`: every bench/*.bench.ts, each in its own Node process, one after the other (so
 * one cannot disturb another's timings), all of them even when one fails. Exits with the highest
 * exit code of any of them.
 *
 *   npm run bench                          every benchmark, default arguments
 *   npm run bench -- coldBuild 9           one benchmark (file name without .bench.ts), with arguments
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const REGISTER = path.join(__dirname, 'register.js');
const all = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

function main(): number {
  const [only, ...args] = process.argv.slice(2);
  const chosen = only === undefined ? all : all.filter((f) => f === `${only}.bench.ts` || f === only);
  if (!chosen.length) {
    console.error(`no benchmark '${only}'; there are: ${all.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ')}`);
    return 2;
  }
  let worst = 0;
  for (const file of chosen) {
    console.log(`\n== ${file}`);
    const child = spawnSync(process.execPath, ['--require', REGISTER, path.join(__dirname, file), ...args], {
      cwd: path.join(__dirname, '..'),
      stdio: 'inherit',
    });
    const code = child.status ?? 1;
    if (child.error || code !== 0) {
      console.error(`== ${file} failed (${child.error?.message ?? (child.signal ? `signal ${child.signal}` : `exit code ${code}`)})`);
    }
    worst = Math.max(worst, code);
  }
  return worst;
}

process.exitCode = main();
