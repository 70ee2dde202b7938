import { base64url } from 'jose';
import { cutSignature } from '../core/redact.js';

/** The private members of a JWK (RFC 7518 section 6: RSA and EC private parts, the octet key k). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

const PRIVATE_MARK = '[private]';

/** True when the JWK carries any private member. */
export function hasPrivateMembers(jwk: object): boolean {
  return PRIVATE_JWK_MEMBERS.some((m) => m in jwk);
}

function maskJwk(jwk: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(jwk).map(([k, v]) => [
      k,
      (PRIVATE_JWK_MEMBERS as readonly string[]).includes(k) ? PRIVATE_MARK : v,
    ]),
  );
}

/**
 * A JWS as evidence may show it: header and claims, the signature cut, and every private member
 * of a `jwk` in the header replaced by "[private]" - a DPoP proof that wrongly carries its private
 * key (a negative check sends one) must not put that key, to which a live voucher is bound, in a
 * report. A header without such members is left byte for byte as sent.
 */
export function jwsForEvidence(jws: string): string {
  const [h, p, s] = jws.split('.');
  if (h === undefined || p === undefined || s === undefined || jws.split('.').length !== 3)
    return cutSignature(jws);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(base64url.decode(h)));
  } catch {
    return cutSignature(jws);
  }
  const jwk = (header as { jwk?: unknown } | null)?.jwk;
  if (typeof jwk !== 'object' || jwk === null || !hasPrivateMembers(jwk)) return cutSignature(jws);
  const masked = { ...(header as Record<string, unknown>), jwk: maskJwk(jwk as Record<string, unknown>) };
  return cutSignature(`${base64url.encode(JSON.stringify(masked))}.${p}.${s}`);
}
