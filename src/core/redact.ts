/**
 * Every secret resolved from a profile is registered here, and every string that leaves the
 * process (reports, logs, attachments) passes through `redact`. Checks also avoid putting secrets
 * in evidence in the first place; this is the second line of defence.
 *
 * What a peer echoes back is caught by class, not by listing each value a check makes:
 * - a registered secret, and any near-copy of it (one character changed, added or removed, as
 *   the wrong-key negatives derive from the real key), also where a truncation cut it short;
 * - every compact JWS, whoever made it (vouchers, DPoP proofs, client assertions, a peer's own
 *   tokens): its signature is cut, so what remains (header and claims) cannot be replayed. Tokens
 *   made at run time therefore need no registration;
 * - Basic credentials (`Basic <base64 of user:password>`), whatever secret they hold.
 */
const REDACTED = '[redacted]';

/** The third part of a JWS once cut: header and claims stay readable, the token cannot be replayed. */
const SIGNATURE_CUT = '[signature cut]';

/**
 * Secrets at least this long are redacted wherever they occur. A shorter one (a weak passphrase)
 * would shred unrelated text if every occurrence went, so it is redacted only where it stands as
 * a whole word; embedded in a longer word it stays, and where it is redacted the marks show where
 * a short secret stood. Near-copies are not looked for below NEAR_COPY_MIN (see there).
 */
const MIN_SECRET_LENGTH = 6;

/**
 * Near-copies are looked for from this length on: with fewer characters, "all but one the same"
 * matches ordinary words. The api keys and PEM lines it is meant for are far longer.
 */
const NEAR_COPY_MIN = 12;

/** A span of text to replace, end exclusive. */
type Span = [start: number, end: number];

export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly shortSecrets = new Set<string>();

  add(secret: string): void {
    const value = secret.trim();
    if (value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
    else if (value.length > 0) this.shortSecrets.add(value);
    // A PEM key may leak line by line (a log that wraps it, an error that quotes it).
    for (const line of value.split(/\r?\n/)) {
      if (line.length >= 16 && !line.startsWith('-----')) this.secrets.add(line.trim());
    }
  }

  redact(text: string): string {
    const cut = cutBasicCredentials(cutJwsSignatures(text));
    const spans: Span[] = [];
    for (const s of this.secrets)
      spans.push(...(s.length >= NEAR_COPY_MIN ? nearCopies(cut, s) : exact(cut, s)));
    for (const s of this.shortSecrets) spans.push(...wholeWords(cut, s));
    return replaceSpans(cut, spans);
  }

  /**
   * A deep copy of a value as JSON holds it (what JSON.stringify keeps: no undefined, Dates as
   * strings), with every string and key redacted where it stands: redacting the serialized text
   * would miss a secret holding quotes or backslashes, which JSON escapes. Being JSON already, a
   * redacted report renders the same from memory as from its file.
   */
  redactValue<T>(value: T): T {
    return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
      if (typeof v === 'string') return this.redact(v);
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.redact(k), x]));
      }
      return v;
    }) as T;
  }
}

/** A token shown in evidence: header and claims are useful, the signature would make it replayable. */
export function cutSignature(jwt: string): string {
  const parts = jwt.split('.');
  return parts.length === 3 ? `${parts[0]}.${parts[1]}.${SIGNATURE_CUT}` : REDACTED;
}

/** Three base64url runs joined by dots, the last not empty: a compact JWS if its first part is a JOSE header. */
const COMPACT_JWS = /(?<![\w-])([\w-]{4,})\.([\w-]*)\.([\w-]+)/g;

/** Cuts the signature of every compact JWS in the text (RFC 7515 section 7.1). */
function cutJwsSignatures(text: string): string {
  return text.replace(COMPACT_JWS, (whole, header: string, payload: string) =>
    isJoseHeader(header) ? `${header}.${payload}.${SIGNATURE_CUT}` : whole,
  );
}

function isJoseHeader(part: string): boolean {
  const text = Buffer.from(part, 'base64url').toString('utf8');
  // Most candidates are host names and dotted numbers: reject them without a thrown parse error.
  if (!text.trimStart().startsWith('{')) return false;
  try {
    const header = JSON.parse(text) as unknown;
    return (
      typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}

/** `Basic` and a token68 (RFC 7617 section 2); "Basic realm=..." of a challenge is not one. */
const BASIC = /\b(Basic\s+)([A-Za-z0-9+/]{2,}={0,2})/gi;

function cutBasicCredentials(text: string): string {
  return text.replace(BASIC, (whole, scheme: string, token: string) =>
    Buffer.from(token, 'base64').toString('utf8').includes(':') ? `${scheme}${REDACTED}` : whole,
  );
}

function exact(text: string, secret: string): Span[] {
  const spans: Span[] = [];
  for (let i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + secret.length))
    spans.push([i, i + secret.length]);
  return spans;
}

function wholeWords(text: string, secret: string): Span[] {
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
  return exact(text, secret).filter(([start, end]) => !isWord(text[start - 1]) && !isWord(text[end]));
}

/**
 * The secret and every near-copy of it (edit distance 1). Any one change leaves one half of the
 * secret intact, so only the places where a half occurs are compared, each with the windows of
 * length n, n+1 and n-1 that put that half where it belongs: linear in the text, not in the number
 * of possible copies. A copy cut short by either end of the text (a check keeps only the first
 * characters of a body) is compared with the part of the secret it can hold.
 */
function nearCopies(text: string, secret: string): Span[] {
  const n = secret.length;
  const left = secret.slice(0, Math.floor(n / 2));
  const right = secret.slice(left.length);
  const lengths = [n, n + 1, n - 1];
  const spans: Span[] = [];
  for (let i = text.indexOf(left); i >= 0; i = text.indexOf(left, i + 1)) {
    const whole = lengths.find(
      (len) => i + len <= text.length && withinOneEdit(text.slice(i, i + len), secret),
    );
    if (whole !== undefined) spans.push([i, i + whole]);
    else if (truncatedCopy(text.slice(i), (len) => secret.slice(0, len))) spans.push([i, text.length]);
  }
  for (let j = text.indexOf(right); j >= 0; j = text.indexOf(right, j + 1)) {
    const end = j + right.length;
    const whole = lengths.find((len) => end >= len && withinOneEdit(text.slice(end - len, end), secret));
    if (whole !== undefined) spans.push([end - whole, end]);
    else if (truncatedCopy(text.slice(0, end), (len) => secret.slice(n - len))) spans.push([0, end]);
  }
  return spans;
}

/** Whether `piece`, which runs to an end of the text, is within one edit of the part of the secret of its length (give or take one). */
function truncatedCopy(piece: string, part: (length: number) => string): boolean {
  const m = piece.length;
  return [m, m - 1, m + 1].some((len) => len >= 1 && withinOneEdit(piece, part(len)));
}

/** Levenshtein distance at most 1, in one pass. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (i === short.length) return true;
  // The first difference: a substitution (same lengths) or one character only the longer one has.
  const rest = short.length === long.length ? i + 1 : i;
  return short.slice(rest) === long.slice(i + 1);
}

/** The text with each span (merged where they overlap or touch) replaced by one mark. */
function replaceSpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  let open: Span | undefined;
  for (const [start, end] of spans) {
    if (open && start <= open[1]) {
      open[1] = Math.max(open[1], end);
      continue;
    }
    if (open) out += text.slice(at, open[0]) + REDACTED;
    at = open ? open[1] : at;
    open = [start, end];
  }
  return out + text.slice(at, open![0]) + REDACTED + text.slice(open![1]);
}
