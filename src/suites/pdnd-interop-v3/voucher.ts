import type { ClientKey } from '../../jose/client-assertion.js';
import type { DpopKey } from '../../jose/dpop.js';
import { validTokenRequest, type TokenEndpoint } from '../../oauth/token-request.js';
import type { VoucherCredentials } from './target.js';

const ASSERTION_TTL_SEC = 60;

/** A PDND API (m2m) client signs its assertions RS256 with its registered kid. */
function clientKey(c: VoucherCredentials): ClientKey {
  return { clientId: c.clientId, kid: c.kid, privateKey: c.privateKey, alg: 'RS256' };
}

/**
 * A DPoP voucher request of an API client (no purposeId), built anew for each attempt with the
 * nonce the token endpoint last supplied; without a key, a Bearer voucher request.
 */
export async function voucherRequest(
  c: VoucherCredentials,
  endpoint: TokenEndpoint,
  audience: string,
  dpopKey: DpopKey | undefined,
  nonce?: string,
) {
  const { request } = await validTokenRequest(
    endpoint,
    {
      key: clientKey(c),
      assertion: { audience, lifetimeSec: ASSERTION_TTL_SEC },
      ...(dpopKey ? { dpopKey } : {}),
    },
    nonce,
  );
  return request;
}
