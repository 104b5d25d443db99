/**
 * Windows PowerShell 2.0 safety, checked on the emitted text (facts page, section 2). Comments and
 * string literals are blanked first, so only code is matched. The pwsh-based AST check in
 * scripts/ps cross-checks these rules on the real parser.
 */
export interface Ps2Finding {
  readonly line: number;
  readonly column: number;
  readonly construct: string;
}

interface Rule {
  readonly construct: string;
  readonly pattern: RegExp;
  /** Only in files with this extension (lower case), when set. */
  readonly only?: string;
  readonly except?: string;
}

const rules: readonly Rule[] = [
  { construct: '[ordered]', pattern: /\[ordered\]/gi },
  { construct: '[pscustomobject]', pattern: /\[pscustomobject\]/gi },
  { construct: 'the -in operator', pattern: /(?<![\w-])-in\b/gi },
  { construct: 'the -notin operator', pattern: /(?<![\w-])-notin\b/gi },
  { construct: 'simplified Where-Object/ForEach-Object syntax', pattern: /\b(?:Where-Object|ForEach-Object)\b(?![ \t]*(?:-\w+[ \t]+)*\{)(?=[ \t]+[^\s|{])/gi },
  { construct: 'a CIM cmdlet', pattern: /\b\w+-Cim\w+\b/gi },
  { construct: 'ConvertTo-Json', pattern: /\bConvertTo-Json\b/gi },
  { construct: 'ConvertFrom-Json', pattern: /\bConvertFrom-Json\b/gi },
  { construct: 'the .ForEach() method', pattern: /\.ForEach\s*\(/gi },
  { construct: 'the .Where() method', pattern: /\.Where\s*\(/gi },
  { construct: '$PSCommandPath', pattern: /\$PSCommandPath\b/gi },
  { construct: '$PSItem', pattern: /\$PSItem\b/gi },
  { construct: '$PSScriptRoot outside a .psm1', pattern: /\$PSScriptRoot\b/gi, except: '.psm1' },
  { construct: '[Environment]::Is64BitProcess (.NET 4)', pattern: /::Is64Bit(?:Process|OperatingSystem)\b/gi },
  { construct: 'a ::new() constructor call', pattern: /::new\s*\(/gi },
  { construct: 'the RootModule manifest key', pattern: /(?<![\w.$-])RootModule\s*=/gi, only: '.psd1' },
  { construct: 'the CompatiblePSEditions manifest key', pattern: /(?<![\w.$-])CompatiblePSEditions\s*=/gi, only: '.psd1' },
  { construct: 'a CmdletBinding argument without a value', pattern: /\[CmdletBinding\([^)]*\b(?:SupportsShouldProcess|SupportsPaging|PositionalBinding)\b(?!\s*=)/gi },
  { construct: 'a class or enum definition', pattern: /^\s*(?:class|enum)\s+\w+/gim },
  { construct: 'a using statement', pattern: /^\s*using\s+(?:namespace|module|assembly)\b/gim },
  { construct: 'the -shl/-shr operators', pattern: /(?<![\w-])-sh[lr]\b/gi },
  { construct: 'a PowerShell 7 operator (??, ?., &&, ||, ternary)', pattern: /\?\?|\?\.|&&|\|\||\s\?\s[^:]+\s:\s/g },
];

export function findPs2Constructs(fileName: string, text: string): Ps2Finding[] {
  const ext = fileName.slice(fileName.lastIndexOf('.')).toLowerCase();
  const code = blankCommentsAndStrings(text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const findings: Ps2Finding[] = [];
  for (const rule of rules) {
    if (rule.only && rule.only !== ext) continue;
    if (rule.except && rule.except === ext) continue;
    for (const m of code.matchAll(rule.pattern)) {
      const offset = m.index! + (m[0].length - m[0].trimStart().length);
      let line = lineStarts.length - 1;
      while (lineStarts[line] > offset) line--;
      findings.push({ line: line + 1, column: offset - lineStarts[line] + 1, construct: rule.construct });
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

const SINGLE = "'\u2018\u2019\u201A\u201B";
const DOUBLE = '"\u201C\u201D\u201E';

/** Replaces comments and string contents with spaces, keeping every offset and line break. */
export function blankCommentsAndStrings(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '<' && text[i + 1] === '#') {
      const end = text.indexOf('#>', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '#') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      blank(i, end);
      i = end;
    } else if (c === '@' && (text[i + 1] === "'" || text[i + 1] === '"') && /\r?\n/.test(text.slice(i + 2, i + 4))) {
      const close = text.indexOf(`\n${text[i + 1]}@`, i + 2);
      const stop = close < 0 ? text.length : close + 3;
      blank(i + 2, stop - 2);
      i = stop;
    } else if (SINGLE.includes(c)) {
      let j = i + 1;
      while (j < text.length) {
        if (SINGLE.includes(text[j])) {
          if (SINGLE.includes(text[j + 1] ?? '')) j += 2;
          else break;
        } else j++;
      }
      blank(i + 1, j);
      i = j + 1;
    } else if (DOUBLE.includes(c)) {
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === '`') j += 2;
        else if (DOUBLE.includes(text[j])) {
          if (DOUBLE.includes(text[j + 1] ?? '')) j += 2;
          else break;
        } else j++;
      }
      blank(i + 1, j);
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}
