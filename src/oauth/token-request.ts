import type { HttpRequest, HttpTls } from '../http/client.js';
import { createClientAssertion, type AssertionRequest, type ClientKey } from '../jose/client-assertion.js';
import { createDpopProof, type DpopKey } from '../jose/dpop.js';

/** RFC 7523 client authentication: the client_assertion_type of every PDND token request. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Where a token endpoint is and how to reach it. */
export interface TokenEndpoint {
  url: string;
  address?: string;
  tls?: HttpTls;
}

/**
 * A token request of authorizationServerApi.yml: client_credentials with a jwt-bearer client
 * assertion, and the DPoP header(s) given (one for a DPoP voucher, none for Bearer; more only as
 * a mutation).
 */
export function tokenRequest(
  endpoint: TokenEndpoint,
  clientId: string,
  assertion: string,
  proofs: readonly string[] = [],
): Omit<HttpRequest, 'timeoutMs'> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    client_assertion: assertion,
  });
  const headers: Record<string, string | string[]> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (proofs.length) headers['dpop'] = proofs.length === 1 ? (proofs[0] ?? '') : [...proofs];
  return {
    url: endpoint.url,
    method: 'POST',
    headers,
    body: form.toString(),
    ...(endpoint.address !== undefined ? { address: endpoint.address } : {}),
    ...(endpoint.tls !== undefined ? { tls: endpoint.tls } : {}),
  };
}

interface ValidTokenRequest {
  key: ClientKey;
  assertion: AssertionRequest;
  /** Asks for a DPoP voucher bound to this key. */
  dpopKey?: DpopKey;
}

/**
 * A valid token request, built anew for each attempt: a fresh assertion (new jti) and, for DPoP,
 * a fresh proof carrying the nonce the server last supplied - so a retry never replays a jti.
 */
export async function validTokenRequest(
  endpoint: TokenEndpoint,
  r: ValidTokenRequest,
  nonce?: string,
): Promise<{ request: Omit<HttpRequest, 'timeoutMs'>; assertion: string }> {
  const assertion = await createClientAssertion(r.key, r.assertion);
  const proofs = r.dpopKey
    ? [
        await createDpopProof(r.dpopKey, {
          htm: 'POST',
          htu: endpoint.url,
          ...(nonce !== undefined ? { nonce } : {}),
        }),
      ]
    : [];
  return { request: tokenRequest(endpoint, r.key.clientId, assertion, proofs), assertion };
}
