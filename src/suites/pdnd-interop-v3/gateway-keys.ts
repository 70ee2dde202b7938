import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Evidence } from '../../core/evidence.js';
import { httpRequest } from '../../http/client.js';
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
 * The configured JWKS file, or the JWKS URL fetched once, before the campaigns, as one request of
 * the run's budget. The target's address override applies when the JWKS is on the gateway's host
 * (as curl --resolve would); a JWKS on another host is resolved normally.
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
  if (s.remaining <= 0)
    return unavailable(`the request budget was spent before the gateway JWKS ${k.url} could be fetched`);
  s.requestsSent++; // one request of the run's budget, like every other
  const sameHost = new URL(k.url).host === new URL(s.target.baseUrl).host;
  const address = sameHost ? s.target.address : undefined;
  const via = address ? ` via ${address}` : '';
  const r = await httpRequest({
    url: k.url,
    headers: { accept: 'application/json, application/jwk-set+json' },
    timeoutMs: s.settings.probeTimeoutMs,
    ...(address ? { address } : {}),
    ...(s.target.ca ? { tls: { ca: s.target.ca } } : {}),
  });
  if (!r.ok) return unavailable(`the gateway JWKS ${k.url} could not be fetched${via} (${r.error})`);
  if (r.response.status !== 200)
    return unavailable(`the gateway JWKS ${k.url} answered HTTP ${r.response.status}${via}`);
  try {
    const jwks = JSON.parse(r.response.body.toString('utf8')) as Jwks;
    if (!Array.isArray(jwks.keys)) throw new Error('no keys array');
    return {
      verify: createLocalJWKSet(jwks),
      evidence: {
        label,
        outcome: `the JWKS URL ${k.url}, fetched${via} (HTTP 200, ${keyCount(jwks)}), 1 request of the budget`,
      },
    };
  } catch (e) {
    return unavailable(`the gateway JWKS ${k.url} is not a JWKS (${(e as Error).message})`);
  }
}
