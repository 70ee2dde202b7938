import type { Descriptions } from '../../part.js';

/** Faults of the authorization server, each breaking one rule of pdnd-vouchers. */
export const AS_FAULTS = {
  'as.assertion-audience-not-checked': 'client assertions addressed to anyone are accepted (PDND-VOUCHER-02)',
  'as.assertion-expiry-not-checked': 'expired client assertions are accepted (PDND-VOUCHER-02)',
  'as.assertion-signature-not-checked':
    'the assertion signature is not verified, so unregistered keys pass (PDND-VOUCHER-02)',
  'as.assertion-key-by-header':
    'an assertion whose kid is not registered is verified with the key of its own jwk header (PDND-VOUCHER-02)',
  'as.unknown-kid-unverified':
    'an assertion whose kid is not registered is accepted without verifying its signature (PDND-VOUCHER-02)',
  'as.iss-sub-not-checked':
    'the assertion key is found by kid among all clients, so one client gets vouchers for another (PDND-VOUCHER-02)',
  'as.assertion-replay':
    'client assertion jtis are not remembered, so a replayed assertion is served (PDND-VOUCHER-02)',
  'as.purpose-id-optional': 'a consumer client gets a voucher without naming a purpose (PDND-VOUCHER-02)',
  'as.voucher-without-purpose-id': 'vouchers for a purpose lack the purposeId claim (PDND-VOUCHER-01)',
  'as.dpop-unbound': 'a DPoP voucher is bound to no key: token_type DPoP but no cnf.jkt (PDND-DPOP-03)',
  'as.dpop-proof-not-checked':
    'the DPoP proof of a token request is not verified: htm, htu, signature (PDND-DPOP-03)',
  'as.dpop-typ-not-checked': 'a token-request proof is accepted whatever its typ (PDND-DPOP-03)',
  'as.dpop-iat-not-checked': 'a token-request proof is accepted whatever its iat (PDND-DPOP-03)',
  'as.dpop-replay-not-detected':
    'a token-request proof jti is not remembered, so a replayed proof is served (PDND-DPOP-03)',
} as const satisfies Descriptions;

/** Behaviours of the authorization server that break no rule. */
export const AS_VARIANTS = {
  'as.echoes-assertion':
    'compliant: a refused token request quotes the client assertion and DPoP proof it received, in WWW-Authenticate and in the problem detail',
} as const satisfies Descriptions;

export type AsFault = keyof typeof AS_FAULTS | keyof typeof AS_VARIANTS;
