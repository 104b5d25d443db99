// The generated .cmd files against documented semantics of the real cmd.exe that wine's cmd lacks
// (junctions, AutoRun, failed redirections, the current-folder search, `%~a` of a link, cmd /C's
// quote rule): static rules over every generated line (test/support/cmdModel.ts), one test per
// finding of issue 16. Each test first shows that its rule catches the line of 772293b that had the
// defect, then that no script generated from spec/ or from a kind fixture breaks it. No wine needed.
import fs from 'node:fs';
import path from 'node:path';
import { build } from '../../generator/pipeline/compile';
import { repoRoot } from '../support/compile';
import { cmdSlashC, splitCommandLine, violations, type Violation } from '../support/cmdModel';
import { runPwsh } from '../support/pwsh';

jest.setTimeout(120_000);

interface Script {
  name: string;
  role: 'machine' | 'user' | 'fixit';
  text: string;
}
const scripts: Script[] = [];

beforeAll(async () => {
  const specs = [
    ...fs.readdirSync(path.join(repoRoot, 'spec')).filter((f) => f.endsWith('.fix.ts')).map((f) => `spec/${f}`),
    ...['clearFolderContents', 'deleteFiles', 'moveAside', 'registryValue', 'runProgram', 'service', 'stopProcess', 'wait'].map((k) => `generator/steps/repair/${k}/fixture.fix.ts`),
  ];
  const result = await build({ specs, outDir: path.join(repoRoot, 'out-unused'), cwd: repoRoot, targets: ['cmd', 'fixit'], write: false });
  expect(result.diagnostics.filter((d) => d.category === 'error')).toEqual([]);
  for (const fix of result.fixes) {
    for (const [file, bytes] of fix.contents) {
      if (!file.endsWith('.cmd') || file.startsWith('fixit/kb') || (file.startsWith('fixit/') && !file.endsWith('FixIt.cmd'))) continue;
      const role = file.endsWith('FixIt.cmd') ? 'fixit' : file.endsWith('-machine-startup.cmd') ? 'machine' : 'user';
      scripts.push({ name: `${fix.id}/${file}`, role, text: bytes.toString('latin1') });
    }
  }
  expect(scripts.filter((s) => s.role === 'machine').length).toBeGreaterThanOrEqual(8);
  expect(scripts.filter((s) => s.role === 'fixit').length).toBeGreaterThanOrEqual(1);
});

/** Violations of `rule` in every generated script. */
function broken(rule: string): string[] {
  return scripts.flatMap((s) => violations(s.text, s.role).filter((v) => v.rule === rule).map((v: Violation) => `${s.name}:${v.line}: ${v.text}`));
}

/** The rules a script of 772293b's shape breaks: lines quoted from that commit, in a minimal script. */
function oldScript(lines: string[], role: 'machine' | 'user' | 'fixit' = 'machine'): string[] {
  return violations(['@echo off', 'set "DIRCMD="', ...lines].join('\r\n'), role).map((v) => v.rule);
}

test('finding 1: no line can del a path that may be a directory or a link (del on a junction empties its target)', () => {
  // 772293b, templates/cmd/script.cmd.hbs:50 and clearFolderContents.cmd:25.
  expect(oldScript(['if not "%FF_ATTR%"=="%FF_ATTR:l=%" del /f /q /a "%FF_LOG%" >nul 2>&1'])).toContain('del-unchecked');
  expect(oldScript([`for /f "eol=| delims=" %%L in ('dir /b /aL-D "%FF_TARGET%" 2^>nul') do del /f /q /a "%FF_TARGET%\\%%L" >nul 2>&1`])).toContain('del-unchecked');
  expect(broken('del-unchecked')).toEqual([]);
  expect(broken('rmdir-unchecked')).toEqual([]);
});

test('finding 2: FF_TRUST gates every write; nothing is written before it or without it', () => {
  // 772293b: the fallback folder's :ff_trusted_folder result was never read before the first write.
  expect(oldScript(['call :ff_trusted_folder "%FF_LOGDIR%"', '>>"%FF_LOG%" echo:%DATE% %TIME% x script started'])).toContain('trust-gate');
  expect(oldScript(['>>"%FF_LOG%" echo:started', 'if not "%FF_TRUST%"=="1" goto ff_untrusted'])).toContain('write-before-trust');
  expect(broken('trust-gate')).toEqual([]);
  expect(broken('write-before-trust')).toEqual([]);
  for (const s of scripts.filter((x) => x.role !== 'fixit')) {
    const lines = s.text.split('\r\n');
    // Stopped: a message on the console, exit 1, and nothing written.
    const at = lines.indexOf(':ff_untrusted');
    expect(lines.slice(at + 1, at + 3)).toEqual([expect.stringMatching(/^echo:.* nothing was changed\.$/), 'endlocal & exit /b 1']);
  }
});

test('finding 3: a folder a user could have made is never adopted (mkdir must create it; no /setowner, no /reset)', () => {
  expect(oldScript([':ff_state_create', 'if not exist "%~1\\*" mkdir "%~1" >nul 2>&1'])).toContain('state-adopted');
  expect(oldScript(['"%SystemRoot%\\System32\\icacls.exe" "%~1" /setowner *S-1-5-32-544 /Q >nul 2>&1'])).toContain('icacls-adopt');
  expect(oldScript(['"%SystemRoot%\\System32\\icacls.exe" "%~1" /reset /Q >nul 2>&1'])).toContain('icacls-adopt');
  expect(broken('state-adopted')).toEqual([]);
  expect(broken('icacls-adopt')).toEqual([]);
});

test('finding 4: no for /f runs a child command (AutoRun would run first and join the listing); DIRCMD is cleared before dir', () => {
  expect(oldScript([`for /f "eol=| delims=" %%F in ('dir /b /a-D "%~1" 2^>nul') do set /a FF_N+=1 >nul`])).toContain('for-child-command');
  expect(oldScript([`for /f "tokens=1,3,4" %%A in ('""%SystemRoot%\\System32\\sc.exe" queryex "%~1" 2>nul"') do call :x`])).toContain('for-child-command');
  expect(violations('@echo off\r\ndir /b "x" >"%FF_TMP%\\l.txt"\r\nset "DIRCMD="', 'user').map((v) => v.rule)).toContain('dircmd');
  expect(broken('for-child-command')).toEqual([]);
  expect(broken('dircmd')).toEqual([]);
});

test('finding 5: the log is checked before the first write into it, and a log that cannot be opened becomes NUL', () => {
  expect(oldScript(['if not exist "%FF_LOGDIR%\\*" set "FF_LOG=NUL"', '>>"%FF_LOG%" echo:%DATE% %TIME% x script started'])).toContain('log-unprobed');
  expect(broken('log-unprobed')).toEqual([]);
});

test('finding 6: every program runs by its full %SystemRoot%\\System32\\ path (the current folder is searched first)', () => {
  // 772293b: FixIt.cmd's net and fltmc, repair.wait's ping.
  expect(oldScript(['net session >nul 2>&1', 'fltmc >nul 2>&1', 'ping -n 3 127.0.0.1 >nul'], 'fixit')).toEqual(['unqualified-program', 'unqualified-program', 'unqualified-program']);
  expect(broken('unqualified-program')).toEqual([]);
});

test('finding 7: link checks never fail open (an empty %~a is refused; no dir /aL listing decides)', () => {
  expect(oldScript(['set "FF_ATTR=-"', 'for %%P in ("%~1") do set "FF_ATTR=-%%~aP"', 'call :ff_link_attr "%FF_ATTR%"'])).toContain('attribute-guessed');
  expect(oldScript([`for /f "eol=| delims=" %%L in ('dir /b /aL "%~1" 2^>nul') do if /i "%%L"=="%~2" set "FF_LINK=1"`])).toContain('dir-al-link-check');
  expect(broken('attribute-guessed')).toEqual([]);
  expect(broken('dir-al-link-check')).toEqual([]);
});

test('finding 9: a refusal (a link on the way) is a failure, exit code 1, never "in use" (2)', () => {
  expect(oldScript([':ff_delete_files_refused', 'set /a FF_LOCKED+=1 >nul', '>>"%FF_LOG%" echo:refused', 'goto :eof'])).toContain('refusal-not-failure');
  expect(broken('refusal-not-failure')).toEqual([]);
  // A name dir could not spell ("?" for a letter outside the OEM code page) is logged as that.
  for (const s of scripts.filter((x) => /:ff_delete_files$|:ff_clear_folder$/m.test(x.text.replace(/\r\n/g, '\n')))) {
    expect(s.text).toMatch(/have letters outside the console code page: batch cannot name them, left alone/);
  }
});

test('"%~" that is not a parameter (a syntax error that ends the batch, rem lines included) appears nowhere', () => {
  // 772293b, clearFolderContents.cmd:6 and :46, in rem lines.
  expect(oldScript(['rem the reparse attribute (the "l" in %~a: junction, symbolic link, mount point)'])).toContain('percent-tilde');
  expect(broken('percent-tilde')).toEqual([]);
});

test('no generated script breaks any rule', () => {
  expect(scripts.flatMap((s) => violations(s.text, s.role).map((v) => `${s.name}:${v.line} ${v.rule}: ${v.text}`))).toEqual([]);
});

describe('finding 8: FixIt.cmd relaunches itself elevated from a folder named "kb2328240 (1) & co"', () => {
  const self = 'C:\\Users\\Ann\\Downloads\\kb2328240 (1) & co\\FixIt.cmd';

  test('the old way (Start-Process -Verb RunAs on the .cmd: cmd /C "%1" %*) loses the path at the "&"', () => {
    const run = cmdSlashC(`"${self}" /elevated`, () => true);
    const { commands, firstWords } = splitCommandLine(run);
    expect(commands.length).toBeGreaterThan(1);
    expect(firstWords[0]).not.toBe(self);
  });

  test('the new way: cmd.exe /d /c ""<path>" /elevated" keeps the path whole, for every launcher built (its own -Command, run in pwsh)', async () => {
    for (const s of scripts.filter((x) => x.role === 'fixit')) {
      const line = s.text.split('\r\n').find((l) => l.startsWith('"%FF_PS%" -NoProfile -ExecutionPolicy Bypass -Command "try {'))!;
      const command = line.slice(line.indexOf('-Command "') + 10, -1);
      // The -Command holds no quote that would end it early, and starts cmd.exe by its full path.
      expect(command).not.toContain('"');
      expect(command).toContain("Start-Process -FilePath ($env:SystemRoot + '\\System32\\cmd.exe') -ArgumentList $arguments -Verb RunAs");
      // What it builds: its own text up to Start-Process, run in pwsh with the variables FixIt.cmd sets
      // (Get-WmiObject is absent on Linux: the drive-letter step is skipped, as for a local drive).
      const building = command.slice(0, command.indexOf('try { $p = Start-Process'));
      for (const relaunch of ['/elevated', '/elevated /quiet']) {
        const r = await runPwsh(`$env:FF_SELF = '${self.replace(/'/g, "''")}'; $env:FF_RELAUNCH = '${relaunch}'; ${building} [Console]::Out.Write($arguments)`);
        expect(r.stderr).toBe('');
        const args = r.stdout;
        expect(args).toBe(`/d /c ""${self}" ${relaunch}"`);
        const run = cmdSlashC(args.slice(args.indexOf('/c ') + 3), () => true);
        expect(run).toBe(`"${self}" ${relaunch}`);
        const { commands, firstWords } = splitCommandLine(run);
        expect(commands).toHaveLength(1);
        expect(firstWords).toEqual([self, ...relaunch.split(' ')]);
      }
    }
  });

  test('the fallback is reached when powershell.exe cannot start or may not run the script, and 2/3010 survive', () => {
    for (const s of scripts.filter((x) => x.role === 'fixit')) {
      const lines = s.text.split('\r\n');
      const probe = lines.findIndex((l) => l.startsWith('"%FF_PS%" -NonInteractive -NoProfile'));
      expect(probe).toBeGreaterThan(0);
      expect(lines[probe + 1]).toBe('if not "%ERRORLEVEL%"=="0" goto ff_fallback');
      expect(lines[probe]).toMatch(/Get-ExecutionPolicy/);
      if (!s.text.includes('pushd "%~dp0"')) continue;
      expect(s.text).not.toMatch(/if errorlevel 1 set "FF_RC=1"/);
      expect(s.text).toMatch(/if "%FF_RC%"=="3010" set "FF_RESTART=1"/);
      expect(s.text).toMatch(/if "%FF_PARTIAL%"=="1" set "FF_RC=6"/);
      // Each fallback names its own log; a user's run is never sent to the machine folder.
      expect(s.text).toMatch(/echo Log of [\w-]+-user-logon\.cmd: %LOCALAPPDATA%\\FixForge\\/);
    }
  });
});
