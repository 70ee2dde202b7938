import { errors, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { decodeJws } from '../../../jose/jws.js';
import { JWT_BEARER_ASSERTION_TYPE } from '../../../oauth/token-request.js';
import type { AsFault } from './faults.js';
import { invalidClient, invalidRequest } from './token-error.js';

const DIGEST_VALUE = /^[0-9a-fA-F]{64}$/;
const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'jti', 'iat', 'exp'];

/** A token request whose client assertion is well formed; its signature is not verified yet. */
export interface TokenRequest {
  assertion: string;
  kid: string;
  clientId: string;
  purposeId: string | undefined;
  digest: { alg?: unknown; value?: unknown } | undefined;
  header: Record<string, unknown>;
  claims: JWTPayload;
}

/** The form of a client_credentials request with a jwt-bearer client assertion, checked in PDND's order. */
export function readTokenRequest(form: URLSearchParams): TokenRequest {
  if (form.get('grant_type') !== 'client_credentials')
    throw invalidRequest('grant_type must be client_credentials');
  if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE)
    throw invalidRequest(`client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}`);
  const assertion = form.get('client_assertion');
  if (!assertion) throw invalidRequest('client_assertion is required');
  const decoded = decodeJws(assertion);
  if (!decoded) throw invalidRequest('client_assertion is not a compact JWS');
  const { header, claims } = decoded;
  if (header['alg'] !== 'RS256')
    throw invalidRequest(`the client assertion must be signed RS256, not ${String(header['alg'])}`);
  const kid = header['kid'];
  if (typeof kid !== 'string') throw invalidRequest('the client assertion header has no kid');
  for (const c of REQUIRED_CLAIMS) {
    if (claims[c] === undefined) throw invalidRequest(`the client assertion has no ${c}`);
  }
  const clientId = claims['sub'];
  if (typeof clientId !== 'string' || claims['iss'] !== clientId)
    throw invalidRequest('iss and sub must both be the client id');
  if (form.has('client_id') && form.get('client_id') !== clientId)
    throw invalidRequest('client_id differs from the assertion sub');
  const purposeId = claims['purposeId'];
  if (purposeId !== undefined && typeof purposeId !== 'string')
    throw invalidRequest('purposeId must be a string');
  const digest = claims['digest'] as TokenRequest['digest'];
  if (
    digest !== undefined &&
    (digest?.alg !== 'SHA256' || typeof digest.value !== 'string' || !DIGEST_VALUE.test(digest.value))
  ) {
    throw invalidRequest('digest must be {alg: SHA256, value: 64 hex characters}');
  }
  return { assertion, kid, clientId, purposeId, digest, header, claims };
}

/**
 * The assertion's signature by the client's registered key, its audience and its expiry. Each
 * fault turns off one of them; without the signature check the other two still apply.
 */
export async function verifyAssertion(
  request: TokenRequest,
  jwk: JWK | undefined,
  audiences: string[],
  on: (fault: AsFault) => boolean,
): Promise<void> {
  if (!jwk || on('as.assertion-signature-not-checked'))
    return checkUnsignedClaims(request.claims, audiences, on);
  try {
    await jwtVerify(request.assertion, await importJWK(jwk, 'RS256'), {
      algorithms: ['RS256'],
      ...(on('as.assertion-audience-not-checked') ? {} : { audience: audiences }),
      clockTolerance: 5,
    });
  } catch (e) {
    // jose reports expiry last, after the signature and every other claim passed.
    const expiredOnly = e instanceof errors.JWTExpired && on('as.assertion-expiry-not-checked');
    if (!expiredOnly) throw invalidClient(`client assertion rejected: ${(e as Error).message}`);
  }
}

function checkUnsignedClaims(claims: JWTPayload, audiences: string[], on: (fault: AsFault) => boolean): void {
  if (!on('as.assertion-audience-not-checked') && !audiences.some((a) => [claims['aud']].flat().includes(a)))
    throw invalidClient('the client assertion is not addressed to this authorization server');
  if (
    !on('as.assertion-expiry-not-checked') &&
    typeof claims['exp'] === 'number' &&
    claims['exp'] < Date.now() / 1000 - 5
  )
    throw invalidClient('client assertion rejected: the assertion has expired');
}
