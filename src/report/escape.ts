/**
 * Escaping for the HTML and XML reports. Evidence comes from remote peers (server banners, error
 * bodies, certificate subjects): every string is treated as hostile.
 */

/** Characters XML 1.0 forbids (C0 controls except tab/newline/return, lone surrogates, U+FFFE/FFFF); HTML does not want them either. */
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripControl(text: string): string {
  return text.replace(ILLEGAL, '');
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe as element text and as a quoted attribute value, in HTML and in XML. */
export function escapeMarkup(text: string): string {
  return stripControl(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** For XML attributes: line breaks are kept as character references (a parser would fold them into spaces). */
export function escapeAttribute(text: string): string {
  return escapeMarkup(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
