/** A string that a target language cannot carry safely. Compile-time checks turn it into FF3001. */
export class CannotCarryError extends Error {
  constructor(
    readonly target: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`${target} cannot carry ${JSON.stringify(value)}: ${reason}`);
    this.name = 'CannotCarryError';
  }
}

/** The first character outside printable ASCII (plus tab), described, or undefined. */
export function firstNonPrintableAscii(value: string): string | undefined {
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code === 0x0d || code === 0x0a) return 'a line break';
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return `control character U+${hex(code)}`;
    if (code > 0x7e) return `non-ASCII character '${ch}' (U+${hex(code)})`;
  }
  return undefined;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** The UTF-16 offset of the first lone surrogate in `value`, or undefined. */
export function loneSurrogateAt(value: string): { offset: number; code: string } | undefined {
  const match = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(value);
  return match ? { offset: match.index, code: hex(match[0].charCodeAt(0)) } : undefined;
}

/** The UTF-16 offset of the first CR that is not followed by LF, or undefined. */
export function loneCarriageReturnAt(value: string): number | undefined {
  const match = /\r(?!\n)/.exec(value);
  return match ? match.index : undefined;
}
