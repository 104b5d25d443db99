import fs from 'node:fs';
import path from 'node:path';
import { createWinePrefix, requireWine, writeCmdFile } from '../support/wine';
jest.setTimeout(120000);
test('probe', async () => {
  requireWine();
  const p = await createWinePrefix();
  try {
    const d = path.join(p.driveC, 'pr');
    fs.mkdirSync(path.join(d, 'adir'), { recursive: true });
    const file = path.join(d, 't.cmd');
    writeCmdFile(file, [
      '@echo off', 'setlocal EnableExtensions DisableDelayedExpansion',
      'set "A=0"', '>>"C:\\pr\\ok.log" echo:x && set "A=1"', 'echo:A=%A%',
      'set "B=0"', '>>"C:\\pr\\adir" echo:x && set "B=1"', 'echo:B=%B%',
      'set "C=0"', '>>"C:\\pr\\ok.log" echo:x || set "C=1"', 'echo:C=%C%',
      'set "D=0"', '>>"C:\\pr\\adir" echo:x || set "D=1"', 'echo:D=%D%',
      'type "C:\\pr\\ok.log"',
    ]);
    const r = await p.runCmd(file);
    console.log(r.stdout, r.stderr, r.exitCode);
  } finally { await p.dispose(); }
});
