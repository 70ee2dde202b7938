import { createHash, randomUUID } from 'node:crypto';
import type { ClientKey } from './client-assertion.js';
import { signCompact } from './jws.js';

/** The header that carries the AUDIT_REST_02 JWT to the producer. */
export const AUDIT_HEADER = 'Agid-JWT-TrackingEvidence';

/** digest.value of the client assertion: SHA-256 of the audit JWT as sent, in hex. */
export function auditDigest(auditJwt: string): string {
  return createHash('sha256').update(auditJwt, 'ascii').digest('hex');
}

interface AuditRequest {
  audience: string;
  purposeId: string;
  /** The audit information the producer asks for (userID, userLocation, LoA, ...). */
  claims: Record<string, unknown>;
}

/** Header and claims of the AUDIT_REST_02 JWT, signed with the client's key like the assertion. */
export function auditParts(
  key: ClientKey,
  r: AuditRequest,
): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const iat = Math.floor(Date.now() / 1000);
  return {
    header: { alg: key.alg, kid: key.kid, typ: 'JWT' },
    claims: {
      ...r.claims,
      iss: key.clientId,
      aud: r.audience,
      purposeId: r.purposeId,
      jti: randomUUID(),
      iat,
      nbf: iat,
      exp: iat + 300,
    },
  };
}

export function createAuditJwt(key: ClientKey, r: AuditRequest): Promise<string> {
  const { header, claims } = auditParts(key, r);
  return signCompact(header, claims, key.privateKey);
}
