/**
 * Escaping for every form a report takes. Evidence comes from remote peers (server banners, error
 * bodies, certificate subjects): every string is treated as hostile.
 *
 * Control and bidirectional characters are shown, not dropped: an auditor must see that a peer
 * sent them, and must not be shown text they reorder or hide (a U+202E that turns "FAIL" around,
 * an escape sequence that repaints the terminal). Each becomes `\uXXXX`, the form JSON and
 * JavaScript use. A peer can also send those six characters literally; the report cannot tell the
 * two apart, which hides nothing from a reader.
 */

/**
 * C0 controls (tab, line feed and carriage return aside: layout, legal in XML), DEL and C1
 * controls, the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E/F,
 * U+202A-U+202E, U+2066-U+2069), the line and paragraph separators, and what XML 1.0 forbids
 * besides (lone surrogates, U+FFFE/FFFF).
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** On a terminal a line feed or carriage return in a peer's text would forge a line of its own. */
const UNSAFE_ON_TERMINAL = new RegExp(`[\\n\\r]|${UNSAFE.source}`, 'gu');

function codePoint(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Text with every unsafe character written as `\uXXXX` (line breaks and tabs kept). */
export function showControls(text: string): string {
  return text.replace(UNSAFE, codePoint);
}

/** One line for the terminal or a log: line breaks escaped too, so a peer cannot start a line. */
export function terminalLine(text: string): string {
  return text.replace(UNSAFE_ON_TERMINAL, codePoint);
}

/**
 * JSON text with the unsafe characters JSON.stringify leaves raw (bidirectional, C1, separators)
 * written as JSON escapes: the file reads safely in an editor and parses to the same strings.
 */
export function jsonText(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(UNSAFE, codePoint);
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
  return showControls(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** For XML attributes: line breaks are kept as character references (a parser would fold them into spaces). */
export function escapeAttribute(text: string): string {
  return escapeMarkup(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
