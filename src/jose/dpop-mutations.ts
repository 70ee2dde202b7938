import { randomBytes } from 'node:crypto';
import { exportJWK } from 'jose';
import { createDpopProof, dpopClaims, generateDpopKey, type DpopKey, type DpopProofClaims } from './dpop.js';
import { decodeJws, signCompact, tamperSignature, unsecuredJws } from './jws.js';
import { accessTokenHash } from './thumbprint.js';
import { staleNonce, type NonceState } from '../oauth/exchange.js';

export interface DpopMutation {
  /** What was sent differently from a valid request, as a report says it. */
  label: string;
  /** The same in a few words, where a reason lists several. */
  brief?: string;
  /** Only the proof differs (RFC 9449 section 4.3): applies to a token request as well as to a resource. */
  proof: boolean;
  /** A missing DPoP header or the wrong scheme: a malformed request, which PDND refuses with 400 or 401. */
  malformed?: boolean;
  /** The Authorization scheme sent with the DPoP-bound voucher, where it is not DPoP. */
  scheme?: 'Bearer';
  /**
   * Sent with an unbound voucher (no cnf) of the same client and purpose instead of the bound one
   * (RFC 9449 section 7.1): the campaign asks the authorization server for a Bearer voucher.
   */
  unbound?: true;
  /** An iat row: where the proof carries a server nonce, the nonce may decide freshness instead. */
  freshness?: true;
  /** The DPoP header values sent (none: no DPoP header), from the claims of a valid proof. */
  proofs(key: DpopKey, valid: DpopProofClaims): Promise<string[]>;
}

const one = async (proof: Promise<string>): Promise<string[]> => [await proof];

/** A proof signed with the right key whose header or claims differ from a valid one. */
function resigned(
  change: (
    header: Record<string, unknown>,
    claims: Record<string, unknown>,
    key: DpopKey,
  ) => {
    header?: Record<string, unknown>;
    claims?: Record<string, unknown>;
  },
) {
  return (key: DpopKey, p: DpopProofClaims) => {
    const header = { typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk };
    const claims = dpopClaims(p);
    const changed = change(header, claims, key);
    return one(signCompact(changed.header ?? header, changed.claims ?? claims, key.privateKey));
  };
}

const now = () => Math.floor(Date.now() / 1000);

/** The valid htu with one part of its origin changed: a verifier comparing only the path accepts it. */
function otherOrigin(change: (u: URL) => void) {
  return resigned((_h, c) => {
    const u = new URL(String(c['htu']));
    change(u);
    return { claims: { ...c, htu: `${u.origin}${u.pathname}` } };
  });
}

/**
 * Every way a DPoP-protected request may get DPoP wrong, each differing from a valid request in
 * exactly one respect (RFC 9449 sections 4.3 and 7.1). The suite YAML names the ones that decide a
 * requirement; a new negative is a new row.
 */
const TABLE = {
  'no-dpop-header': {
    label: 'no DPoP header',
    brief: 'DPoP token without a proof',
    proof: false,
    malformed: true,
    proofs: async () => [],
  },
  'bearer-scheme': {
    label: 'DPoP-bound voucher sent as Authorization: Bearer',
    proof: false,
    malformed: true,
    scheme: 'Bearer',
    proofs: (key, p) => one(createDpopProof(key, p)),
  },
  'bearer-without-proof': {
    label: 'DPoP-bound voucher sent as Authorization: Bearer, without a DPoP header',
    brief: 'Bearer instead of DPoP',
    proof: false,
    malformed: true,
    scheme: 'Bearer',
    proofs: async () => [],
  },
  'two-dpop-headers': {
    label: 'two DPoP headers (two valid proofs)',
    proof: false,
    malformed: true,
    proofs: async (key, p) => [await createDpopProof(key, p), await createDpopProof(key, p)],
  },
  'other-key': {
    label: 'proof signed with a freshly generated key (its jwk in the header), not the key of cnf.jkt',
    proof: true,
    proofs: async (key, p) => one(createDpopProof(await generateDpopKey(key.alg), p)),
  },
  'wrong-htm': {
    label: 'htm names another HTTP method',
    brief: 'proof for another method',
    proof: true,
    proofs: resigned((_h, c) => ({
      claims: { ...c, htm: String(c['htm']).toUpperCase() === 'GET' ? 'POST' : 'GET' },
    })),
  },
  'wrong-htu': {
    label: 'htu names another path',
    brief: 'proof for another URI',
    proof: true,
    proofs: resigned((_h, c) => ({ claims: { ...c, htu: `${String(c['htu'])}/attesta-other-path` } })),
  },
  'htu-other-scheme': {
    label: 'htu names the same host and path under the other scheme (http/https)',
    proof: true,
    proofs: otherOrigin((u) => {
      const port = u.port;
      u.protocol = u.protocol === 'https:' ? 'http:' : 'https:';
      u.port = port;
    }),
  },
  'htu-other-host': {
    label: 'htu names the same path on another host',
    proof: true,
    proofs: otherOrigin((u) => void (u.hostname = 'attesta-other-host.invalid')),
  },
  'htu-other-port': {
    label: 'htu names the same host and path on another port',
    proof: true,
    proofs: otherOrigin((u) => void (u.port = String(((Number(u.port) || 443) % 65535) + 1))),
  },
  'no-ath': {
    label: 'proof without ath for the bound voucher',
    // A token request carries no ath anyway: this differs from a valid proof only at a resource.
    proof: false,
    proofs: resigned((_h, c) => ({
      claims: Object.fromEntries(Object.entries(c).filter(([name]) => name !== 'ath')),
    })),
  },
  'unbound-voucher-bearer': {
    label: 'an unbound voucher (no cnf) of the same client and purpose, sent as Authorization: Bearer',
    proof: false,
    unbound: true,
    scheme: 'Bearer',
    proofs: async () => [],
  },
  'unbound-voucher-dpop': {
    label:
      'an unbound voucher (no cnf) of the same client and purpose, sent as Authorization: DPoP with a valid proof',
    proof: false,
    unbound: true,
    proofs: (key, p) => one(createDpopProof(key, p)),
  },
  'iat-old': {
    label: 'iat 10 minutes in the past',
    proof: true,
    freshness: true,
    proofs: resigned((_h, c) => ({ claims: { ...c, iat: now() - 600 } })),
  },
  'iat-future': {
    label: 'iat 10 minutes in the future',
    proof: true,
    freshness: true,
    proofs: resigned((_h, c) => ({ claims: { ...c, iat: now() + 600 } })),
  },
  'wrong-ath': {
    label: 'ath is the hash of another access token',
    proof: true,
    proofs: resigned((_h, c) => ({
      claims: { ...c, ath: accessTokenHash(`another-token-${randomBytes(8).toString('hex')}`) },
    })),
  },
  'typ-not-dpop': {
    label: 'typ JWT instead of dpop+jwt',
    proof: true,
    proofs: resigned((h) => ({ header: { ...h, typ: 'JWT' } })),
  },
  'alg-none': {
    label: 'alg none and no signature',
    proof: true,
    proofs: async (key, p) =>
      one(
        Promise.resolve(unsecuredJws({ typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk }, dpopClaims(p))),
      ),
  },
  'symmetric-alg': {
    label: 'alg HS256 (HMAC with a random secret) instead of an asymmetric algorithm',
    proof: true,
    proofs: async (key, p) =>
      one(signCompact({ typ: 'dpop+jwt', alg: 'HS256', jwk: key.publicJwk }, dpopClaims(p), randomBytes(32))),
  },
  'private-key-in-jwk': {
    label: 'the jwk header carries the private key too',
    proof: true,
    proofs: async (key, p) =>
      one(
        signCompact(
          { typ: 'dpop+jwt', alg: key.alg, jwk: { ...(await exportJWK(key.privateKey)) } },
          dpopClaims(p),
          key.privateKey,
        ),
      ),
  },
  'invalid-signature': {
    label: 'one byte of the signature flipped',
    proof: true,
    proofs: async (key, p) => one(createDpopProof(key, p).then(tamperSignature)),
  },
} satisfies Record<string, DpopMutation>;

export type DpopMutationId = keyof typeof TABLE;
export const DPOP_MUTATIONS: Readonly<Record<DpopMutationId, DpopMutation>> = TABLE;

/**
 * Why an iat row proves nothing as sent: its proof carried a nonce the server issued, and RFC 9449
 * section 4.3 (check 9) lets a server judge a proof's freshness by its nonce instead of its iat.
 */
export function freshnessByNonce(id: string, proofs: readonly string[]): string | undefined {
  const row = (DPOP_MUTATIONS as Readonly<Record<string, DpopMutation>>)[id];
  if (!row?.freshness || !proofs.some((p) => decodeJws(p)?.claims['nonce'] !== undefined)) return undefined;
  return "the proof carried the server's DPoP nonce, which RFC 9449 section 4.3 (check 9) lets decide freshness instead of iat";
}

/** The mutations that change only the proof: those a token request can be sent with. */
export const PROOF_MUTATIONS = (Object.keys(DPOP_MUTATIONS) as DpopMutationId[]).filter(
  (m) => DPOP_MUTATIONS[m].proof,
);

/**
 * Proofs that differ from a valid one only in their nonce (RFC 9449 section 8), for servers that
 * issue nonces: each is sent without answering a challenge, since use_dpop_nonce is the refusal
 * it looks for. `nonce` picks the nonce from what the server issued so far, or says why it cannot
 * be made yet.
 */
export const DPOP_NONCE_MUTATIONS: Record<
  string,
  { label: string; nonce(state: Pick<NonceState, 'issued'>): string | undefined | { notYet: string } }
> = {
  'wrong-nonce': {
    label: 'DPoP proof with a nonce the server never issued',
    nonce: () => 'attesta-wrong-nonce',
  },
  'missing-nonce': { label: 'DPoP proof without the nonce the server issued', nonce: () => undefined },
  'stale-nonce': {
    label: 'DPoP proof with a stale nonce (the first the server issued in this run, replaced twice since)',
    nonce: (state) =>
      staleNonce(state) ?? {
        notYet: `the e-service supplied ${state.issued.length} distinct nonce(s) during the campaign; a nonce is surely stale only once it and its successor have both been replaced (3 seen), since a server may keep the previous nonce valid`,
      },
  },
};
