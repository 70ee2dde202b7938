import type { Outcome } from '../../../core/suite.js';
import { headerValue } from '../../../http/client.js';
import { isNonceChallenge } from '../../../oauth/exchange.js';
import type { Control } from '../control.js';
import type { GatewaySession, Probe, ProbeResult } from '../session.js';
import { is2xx, outcomeOf, probeEvidence } from '../probe-evidence.js';

export interface BaseCampaign {
  baseUrl: string;
  v3: { probe: Probe; result: ProbeResult };
  v2: { probe: Probe; result: ProbeResult };
}

/** The positive control, served under /v3, and the same request under /v2. */
export async function baseCampaign(s: GatewaySession, control: Control): Promise<BaseCampaign> {
  const v2: Probe = { ...control.probe, campaign: 'base', label: 'the same request under /v2', base: 'v2' };
  return {
    baseUrl: s.target.baseUrl,
    v3: { probe: control.probe, result: control.result },
    v2: { probe: v2, result: await s.send(v2) },
  };
}

export function judgeBase(c: BaseCampaign): Outcome {
  const evidence = [probeEvidence(c.v3.probe, c.v3.result), probeEvidence(c.v2.probe, c.v2.result)];
  if (!/\/v3$/.test(new URL(c.baseUrl).pathname)) {
    return { finding: 'fail', reason: `The configured base URL ${c.baseUrl} does not end in /v3.`, evidence };
  }
  if (!is2xx(c.v3.result)) {
    const why = c.v3.result.ok ? `answered ${outcomeOf(c.v3.result)}` : c.v3.result.reason;
    return { finding: 'inconclusive', reason: `The request under /v3 did not succeed (${why}).`, evidence };
  }
  if (!c.v2.result.ok)
    return {
      finding: 'inconclusive',
      reason: `The /v2 request could not be made: ${c.v2.result.reason}`,
      evidence,
    };
  const res = c.v2.result.response;
  // Still challenged after the retry with the nonce: what /v2 does for an accepted request is unknown.
  if (isNonceChallenge(res))
    return {
      finding: 'inconclusive',
      reason: `The /v2 request got only a use_dpop_nonce challenge (HTTP ${res.status}), not an answer.`,
      evidence,
    };
  const location = headerValue(res.headers, 'location') ?? '';
  if (res.status >= 300 && res.status < 400 && /\/v3(\/|$)/.test(new URL(location, c.baseUrl).pathname)) {
    return {
      finding: 'fail',
      reason: `/v2 redirects to /v3 (HTTP ${res.status}, Location ${location}): v2 clients are silently moved instead of being told to migrate.`,
      evidence,
    };
  }
  return {
    finding: 'pass',
    reason: `The API is served under /v3, and /v2 answers ${res.status} without redirecting to /v3.`,
    evidence,
  };
}
