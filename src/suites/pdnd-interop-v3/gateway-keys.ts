import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Evidence } from '../../core/evidence.js';
import { gatewayConnectionFor } from './connection.js';
import type { GatewaySession } from './session.js';

type Jwks = Parameters<typeof createLocalJWKSet>[0];

/** The gateway's Agid-JWT-Signature keys, or why they could not be had; the evidence says where they came from. */
export interface GatewayKeySet {
  verify?: JWTVerifyGetKey;
  unavailable?: string;
  evidence: Evidence;
}

const keyCount = (jwks: Jwks) => `${jwks.keys.length} key${jwks.keys.length === 1 ? '' : 's'}`;

/**
 * The configured JWKS file, or the JWKS URL fetched once, before the campaigns, through the
 * session: within the run's budget and concurrency limit, a 429 waited out. The gateway's address
 * override and trust apply when the JWKS is on the gateway's host name; another host is resolved
 * and trusted as usual.
 */
export async function gatewayKeys(s: GatewaySession): Promise<GatewayKeySet> {
  const k = s.target.gatewayKeys;
  const label = 'gateway keys';
  if (k.kind === 'jwks') {
    const jwks = k.jwks as Jwks;
    return {
      verify: createLocalJWKSet(jwks),
      evidence: { label, outcome: `the JWKS file ${k.source} (${keyCount(jwks)})` },
    };
  }
  const unavailable = (why: string): GatewayKeySet => ({
    unavailable: why,
    evidence: { label, outcome: why, finding: 'inconclusive' },
  });
  const { address } = gatewayConnectionFor(k.url, s.target.baseUrl, s.target);
  const via = address ? ` via ${address}` : '';
  const r = await s.request({
    url: k.url,
    headers: { accept: 'application/json, application/jwk-set+json' },
  });
  if (!r.ok) return unavailable(`the gateway JWKS ${k.url} could not be fetched${via} (${r.error})`);
  if (r.response.status !== 200)
    return unavailable(`the gateway JWKS ${k.url} answered HTTP ${r.response.status}${via}`);
  const sent = 1 + r.rateLimitWaits;
  try {
    const jwks = JSON.parse(r.response.body.toString('utf8')) as Jwks;
    if (!Array.isArray(jwks.keys)) throw new Error('no keys array');
    return {
      verify: createLocalJWKSet(jwks),
      evidence: {
        label,
        outcome: `the JWKS URL ${k.url}, fetched${via} (HTTP 200, ${keyCount(jwks)}), ${sent} request${sent === 1 ? '' : 's'} of the budget`,
      },
    };
  } catch (e) {
    return unavailable(`the gateway JWKS ${k.url} is not a JWKS (${(e as Error).message})`);
  }
}
