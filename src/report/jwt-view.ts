import { decodeJws } from '../jose/jws.js';

/**
 * The compact JWS/JWT in evidence text, decoded for a reader: header and claims as JSON. The
 * redactor has already cut every signature ("[signature cut]"); the signature is never decoded
 * or shown, and members of a private JWK (a header may carry a key) are replaced, so a token in a
 * report can neither be replayed nor leak a key.
 */
export interface DecodedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

const COMPACT = /(?<![\w-])([\w-]{4,})\.([\w-]+)\.(?:\[signature cut\]|[\w-]*)/g;

/** RFC 7517/7518 private and symmetric key members. */
const PRIVATE_JWK_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/** Every token in the text whose first part is a JOSE header (with "alg"), each once. */
export function tokensIn(text: string): DecodedToken[] {
  const seen = new Set<string>();
  const tokens: DecodedToken[] = [];
  for (const [, header, payload] of text.matchAll(COMPACT)) {
    const key = `${header}.${payload}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const decoded = decodeJws(`${key}.`);
    if (decoded && typeof decoded.header['alg'] === 'string')
      tokens.push({ header: withoutKeys(decoded.header), claims: withoutKeys(decoded.claims) });
  }
  return tokens;
}

function withoutKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutKeys) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      PRIVATE_JWK_MEMBERS.has(k) && typeof v !== 'object' ? '[private key member not shown]' : withoutKeys(v),
    ]),
  ) as T;
}

/** Every string in a value, depth first (evidence details nest objects and lists). */
export function* stringsOf(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringsOf(v);
  else if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value)) yield* stringsOf(v);
}
