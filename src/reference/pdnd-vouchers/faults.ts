import type { Descriptions } from '../part.js';

/** Faults of the producer's e-service, each breaking one rule. */
export const ESERVICE_FAULTS = {
  'vouchers.signature-not-checked': 'voucher signatures are not verified (PDND-PRODUCER-01)',
  'vouchers.jwk-header-trusted':
    "a voucher carrying its own key in a jwk header is verified with that key, not the AS's (PDND-PRODUCER-01)",
  'vouchers.x5c-header-trusted':
    "a voucher carrying a certificate in x5c is verified with that certificate's key (PDND-PRODUCER-01)",
  'vouchers.unknown-kid-unverified':
    "a voucher whose kid is not in the AS's JWKS is accepted unverified (PDND-PRODUCER-01)",
  'vouchers.alg-none-accepted': 'vouchers with alg none are accepted (PDND-PRODUCER-01)',
  'vouchers.expired-accepted': 'expired vouchers are accepted (PDND-PRODUCER-01)',
  'vouchers.audience-not-checked': 'vouchers for another audience are accepted (PDND-PRODUCER-01)',
  'vouchers.audit-digest-not-compared':
    "the audit JWT is not compared with the voucher's digest (PDND-AUDIT-01)",
  'vouchers.dpop-not-required':
    'a DPoP-bound voucher is accepted under the Bearer scheme without a proof (PDND-DPOP-01)',
  'vouchers.unbound-accepted':
    'a voucher with no cnf is served by the DPoP-only e-service, as Bearer or with a proof (PDND-DPOP-01)',
  'vouchers.htu-path-only':
    "the proof's htu is compared by path only, not scheme, host and port (PDND-DPOP-01)",
  'vouchers.ath-optional':
    'a proof without ath is accepted; ath is compared only when present (PDND-DPOP-01)',
  'vouchers.jkt-not-checked': 'the proof key is not compared with cnf.jkt (PDND-DPOP-01)',
  'vouchers.htm-not-checked': "the proof's htm is not checked (PDND-DPOP-01)",
  'vouchers.htu-not-checked': "the proof's htu is not checked (PDND-DPOP-01)",
  'vouchers.ath-not-checked': "the proof's ath is not checked (PDND-DPOP-01)",
  'vouchers.iat-not-checked': "the proof's iat is not checked (PDND-DPOP-01)",
  'vouchers.proof-header-not-checked':
    'the proof header is not checked: typ, alg, private jwk (PDND-DPOP-01)',
  'vouchers.no-replay-cache': 'proofs are not remembered, so a replay is accepted (PDND-DPOP-02)',
  'vouchers.nonce-not-verified': 'nonces are issued but any nonce value is accepted (PDND-DPOP-04)',
  'vouchers.stale-nonce-accepted':
    'nonces are issued and checked, but every nonce ever issued stays valid (PDND-DPOP-04)',
} as const satisfies Descriptions;

/** Behaviours of the e-service that break no rule. */
export const ESERVICE_VARIANTS = {
  'vouchers.echoes-credentials':
    'compliant: each refusal quotes the Authorization and DPoP headers it received, in WWW-Authenticate and in the problem detail',
} as const satisfies Descriptions;

export type EServiceFault = keyof typeof ESERVICE_FAULTS | keyof typeof ESERVICE_VARIANTS;
