/**
 * A strict little XML 1.0 parser for the tests: elements, attributes, text, comments and the
 * predefined or numeric character references. It throws on anything not well-formed (bad
 * nesting, unquoted or duplicate attributes, a bare `&` or `<`, a forbidden character, two roots).
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.:-]*';
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const REFS: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`raw "<" in ${where}`);
  return raw.replace(/&([^;\s]*);?/g, (all, ref: string) => {
    if (!all.endsWith(';')) throw new Error(`unterminated reference in ${where}: ${all}`);
    if (ref in REFS) return REFS[ref]!;
    const code = /^#x[0-9a-fA-F]+$/.test(ref)
      ? parseInt(ref.slice(2), 16)
      : /^#\d+$/.test(ref)
        ? Number(ref.slice(1))
        : NaN;
    const char = Number.isNaN(code) ? '' : String.fromCodePoint(code);
    if (!char || FORBIDDEN.test(char)) throw new Error(`bad reference in ${where}: ${all}`);
    return char;
  });
}

export function parseXml(xml: string): XmlElement {
  if (FORBIDDEN.test(xml)) throw new Error('forbidden character in document');
  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  const token = new RegExp(
    `<!--([\\s\\S]*?)-->|<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>|([^<]+)`,
    'gy',
  );
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    at = token.lastIndex;
    const [, comment, close, name, attrText, selfClose, text] = m;
    const parent = stack.at(-1);
    if (comment !== undefined) {
      if (comment.includes('--') || comment.endsWith('-')) throw new Error('"--" inside a comment');
    } else if (text !== undefined) {
      if (text.includes(']]>')) throw new Error('"]]>" in text');
      if (parent) parent.text += decode(text, `text of <${parent.name}>`);
      else if (text.trim()) throw new Error(`text outside the root: ${text.slice(0, 40)}`);
    } else if (close) {
      if (stack.pop()?.name !== name) throw new Error(`</${name}> closes the wrong element`);
    } else {
      const element: XmlElement = { name: name!, attrs: {}, children: [], text: '' };
      for (const a of attrText!.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
        if (a[1]! in element.attrs) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
        element.attrs[a[1]!] = decode(a[2] ?? a[3] ?? '', `${name}@${a[1]}`);
      }
      if (parent) parent.children.push(element);
      else if (root) throw new Error('two root elements');
      else root = element;
      if (!selfClose) stack.push(element);
    }
  }
  if (at !== body.length) throw new Error(`not well-formed at offset ${at}: ${body.slice(at, at + 60)}`);
  if (stack.length) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every descendant element with this name, in document order. */
export function all(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}
