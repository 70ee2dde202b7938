import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { signCompact } from './jws.js';

/** The client's registered key on PDND: client assertions are RS256 with its kid. */
export interface ClientKey {
  clientId: string;
  kid: string;
  privateKey: KeyObject;
  alg: 'RS256' | 'ES256';
}

export interface AssertionRequest {
  audience: string;
  purposeId?: string;
  /** SHA-256 (hex) of the AUDIT_REST_02 JWT, sent as digest {alg: SHA256, value}. */
  auditDigest?: string;
  lifetimeSec?: number;
}

/**
 * Header and claims of a valid PDND client assertion: kid; iss and sub the client id, aud, jti,
 * iat, exp; purposeId and digest when asked for. Mutations start from these.
 */
export function assertionParts(
  key: ClientKey,
  r: AssertionRequest,
): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const iat = Math.floor(Date.now() / 1000);
  return {
    header: { alg: key.alg, kid: key.kid, typ: 'JWT' },
    claims: {
      iss: key.clientId,
      sub: key.clientId,
      aud: r.audience,
      jti: randomUUID(),
      iat,
      exp: iat + (r.lifetimeSec ?? 120),
      ...(r.purposeId !== undefined ? { purposeId: r.purposeId } : {}),
      ...(r.auditDigest !== undefined ? { digest: { alg: 'SHA256', value: r.auditDigest } } : {}),
    },
  };
}

export function createClientAssertion(key: ClientKey, r: AssertionRequest): Promise<string> {
  const { header, claims } = assertionParts(key, r);
  return signCompact(header, claims, key.privateKey);
}
