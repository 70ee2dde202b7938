import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';

/** RFC 7638 JWK thumbprint (SHA-256, base64url): the value of cnf.jkt in a DPoP-bound voucher. */
export function jwkThumbprint(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint(jwk, 'sha256');
}

/** RFC 9449 `ath`: base64url(SHA-256(access token)), binding a proof to the token it is sent with. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}
