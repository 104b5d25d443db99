/**
 * A model of what the real cmd.exe does with the generated batch, for what wine's cmd.exe cannot
 * show (docs/wine-cmd-notes.md, "What wine cannot show"): static rules over the generated lines,
 * each one a documented cmd behaviour turned into "no line may ...", and cmd /C's quote rule.
 *
 *   violations(text)            -> every rule a generated .cmd breaks, with the line
 *   cmdSlashC(rest)             -> what cmd /C runs for the text after /C (cmd /? rule 1 and 2)
 *   splitCommandLine(line)      -> cmd's split of a command line at & | < > outside quotes
 *   templateRoutine(label)      -> a routine of templates/cmd/script.cmd.hbs, for wine tests
 *
 * The documented behaviour behind each rule:
 * - del: "If you use del to delete a directory, it deletes every file in it" (del /?: a folder
 *   name is a wildcard for its files), and a junction is a directory: del on a junction empties
 *   its target. So del may only meet an entry whose attributes were read and show no d and no l.
 * - for /f ... in ('command') runs `cmd /c command` without /D: the Command Processor AutoRun
 *   values (HKLM and HKCU) run first and their output joins the lines (cmd /?, "/D").
 * - A command whose redirection fails is not run (cmd prints the error and skips it).
 * - A program named without a path is searched in the current folder first (cmd /?, "command
 *   search"): a net.bat beside a downloaded FixIt.cmd wins.
 * - %~a of a junction, symbolic link or mount point has "l"; an entry whose attributes cannot be
 *   read gives an empty string, which must never pass for "no link".
 * - "%~" followed by something that is not a parameter (a digit or *) is a syntax error that ends
 *   the batch, in rem lines too (percent expansion runs before rem is recognised).
 */
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

export interface Violation {
  rule: string;
  line: number;
  text: string;
}

/** cmd's internal commands that the scripts use (never searched on disk). */
const BUILTINS = new Set([
  'echo', 'echo:', 'rem', 'set', 'setlocal', 'endlocal', 'if', 'goto', 'call', 'exit', 'for', 'shift', 'del', 'rmdir', 'rd', 'mkdir', 'md', 'ren', 'dir',
  'pushd', 'popd', 'cd', 'pause', 'type',
]);

/** The programs a script may start: by full path under %SystemRoot%, or FixIt's chosen powershell.exe. */
// A program by its full path: System32 (or Sysnative), or a program by root and path under
// %ProgramFiles% / %ProgramFiles(x86)% whose folders runProgram's :ff_program_check walked first.
const QUALIFIED = /^"%SystemRoot%\\(System32|Sysnative)\\[^"\\]+(\\[^"\\]+)*\.(exe|EXE)"$|^"%FF_PS%"$|^"%ProgramFiles(\(x86\))?%(\\[^"\\%]+)+\.(exe|com)"$/i;

/** Commands of one line: `a & b`, `a && b`, `a || b` split outside quotes; `if`/`for` bodies unwrapped. */
export function commandsOf(line: string): string[] {
  const out: string[] = [];
  for (const part of splitOutsideQuotes(line, /^(&&|\|\||&)/)) out.push(...unwrap(part.trim()));
  return out.filter((c) => c !== '' && c !== '(' && c !== ')');
}

function splitOutsideQuotes(line: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let quoted = false;
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    if (!quoted && c === '^' && i + 1 < line.length) {
      current += c + line[++i];
      continue;
    }
    // `2>&1` is a handle duplication, not a command separator.
    const m = !quoted && !(c === '&' && line[i - 1] === '>') ? sep.exec(line.slice(i)) : null;
    if (m) {
      parts.push(current);
      current = '';
      i += m[0].length - 1;
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}

/** Strips leading redirections, then unwraps `if <cond> cmd` and `for ... do cmd` to their command. */
function unwrap(command: string): string[] {
  let c = command.replace(/^(\d?>>?\s*("[^"]*"|\S+)\s*)+/, '').trim();
  if (c.startsWith('@')) c = c.slice(1);
  const word = firstWord(c).toLowerCase();
  if (word === 'if') {
    let rest = c.slice(2).trim();
    if (/^\/i\s/i.test(rest)) rest = rest.slice(2).trim();
    if (/^not\s/i.test(rest)) rest = rest.slice(3).trim();
    if (/^(defined|errorlevel)\s/i.test(rest)) rest = rest.replace(/^\S+\s+\S+\s*/, '');
    else if (/^exist\s/i.test(rest)) rest = rest.replace(/^exist\s+("[^"]*"|\S+)\s*/i, '');
    else {
      const m = /^("[^"]*"|\S+?)\s*(==|\s(EQU|NEQ|LSS|LEQ|GTR|GEQ)\s)\s*("[^"]*"|\S+)\s*/i.exec(rest);
      if (!m) return [c];
      rest = rest.slice(m[0].length);
    }
    return rest.trim() === '' ? [] : unwrap(rest.trim());
  }
  if (word === 'for') {
    const m = /\)\s+do\s+/i.exec(c);
    if (!m) return [c];
    return unwrap(c.slice(m.index + m[0].length).trim());
  }
  return [c];
}

function firstWord(c: string): string {
  if (c.startsWith('"')) return c.slice(0, c.indexOf('"', 1) + 1);
  const m = /^[^\s]+/.exec(c);
  return m ? m[0].replace(/^(echo)[:.(/].*$/i, '$1') : '';
}

/** Every rule a generated .cmd (text with CRLF or LF) breaks. `role` picks the rules of its kind of script. */
export function violations(text: string, role: 'machine' | 'user' | 'fixit'): Violation[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: Violation[] = [];
  const add = (rule: string, i: number) => out.push({ rule, line: i + 1, text: lines[i] });
  const code = lines.map((l) => (/^\s*rem(\s|$)/i.test(l) || /^\s*:/.test(l) ? '' : l));
  const labelAt = (i: number) => {
    for (let j = i; j >= 0; j--) if (/^:\w/.test(lines[j])) return lines[j].slice(1).split(/\s/)[0];
    return '';
  };

  lines.forEach((l, i) => {
    // "%~" that is no parameter reference ends the batch with a syntax error, rem lines included.
    if (/(^|[^%])%~(?![fdpnxsatz]*[0-9*])/i.test(l.replace(/%%/g, ''))) add('percent-tilde', i);
  });

  const gate = code.findIndex((l) => l === 'if not "%FF_TRUST%"=="1" goto ff_untrusted');
  if (role !== 'fixit' && gate < 0) out.push({ rule: 'trust-gate', line: 0, text: 'no line stops the script when FF_TRUST is not 1' });
  const firstDir = code.findIndex((l) => commandsOf(l).some((c) => /^dir\s/i.test(c)));
  const dircmd = code.findIndex((l) => l === 'set "DIRCMD="');
  if (firstDir >= 0 && (dircmd < 0 || dircmd > firstDir)) add('dircmd', firstDir);

  code.forEach((l, i) => {
    if (l === '') return;
    const label = labelAt(i);
    const inStateSetup = label === 'ff_state_create' || label === 'ff_state_check';
    if (/\bfor\s+\/f\b.*\bin\s*\(\s*'/i.test(l)) add('for-child-command', i);
    if (/\bfor\s+\/f\b.*\bin\s*\(\s*`/i.test(l)) add('for-child-command', i);
    if (/\bdir\b[^|&]*\/a:?L/i.test(l) && !/\/a:?-?[^L\s]*-L/i.test(l)) add('dir-al-link-check', i);
    if (/\/setowner|\/reset/i.test(l) && /icacls/i.test(l)) add('icacls-adopt', i);
    // Attributes are read into an emptied variable and an empty result is never taken as "no link".
    const attr = /set "(\w+)=([^"]*)%%~a\w"/.exec(l);
    if (attr) {
      const cleared = lines.slice(Math.max(0, i - 2), i).some((p) => p.trim() === `set "${attr[1]}="`);
      const checked = lines.slice(i + 1, i + 4).some((n) => n.includes(`if not defined ${attr[1]}`));
      if (attr[2] !== '' || !cleared || !checked) add('attribute-guessed', i);
    }
    for (const c of commandsOf(l)) {
      const word = firstWord(c);
      const lower = word.toLowerCase();
      if (!BUILTINS.has(lower) && !QUALIFIED.test(word) && !/^%\w+%$/.test(word)) add('unqualified-program', i);
      if (lower === 'del' && !(c === 'del /f /q /a "%FF_DIR%\\%FF_NAME%" >nul 2>&1' && code[i].startsWith('if "%FF_KIND%"=="file" del ') && entryKindBefore(code, i))) add('del-unchecked', i);
      if ((lower === 'rmdir' || lower === 'rd') && /\/s/i.test(c) && !(code[i].startsWith('if "%FF_KIND%"=="dir" rmdir /s /q "%FF_DIR%\\%FF_NAME%"') && entryKindBefore(code, i))) add('rmdir-unchecked', i);
      if ((lower === 'rmdir' || lower === 'rd') && !/\/s/i.test(c) && !(code[i].startsWith('if "%FF_KIND%"=="dirlink" rmdir "%FF_DIR%\\%FF_NAME%"') && entryKindBefore(code, i))) add('rmdir-unchecked', i);
      if (role !== 'fixit' && gate >= 0 && i < gate && !inStateSetup && writes(c, role)) add('write-before-trust', i);
    }
    if (role !== 'fixit' && gate >= 0 && i < gate && !inStateSetup && redirectsIntoFile(l)) add('write-before-trust', i);
  });

  if (role === 'machine') {
    // The state folder is only ever one this run created: mkdir's failure (it exists) is checked.
    const create = lines.findIndex((l) => l === ':ff_state_create');
    const made = create >= 0 && lines.slice(create, create + 8).join('\n').includes('mkdir "%~1" >nul 2>&1\nif errorlevel 1 goto :eof');
    if (!made) out.push({ rule: 'state-adopted', line: create + 1, text: 'the state folder is not required to be new (mkdir that fails when it exists)' });
    code.forEach((l, i) => {
      if (/if not exist "[^"]*"\s+mkdir\s+"%~1"/i.test(l) || /if not exist "%FF_LOGDIR%\\\*" mkdir/i.test(l)) add('state-adopted', i);
    });
  }
  if (role !== 'fixit') {
    // The log is checked before the first write into it; a failed first write turns it into NUL.
    const first = code.findIndex((l) => l.startsWith('>>"%FF_LOG%"'));
    const probed = first > 0 && code.slice(Math.max(0, first - 8), first).some((l) => l === 'call :ff_entry_kind') && code[first + 1] === 'if errorlevel 1 set "FF_LOG=NUL"';
    if (first >= 0 && !probed) add('log-unprobed', first);
    // A refusal (a link on the way) is a failure, exit code 1, never "in use" (2).
    lines.forEach((l, i) => {
      if (!/^:ff_\w+_refused$/.test(l)) return;
      // The block runs to its first jump or exit (a refusal may go on to the step's end label).
      const block = lines.slice(i + 1, lines.findIndex((n, j) => j > i && /^goto |^exit \/b/.test(n)));
      if (!block.includes('set "FF_RESULT=1"') || block.some((n) => n.includes('FF_LOCKED'))) add('refusal-not-failure', i);
    });
  }
  return out;
}

/** The del/rmdir line is the action of a classification made just before it (in the same routine). */
function entryKindBefore(code: string[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 4); j--) if (code[j] === 'call :ff_entry_kind') return true;
  return false;
}

/** Does the line redirect output into a file (not NUL)? */
function redirectsIntoFile(line: string): boolean {
  const targets = [...line.replace(/\d?>&\d/g, '').matchAll(/\d?>>?\s*("[^"]*"|[^\s&|]+)/g)].map((m) => m[1].replace(/"/g, ''));
  return targets.some((t) => t.toLowerCase() !== 'nul');
}

/** Does command `c` change disk or the registry? */
function writes(c: string, role: string): boolean {
  const word = firstWord(c).toLowerCase();
  if (['del', 'rmdir', 'rd', 'ren'].includes(word)) return true;
  if (word === 'mkdir' || word === 'md') return !(role === 'user' && c.startsWith('mkdir "%FF_LOGDIR%\\tmp"'));
  if (/reg\.exe"\s+(add|delete|export|import)/i.test(c)) return !/HKLM\\SOFTWARE\\FixForge\\CmdState/.test(c);
  return false;
}

/**
 * What `cmd /C <rest>` runs, by cmd /?: quotes are kept when there are exactly two, nothing of
 * &<>()@^| between them, whitespace between them and the text between them names an executable
 * file (`isExecutable`); otherwise a leading quote is stripped with the last quote of the line.
 */
export function cmdSlashC(rest: string, isExecutable: (name: string) => boolean = () => false): string {
  const s = rest.replace(/^\s+/, '');
  const quotes = [...s].filter((c) => c === '"').length;
  if (quotes === 2 && s.startsWith('"')) {
    const inner = s.slice(1, s.indexOf('"', 1));
    if (!/[&<>()@^|]/.test(inner) && /\s/.test(inner) && isExecutable(inner)) return s;
  }
  if (!s.startsWith('"')) return s;
  const last = s.lastIndexOf('"');
  return last <= 0 ? s.slice(1) : s.slice(1, last) + s.slice(last + 1);
}

/** cmd's split of one command line at & | < > outside quotes: the first command and its words. */
export function splitCommandLine(line: string): { commands: string[]; firstWords: string[] } {
  const commands = splitOutsideQuotes(line, /^(&&|\|\||&|\||<|>)/).map((c) => c.trim());
  const words: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(commands[0]))) words.push(m[1] ?? m[2]);
  return { commands, firstWords: words };
}

/** A routine of the script template (`:label` down to the blank line after it), as lines. */
export function templateRoutine(label: string): string[] {
  const lines = fs.readFileSync(path.join(repoRoot, 'templates', 'cmd', 'script.cmd.hbs'), 'utf8').replace(/\r\n/g, '\n').split('\n');
  const start = lines.indexOf(`:${label}`);
  if (start < 0) throw new Error(`no :${label} in the template`);
  const end = lines.findIndex((l, i) => i > start && (l === '' || l.startsWith('{{')));
  return lines.slice(start, end < 0 ? undefined : end).map((l) => l.replace(/\\\\/g, '\\'));
}
