import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { jwsForEvidence } from '../../jose/private-jwk.js';
import type { ClientKey } from '../../jose/client-assertion.js';
import type { DpopKey } from '../../jose/dpop.js';
import { decodeJws } from '../../jose/jws.js';
import { addressFor } from '../../http/address-override.js';
import { httpRequest } from '../../http/client.js';
import { validTokenRequest, type TokenEndpoint } from '../../oauth/token-request.js';
import { exchange, type NonceState } from './exchange.js';
import type { Trial } from './judge.js';
import type { PdndVouchersTarget } from './target.js';

/** The authorization server's token endpoint as the profile gives it. */
export function tokenEndpoint(t: PdndVouchersTarget): TokenEndpoint {
  return { url: t.as.tokenEndpoint, address: t.as.address, tls: t.as.tls };
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
): Promise<{ probe: Trial; voucher?: IssuedVoucher }> {
  let lastAssertion = '';
  const obs = await exchange(
    async (n) => {
      const built = await validTokenRequest(
        tokenEndpoint(t),
        {
          key: r.key,
          assertion: { audience: t.as.assertionAudience, purposeId: r.purposeId, auditDigest: r.auditDigest },
          dpopKey: r.dpopKey,
        },
        n,
      );
      lastAssertion = built.assertion;
      return built.request;
    },
    { nonce, timeoutMs },
  );
  const probe: Trial = {
    id: r.label,
    label: r.label,
    answer: obs,
    sent: { clientAssertion: jwsForEvidence(lastAssertion), dpopProof: r.dpopKey ? 'valid proof' : 'none' },
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
    voucher: jwsForEvidence(token),
    tokenType: voucher.tokenType,
    expiresIn: obs.json?.['expires_in'],
  };
  return { probe, voucher };
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

const SIGNATURE_NOT_VERIFIED =
  'signature not verified: the profile gives no authorizationServer.jwksUri, so the voucher was judged on its header and claims only';

/** Verifies a voucher's signature against the authorization server's published keys. */
export async function verifyVoucherSignature(
  t: PdndVouchersTarget,
  token: string,
  timeoutMs: number,
): Promise<{ finding: 'pass' | 'fail' | 'inconclusive' | 'info'; detail: string }> {
  if (!t.as.jwksUri) return { finding: 'info', detail: SIGNATURE_NOT_VERIFIED };
  // The override is given for the token endpoint's host; a JWKS elsewhere (a CDN) resolves as usual.
  const address = addressFor(t.as.jwksUri, hostOf(t.as.tokenEndpoint), t.as.address);
  const res = await httpRequest({ url: t.as.jwksUri, address, tls: t.as.tls, timeoutMs });
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
