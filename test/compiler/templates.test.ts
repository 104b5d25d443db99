/**
 * Templates hold layout, not logic (issue 20): a PowerShell or batch template of 80 lines or more
 * that is 90 % free of mustache is script logic, and belongs in PowerShell source beside the engine
 * (as generator/engine/FixIt.ps1 is), where it can be parsed, linted and tested on its own.
 */
import fs from 'node:fs';
import path from 'node:path';

const templatesDir = path.resolve(__dirname, '..', '..', 'templates');

function templates(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? templates(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

it('no .ps1/.psm1/.cmd template of 80+ lines is 90 % mustache-free', () => {
  const logic = templates(templatesDir)
    .filter((f) => /\.(ps1|psm1|cmd)\.hbs$/.test(f))
    .flatMap((f) => {
      const lines = fs.readFileSync(f, 'utf8').replace(/\n$/, '').split('\n');
      const free = lines.filter((l) => !l.includes('{{')).length / lines.length;
      return lines.length >= 80 && free >= 0.9 ? [`${path.relative(templatesDir, f)}: ${lines.length} lines, ${Math.round(free * 100)} % mustache-free`] : [];
    });
  expect(logic).toEqual([]);
});
