import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { createDpopProof, type DpopKey } from '../../jose/dpop.js';
import type { VoucherCredentials } from './target.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_TTL_SEC = 60;

/** A PDND client assertion for an API (m2m) client: RS256, kid, iss = sub = client id, no purposeId. */
export async function clientAssertion(c: VoucherCredentials, audience: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: c.kid, typ: 'JWT' })
    .setIssuer(c.clientId)
    .setSubject(c.clientId)
    .setAudience(audience)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_TTL_SEC)
    .sign(c.privateKey);
}

/** The form and headers of a DPoP voucher request to the token endpoint. */
export async function voucherRequest(
  c: VoucherCredentials,
  tokenEndpoint: string,
  audience: string,
  dpopKey: DpopKey,
) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: c.clientId,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await clientAssertion(c, audience),
  });
  return {
    body: form.toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      dpop: await createDpopProof(dpopKey, { htm: 'POST', htu: tokenEndpoint }),
    },
  };
}
