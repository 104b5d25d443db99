/** Reads the JUnit XML Pester writes: just the testcase elements and their failure/skipped children. */
export interface JUnitCase {
  readonly name: string;
  readonly className: string;
  readonly result: 'Passed' | 'Failed' | 'Skipped';
  readonly message?: string;
  readonly durationMs?: number;
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return entities[e] ?? m;
  });
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : undefined;
}

export function parseJUnit(xml: string): JUnitCase[] {
  const cases: JUnitCase[] = [];
  const re = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(re)) {
    const tag = m[1];
    const body = m[3] ?? '';
    const failure = /<(failure|error)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/.exec(body);
    const skipped = /<skipped\b/.test(body);
    const time = attribute(tag, 'time');
    const message = failure ? (attribute(failure[2], 'message') ?? decode((failure[3] ?? '').replace(/<!\[CDATA\[|\]\]>/g, '')).trim()) : undefined;
    cases.push({
      name: attribute(tag, 'name') ?? '',
      className: attribute(tag, 'classname') ?? '',
      result: failure ? 'Failed' : skipped ? 'Skipped' : 'Passed',
      message,
      durationMs: time !== undefined ? Math.round(parseFloat(time) * 1000) : undefined,
    });
  }
  return cases;
}
