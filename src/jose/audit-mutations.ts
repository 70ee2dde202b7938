import { AUDIT_HEADER } from './audit.js';

/**
 * How a call presents its AUDIT_REST_02 evidence differently from the valid one: an audit JWT
 * with changed claims (re-signed by the client), no audit JWT, or a voucher whose client
 * assertion carried no digest of it.
 */
export type AuditMutation =
  | { label: string; auditClaims(valid: Record<string, unknown>): Record<string, unknown> }
  | { label: string; omit: 'audit-jwt' | 'voucher-digest' };

/**
 * Every way a call may break the link between its audit JWT and the voucher's digest, each
 * differing from the valid call in exactly one respect; the suite YAML names the ones that decide
 * a requirement.
 */
export const AUDIT_MUTATIONS = {
  'tampered-audit': {
    label:
      'audit JWT with a changed claim, re-signed by the client (no longer the one hashed into the voucher)',
    auditClaims: (valid: Record<string, unknown>) => ({
      ...valid,
      [Object.keys(valid)[0] ?? 'userID']: 'attesta-tampered',
    }),
  },
  'missing-audit': { label: `no ${AUDIT_HEADER} header`, omit: 'audit-jwt' },
  'voucher-without-digest': {
    label: 'voucher issued without digest, sent with the audit JWT',
    omit: 'voucher-digest',
  },
} as const satisfies Record<string, AuditMutation>;
