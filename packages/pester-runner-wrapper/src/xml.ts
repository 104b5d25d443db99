/**
 * A small XML reader for well-formed machine-written documents such as JUnit reports: elements,
 * attributes (either quote), text, CDATA, comments, processing instructions and a DOCTYPE without
 * an internal subset. No namespaces resolution, no DTD entities beyond the five predefined ones
 * and character references. Throws XmlError on malformed input rather than guessing.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The concatenated text and CDATA directly inside this element. */
  readonly text: string;
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at offset ${offset})`);
    this.name = 'XmlError';
  }
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return PREDEFINED[ref] ?? whole;
  });
}

interface MutableElement {
  name: string;
  attributes: Record<string, string>;
  children: MutableElement[];
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

/** Parses a whole document and returns its root element. */
export function parseXml(source: string): XmlElement {
  const xml = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  let i = 0;
  const skipPast = (terminator: string, what: string) => {
    const end = xml.indexOf(terminator, i);
    if (end < 0) throw new XmlError(`unterminated ${what}`, i);
    const body = xml.slice(i, end);
    i = end + terminator.length;
    return body;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const text = xml.slice(i, textEnd);
      if (stack.length > 0) stack[stack.length - 1].text += decodeEntities(text);
      else if (text.trim() !== '') throw new XmlError('text outside the root element', i);
      i = textEnd;
      continue;
    }
    if (xml.startsWith('<!--', i)) {
      i += 4;
      skipPast('-->', 'comment');
    } else if (xml.startsWith('<![CDATA[', i)) {
      i += 9;
      const body = skipPast(']]>', 'CDATA section');
      if (stack.length === 0) throw new XmlError('CDATA outside the root element', i);
      stack[stack.length - 1].text += body;
    } else if (xml.startsWith('<?', i)) {
      i += 2;
      skipPast('?>', 'processing instruction');
    } else if (xml.startsWith('<!DOCTYPE', i)) {
      i += 9;
      const body = skipPast('>', 'DOCTYPE');
      if (body.includes('[')) throw new XmlError('DOCTYPE internal subsets are not supported', i);
    } else if (xml.startsWith('</', i)) {
      i += 2;
      NAME.lastIndex = i;
      const m = NAME.exec(xml);
      if (!m) throw new XmlError('bad end tag', i);
      const open = stack.pop();
      if (!open || open.name !== m[0]) throw new XmlError(`</${m[0]}> does not close <${open?.name ?? ''}>`, i);
      i = NAME.lastIndex;
      const close = /\s*>/y;
      close.lastIndex = i;
      if (!close.exec(xml)) throw new XmlError('bad end tag', i);
      i = close.lastIndex;
    } else {
      i += 1;
      NAME.lastIndex = i;
      const m = NAME.exec(xml);
      if (!m) throw new XmlError('bad start tag', i);
      i = NAME.lastIndex;
      const element: MutableElement = { name: m[0], attributes: {}, children: [], text: '' };
      for (;;) {
        ATTRIBUTE.lastIndex = i;
        const a = ATTRIBUTE.exec(xml);
        if (!a) break;
        element.attributes[a[1]] = decodeEntities(a[2] ?? a[3]);
        i = ATTRIBUTE.lastIndex;
      }
      const end = /\s*(\/?)>/y;
      end.lastIndex = i;
      const e = end.exec(xml);
      if (!e) throw new XmlError(`bad start tag <${element.name}>`, i);
      i = end.lastIndex;
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) throw new XmlError('more than one root element', i);
      else root = element;
      if (e[1] !== '/') stack.push(element);
    }
  }
  if (stack.length > 0) throw new XmlError(`<${stack[stack.length - 1].name}> is not closed`, i);
  if (!root) throw new XmlError('no root element', 0);
  return root;
}

/** Every element with this name at any depth below (and including) the given one, in document order. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    if (e.name === name) found.push(e);
    for (const c of e.children) visit(c);
  };
  visit(element);
  return found;
}
