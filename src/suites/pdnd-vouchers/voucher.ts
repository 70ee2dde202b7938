import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { cutSignature } from '../../core/redact.js';
import { createClientAssertion, type ClientKey } from '../../jose/client-assertion.js';
import { createDpopProof, type DpopKey } from '../../jose/dpop.js';
import { decodeJws } from '../../jose/jws.js';
import { httpRequest, type HttpRequest } from '../../http/client.js';
import { exchange, type NonceState } from './exchange.js';
import type { Probe } from './judge.js';
import type { PdndVouchersTarget } from './target.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A token request of authorizationServerApi.yml: client_credentials with a jwt-bearer assertion. */
export function tokenRequest(
  t: PdndVouchersTarget,
  clientId: string,
  assertion: string,
  proofs: string[] = [],
): Omit<HttpRequest, 'timeoutMs'> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
  });
  const headers: Record<string, string | string[]> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (proofs.length) headers['dpop'] = proofs.length === 1 ? (proofs[0] ?? '') : proofs;
  return {
    url: t.as.tokenEndpoint,
    method: 'POST',
    headers,
    body: form.toString(),
    address: t.as.address,
    tls: t.as.tls,
  };
}

/** A voucher as issued: the token (kept in memory only), its type, header and claims. */
export interface IssuedVoucher {
  token: string;
  tokenType: string;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
}

export interface VoucherRequest {
  label: string;
  key: ClientKey;
  purposeId?: string;
  auditDigest?: string;
  dpopKey?: DpopKey;
}

/** Requests a voucher with a valid assertion (fresh per attempt, so a retry never reuses a jti). */
export async function requestVoucher(
  t: PdndVouchersTarget,
  r: VoucherRequest,
  nonce: NonceState,
  timeoutMs: number,
): Promise<{ probe: Probe; voucher?: IssuedVoucher }> {
  let lastAssertion = '';
  const obs = await exchange(
    async (n) => {
      lastAssertion = await createClientAssertion(r.key, {
        audience: t.as.assertionAudience,
        purposeId: r.purposeId,
        auditDigest: r.auditDigest,
      });
      const proofs = r.dpopKey
        ? [await createDpopProof(r.dpopKey, { htm: 'POST', htu: t.as.tokenEndpoint, nonce: n })]
        : [];
      return tokenRequest(t, r.key.clientId, lastAssertion, proofs);
    },
    { nonce, timeoutMs },
  );
  const probe: Probe = {
    id: r.label,
    label: r.label,
    obs,
    sent: { clientAssertion: cutSignature(lastAssertion), dpopProof: r.dpopKey ? 'valid proof' : 'none' },
  };
  const token = obs.json?.['access_token'];
  if (obs.status !== 200 || typeof token !== 'string') return { probe };
  const decoded = decodeJws(token);
  const voucher: IssuedVoucher = {
    token,
    tokenType: String(obs.json?.['token_type'] ?? ''),
    header: decoded?.header,
    claims: decoded?.claims,
  };
  probe.sent = {
    ...probe.sent,
    voucher: cutSignature(token),
    tokenType: voucher.tokenType,
    expiresIn: obs.json?.['expires_in'],
  };
  return { probe, voucher };
}

/** Verifies a voucher's signature against the authorization server's published keys. */
export async function verifyVoucherSignature(
  t: PdndVouchersTarget,
  token: string,
  timeoutMs: number,
): Promise<{ finding: 'pass' | 'fail' | 'inconclusive' | 'info'; detail: string }> {
  if (!t.as.jwksUri) return { finding: 'info', detail: 'signature not verified: no jwksUri in the profile' };
  const res = await httpRequest({ url: t.as.jwksUri, address: t.as.address, tls: t.as.tls, timeoutMs });
  if (!res.ok || res.response.status !== 200) {
    return {
      finding: 'inconclusive',
      detail: `the JWKS at ${t.as.jwksUri} could not be read (${res.ok ? res.response.status : res.error})`,
    };
  }
  try {
    const jwks = JSON.parse(res.response.body.toString('utf8')) as JSONWebKeySet;
    await jwtVerify(token, createLocalJWKSet(jwks));
    return { finding: 'pass', detail: `signature verified with a key of ${t.as.jwksUri}` };
  } catch (e) {
    return {
      finding: 'fail',
      detail: `signature does not verify with ${t.as.jwksUri}: ${(e as Error).message}`,
    };
  }
}
