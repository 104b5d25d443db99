/**
 * The handlebars environment every emitter renders with. Templates never quote anything
 * themselves: each target language's escaping is a helper backed by generator/vocabulary/escape.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../vocabulary/paths';
import {
  escapeCommentHelp,
  escapeLineComment,
  quotePowerShellArray,
  quotePowerShellAsciiExpression,
  quotePowerShellLiteral,
} from '../vocabulary/escape/powershell';
import { transliterate } from '../vocabulary/escape/transliterate';
import { asciiStringsActive } from '../vocabulary/powershell/data';
import { batchEchoText, batchPathFragment, batchRemarkText } from '../vocabulary/escape/batch';
import { iniCommandLine, iniValue } from '../vocabulary/escape/ini';

const hb = Handlebars.create();

const helpers: Record<string, (...args: never[]) => string | boolean> = {
  // PowerShell. In an ASCII-only file (withAsciiStrings: Intune) strings become [char] code
  // expressions, exact, and help and comments are transliterated before they are escaped.
  psLiteral: (v: string) => (asciiStringsActive() ? quotePowerShellAsciiExpression(String(v)) : quotePowerShellLiteral(String(v))),
  psArray: (v: string[]) => (asciiStringsActive() ? `@(${v.map((s) => quotePowerShellAsciiExpression(String(s))).join(', ')})` : quotePowerShellArray(v)),
  psHelp: (v: string) => escapeCommentHelp(asciiStringsActive() ? transliterate(String(v)) : String(v)),
  psComment: (v: string) => escapeLineComment(asciiStringsActive() ? transliterate(String(v)) : String(v)),
  // cmd
  batPath: (v: string) => batchPathFragment(String(v)),
  batEcho: (v: string) => batchEchoText(String(v)),
  batRem: (v: string) => batchRemarkText(String(v)),
  // ini (scripts.ini, psscripts.ini)
  iniValue: (v: string) => iniValue(String(v)),
  iniCmdLine: (v: string) => iniCommandLine(String(v)),
  // layout
  indent: (n: number, v: string) => String(v).replace(/\n(?=.)/g, `\n${' '.repeat(n)}`),
};

for (const [name, fn] of Object.entries(helpers)) {
  hb.registerHelper(name, (...args: unknown[]) => (fn as (...a: unknown[]) => unknown)(...args.slice(0, -1)));
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Render `templates/<target>/<name>.hbs`; output lines end in LF (the encode stage sets CRLF). */
export function render(target: string, name: string, view: object): string {
  const key = `${target}/${name}`;
  let template = compiled.get(key);
  if (!template) {
    const source = fs.readFileSync(path.join(templatesDir(), target, `${name}.hbs`), 'utf8');
    template = hb.compile(source, { noEscape: true, strict: true });
    compiled.set(key, template);
  }
  return template(view);
}
