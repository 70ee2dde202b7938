import { base64url, CompactSign, type CryptoKey, type KeyObject } from 'jose';

/**
 * Low-level JWS building blocks for valid tokens and for their mutations: a negative check changes
 * exactly one thing (a header member, a claim, the signature) and signs the rest as usual.
 */
type SigningKey = CryptoKey | KeyObject | Uint8Array;

const encoder = new TextEncoder();

/** Signs claims under an arbitrary protected header (jose checks only that `alg` fits the key). */
export async function signCompact(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: SigningKey,
): Promise<string> {
  return new CompactSign(encoder.encode(JSON.stringify(claims)))
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}

/** An unsecured JWS (RFC 7515 appendix A.5): header alg "none" and an empty signature. */
export function unsecuredJws(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  return `${base64url.encode(JSON.stringify({ ...header, alg: 'none' }))}.${base64url.encode(JSON.stringify(claims))}.`;
}

/** The same JWS with one signature byte flipped: header and claims intact, signature invalid. */
export function tamperSignature(jws: string): string {
  const [h, p, s] = jws.split('.');
  if (h === undefined || p === undefined || !s) throw new Error('not a signed compact JWS');
  const sig = base64url.decode(s);
  const i = Math.floor(sig.length / 2);
  sig[i] = (sig[i] ?? 0) ^ 0x01;
  return `${h}.${p}.${base64url.encode(sig)}`;
}

/** Header and claims of a compact JWS without verifying it; undefined when it is not one. */
export function decodeJws(
  jws: string,
): { header: Record<string, unknown>; claims: Record<string, unknown> } | undefined {
  const [h, p] = jws.split('.');
  if (jws.split('.').length !== 3 || !h || !p) return undefined;
  try {
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(h))) as unknown;
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p))) as unknown;
    if (!isObject(header) || !isObject(claims)) return undefined;
    return { header, claims };
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
