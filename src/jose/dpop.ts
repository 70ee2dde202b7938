import { randomUUID, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { accessTokenHash, jwkThumbprint } from './thumbprint.js';

/** A DPoP key pair (RFC 9449): the private half signs proofs, the public half travels in their header. */
export interface DpopKey {
  privateKey: CryptoKey | KeyObject;
  publicJwk: JWK;
  alg: 'ES256' | 'RS256';
  /** RFC 7638 thumbprint of publicJwk: what cnf.jkt of a voucher bound to this key must be. */
  thumbprint: string;
}

export interface DpopProofClaims {
  htm: string;
  /** The request URI; query and fragment are dropped, as RFC 9449 and PDND require. */
  htu: string;
  /** Sets `ath` to the hash of this token (proofs sent to a resource server). */
  accessToken?: string;
  nonce?: string;
  iat?: number;
  jti?: string;
}

/** Only the public members of a JWK: a proof must never carry private key material. */
export function publicMembers(jwk: JWK): JWK {
  const { kty, crv, x, y, n, e } = jwk;
  return Object.fromEntries(
    Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined),
  ) as JWK;
}

export async function generateDpopKey(alg: 'ES256' | 'RS256' = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = publicMembers(await exportJWK(publicKey));
  return { privateKey, publicJwk, alg, thumbprint: await jwkThumbprint(publicJwk) };
}

/** `htu` per RFC 9449 section 4.2: the target URI without query and fragment. */
export function htuOf(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** The claims of a valid proof, before any mutation. */
export function dpopClaims(p: DpopProofClaims): Record<string, unknown> {
  return {
    htm: p.htm,
    htu: htuOf(p.htu),
    iat: p.iat ?? Math.floor(Date.now() / 1000),
    jti: p.jti ?? randomUUID(),
    ...(p.accessToken !== undefined ? { ath: accessTokenHash(p.accessToken) } : {}),
    ...(p.nonce !== undefined ? { nonce: p.nonce } : {}),
  };
}

/** A valid DPoP proof: header exactly {typ: dpop+jwt, alg, jwk}, claims htm, htu, iat, jti (+ ath, nonce). */
export async function createDpopProof(key: DpopKey, p: DpopProofClaims): Promise<string> {
  return new SignJWT(dpopClaims(p))
    .setProtectedHeader({ typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk })
    .sign(key.privateKey);
}
