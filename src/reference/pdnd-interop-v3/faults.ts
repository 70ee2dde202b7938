import type { Descriptions } from '../part.js';

/** Faults of the reference v3 gateway, each breaking exactly one rule of pdnd-interop-v3. */
export const GATEWAY_FAULTS = {
  'gateway.digest-hex': 'Digest in hex instead of base64 (PDND3-INT-01)',
  'gateway.digest-other-bytes': 'Digest computed over other bytes than those sent (PDND3-INT-02)',
  'gateway.no-integrity-on-errors': 'errors carry neither Digest nor Agid-JWT-Signature (PDND3-INT-01/03/04)',
  'gateway.signature-other-key':
    'Agid-JWT-Signature signed by a key that is not the published one (PDND3-INT-03)',
  'gateway.signed-headers-without-content-type': 'signed_headers leaves out content-type (PDND3-INT-04)',
  'gateway.no-rate-limit-headers': 'no X-Rate-Limit-* headers (PDND3-RATE-01)',
  'gateway.limit-51-accepted': 'limit=51 accepted on offset/limit operations (PDND3-PAGE-01)',
  'gateway.offset-negative-accepted': 'offset=-1 accepted (PDND3-PAGE-01)',
  'gateway.missing-limit-accepted': 'a missing limit defaults instead of being refused (PDND3-PAGE-01)',
  'gateway.delete-204': 'DELETE answers 204 with no body instead of 200 {} (PDND3-SCHEMA-03)',
  'gateway.user-extra-property':
    'User carries an extra property, against additionalProperties false (PDND3-USERS-01, PDND3-SCHEMA-01)',
  'gateway.keyseed-lowercase-use-accepted':
    'KeySeed use is matched case-insensitively: "sig" accepted (PDND3-SCHEMA-02)',
  'gateway.rbac-not-enforced': 'writes on keys allowed to a non-admin client (PDND3-RBAC-01)',
  'gateway.bearer-accepted': 'a Bearer voucher is accepted like a DPoP one (PDND3-AUTH-01)',
  'gateway.signature-not-checked':
    "the voucher's signature is not verified, only its issuer, audience and expiry (PDND3-AUTH-01)",
  'gateway.replay-not-detected':
    'proof jtis are not remembered, so a replayed proof is served (PDND3-AUTH-01)',
  'gateway.binding-not-checked':
    'the proof key is not compared with cnf.jkt, so another key or an unbound voucher passes (PDND3-AUTH-01)',
  'gateway.htu-path-only':
    "the proof's htu is compared by path only, not scheme, host and port (PDND3-AUTH-01)",
  'gateway.iat-not-checked': "the proof's iat is not checked (PDND3-AUTH-01)",
  'gateway.ath-optional':
    'a proof without ath is accepted; ath is compared only when present (PDND3-AUTH-01)',
  'gateway.v2-redirect': '/v2 redirects to /v3 (PDND3-BASE-01)',
} as const satisfies Descriptions;

/** Behaviours that break no rule: challenges a client must answer, never refusals, and echoes. */
export const GATEWAY_VARIANTS = {
  'gateway.rate-limited':
    'the first requests answer 429 with Retry-After: 1 (a challenge to wait, not a failure)',
  'gateway.gzip-responses':
    'compliant: responses are gzip-compressed for clients that accept it, with the Digest over the compressed bytes sent (RFC 3230)',
  'gateway.dpop-nonce-required':
    'every request whose DPoP proof lacks the current nonce, Bearer ones included, answers a use_dpop_nonce challenge (which PDND does not issue): a challenge to answer, never a refusal',
  'gateway.refuses-everything-401':
    'every /v3 request, valid ones included, is refused with 401 invalid_token (a client the gateway does not let in): nothing can be judged',
  'gateway.refuses-everything-400':
    'every /v3 request, valid ones included, is refused with 400 and an invalid_dpop_proof problem (a proof form the gateway rejects): nothing can be judged',
  'gateway.validates-parameters':
    'every path and query parameter is validated against its schema in the description ($ref, format, enum, bounds, pattern): 400 for a malformed value, as a validating gateway answers',
  'gateway.description-defect':
    'the description requires a User property it does not declare under additionalProperties false (a defect no response can satisfy); the gateway answers Users as they are',
  'gateway.echoes-credentials':
    'compliant: each refusal quotes the voucher it received in the problem detail, and the voucher and DPoP proof in WWW-Authenticate',
} as const satisfies Descriptions;

export type GatewayFault = keyof typeof GATEWAY_FAULTS | keyof typeof GATEWAY_VARIANTS;
