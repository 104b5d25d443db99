/**
 * A small, strict XML 1.0 reader for the tests: elements, attributes, namespaces, CDATA, comments,
 * character and entity references, the declaration. Anything not well-formed throws (mismatched
 * or unclosed tags, duplicate or unquoted attributes, undeclared prefixes, text outside the root,
 * a stray `<` or `&`). Whitespace-only text between elements is dropped.
 */
export interface XmlElement {
  /** The qualified name as written, e.g. `bkp:Path` for attributes, `Backup` for elements. */
  readonly name: string;
  readonly localName: string;
  readonly namespace: string | undefined;
  /** Attributes in document order, by qualified name (xmlns declarations included). */
  readonly attributes: readonly { name: string; localName: string; namespace: string | undefined; value: string }[];
  readonly children: XmlElement[];
  /** The concatenated text and CDATA directly inside the element. */
  text: string;
}

export interface XmlDocument {
  readonly declaration: Record<string, string> | undefined;
  readonly root: XmlElement;
}

const NAME = /^[A-Za-z_][A-Za-z0-9._-]*(:[A-Za-z_][A-Za-z0-9._-]*)?/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) throw new Error(`bad character data near offset ${at}: ${JSON.stringify(raw.slice(0, 40))}`);
  return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e],
  );
}

export function parseXml(source: string): XmlDocument {
  let s = source;
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s)) throw new Error('control character in XML');
  let i = 0;
  let declaration: Record<string, string> | undefined;
  if (s.startsWith('<?xml')) {
    const end = s.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    declaration = {};
    const body = s.slice(5, end);
    for (const m of body.matchAll(/\s+([a-z]+)="([^"]*)"/g)) declaration[m[1]] = m[2];
    if (body.replace(/\s+([a-z]+)="([^"]*)"/g, '').trim() !== '') throw new Error('malformed XML declaration');
    if (declaration.version !== '1.0') throw new Error('XML declaration without version 1.0');
    i = end + 2;
  }
  const stack: { el: XmlElement; ns: Map<string, string> }[] = [];
  let root: XmlElement | undefined;
  const misc = (text: string) => {
    if (text.trim() !== '') throw new Error(`text outside the root element: ${JSON.stringify(text.slice(0, 40))}`);
  };
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const text = s.slice(i, lt < 0 ? s.length : lt);
    if (stack.length) {
      const top = stack[stack.length - 1].el;
      if (text.trim() !== '') top.text += decode(text, i);
      else if (text !== '' && top.children.length === 0) top.text += text;
    } else misc(text);
    if (lt < 0) break;
    i = lt;
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0 || s.slice(i + 4, end).includes('--')) throw new Error('malformed comment');
      i = end + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      if (!stack.length) throw new Error('CDATA outside the root element');
      const end = s.indexOf(']]>', i);
      if (end < 0) throw new Error('unterminated CDATA');
      stack[stack.length - 1].el.text += s.slice(i + 9, end);
      i = end + 3;
    } else if (s.startsWith('<?', i) || s.startsWith('<!', i)) {
      throw new Error(`processing instruction or DTD at ${i}: not expected here`);
    } else if (s.startsWith('</', i)) {
      const m = NAME.exec(s.slice(i + 2));
      const close = m && s.slice(i + 2 + m[0].length).match(/^\s*>/);
      if (!m || !close) throw new Error(`malformed end tag at ${i}`);
      const open = stack.pop();
      if (!open || open.el.name !== m[0]) throw new Error(`end tag </${m[0]}> does not match <${open?.el.name}>`);
      open.el.text = open.el.children.length ? open.el.text.trim() === '' ? '' : open.el.text : open.el.text;
      i += 2 + m[0].length + close[0].length;
    } else {
      const m = NAME.exec(s.slice(i + 1));
      if (!m) throw new Error(`malformed start tag at ${i}`);
      let j = i + 1 + m[0].length;
      const raw: { name: string; value: string }[] = [];
      for (;;) {
        const ws = /^\s*/.exec(s.slice(j))![0];
        j += ws.length;
        if (s.startsWith('/>', j) || s.startsWith('>', j)) break;
        if (!ws) throw new Error(`attributes must be separated by space at ${j}`);
        const a = /^([A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(s.slice(j));
        if (!a) throw new Error(`malformed attribute at ${j}: ${JSON.stringify(s.slice(j, j + 30))}`);
        if (raw.some((r) => r.name === a[1])) throw new Error(`duplicate attribute ${a[1]}`);
        raw.push({ name: a[1], value: decode(a[3] ?? a[4], j) });
        j += a[0].length;
      }
      const selfClosing = s.startsWith('/>', j);
      j += selfClosing ? 2 : 1;
      const ns = new Map(stack.length ? stack[stack.length - 1].ns : [['xml', 'http://www.w3.org/XML/1998/namespace']]);
      for (const a of raw) {
        if (a.name === 'xmlns') ns.set('', a.value);
        else if (a.name.startsWith('xmlns:')) ns.set(a.name.slice(6), a.value);
      }
      const resolve = (qname: string, isAttribute: boolean) => {
        const colon = qname.indexOf(':');
        if (colon < 0) return { localName: qname, namespace: isAttribute ? undefined : ns.get('') };
        const prefix = qname.slice(0, colon);
        if (prefix === 'xmlns') return { localName: qname.slice(colon + 1), namespace: 'http://www.w3.org/2000/xmlns/' };
        const uri = ns.get(prefix);
        if (uri === undefined) throw new Error(`undeclared namespace prefix ${prefix} in ${qname}`);
        return { localName: qname.slice(colon + 1), namespace: uri };
      };
      const el: XmlElement = {
        name: m[0],
        ...resolve(m[0], false),
        attributes: raw.map((a) => ({ ...a, ...(a.name === 'xmlns' ? { localName: 'xmlns', namespace: 'http://www.w3.org/2000/xmlns/' } : resolve(a.name, true)) })),
        children: [],
        text: '',
      };
      if (stack.length) stack[stack.length - 1].el.children.push(el);
      else if (root) throw new Error('more than one root element');
      else root = el;
      if (!selfClosing) stack.push({ el, ns });
      i = j;
    }
  }
  if (stack.length) throw new Error(`unclosed element <${stack[stack.length - 1].el.name}>`);
  if (!root) throw new Error('no root element');
  return { declaration, root };
}

/** The attribute's value by qualified name, or undefined. */
export function attribute(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name === name)?.value;
}
