import { decodeJws, tamperSignature, unsecuredJws } from '../jose/jws.js';

const OTHER_AUDIENCE = 'https://attesta.invalid/other-eservice';

const now = () => Math.floor(Date.now() / 1000);

/**
 * How a request presents a voucher differently from the valid one: its own token (undefined: no
 * Authorization header), or claims to re-sign with a test signer the resource server trusts.
 */
export type VoucherMutation =
  | { label: string; token(valid: string): string | undefined }
  | { label: string; resignedClaims(): Record<string, unknown> };

/**
 * Every way a request to a resource server may present a voucher wrong, each differing from the
 * valid voucher in exactly one respect; the suite YAML names the ones that decide a requirement.
 */
export const VOUCHER_MUTATIONS = {
  'no-authorization': { label: 'no Authorization header', token: () => undefined },
  'malformed-token': { label: 'a token that is not a JWT', token: () => 'attesta-not-a-voucher' },
  'tampered-signature': { label: 'voucher with one signature byte flipped', token: tamperSignature },
  'alg-none-voucher': {
    label: 'voucher re-encoded with alg none and no signature',
    token: (valid: string) => {
      const decoded = decodeJws(valid);
      return unsecuredJws(decoded?.header ?? {}, decoded?.claims ?? {});
    },
  },
  'expired-voucher': {
    label: 'voucher expired 10 minutes ago (signed by the test signer)',
    resignedClaims: () => ({ iat: now() - 1200, nbf: now() - 1200, exp: now() - 600 }),
  },
  'other-audience': {
    label: `voucher for another audience, ${OTHER_AUDIENCE} (signed by the test signer)`,
    resignedClaims: () => ({ aud: OTHER_AUDIENCE }),
  },
} satisfies Record<string, VoucherMutation>;

export type VoucherMutationId = keyof typeof VOUCHER_MUTATIONS;

/** The rows that need no test signer: a client can send them to any resource server. */
export type TokenMutationId = {
  [K in VoucherMutationId]: (typeof VOUCHER_MUTATIONS)[K] extends { token: unknown } ? K : never;
}[VoucherMutationId];

/** The token a row sends instead of the valid one (undefined: no Authorization header). */
export function mutatedToken(id: TokenMutationId, valid: string): string | undefined {
  return VOUCHER_MUTATIONS[id].token(valid);
}
