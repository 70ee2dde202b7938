import type { Outcome } from '../../../core/suite.js';
import type { Evidence } from '../../../core/evidence.js';
import { isNonceChallenge } from '../../../oauth/exchange.js';
import type { AuthMode, GatewaySession, Probe, ProbeResult } from '../session.js';
import { is2xx, probeEvidence } from '../probe-evidence.js';

interface Negative {
  probe: Probe;
  /** Statuses that are the documented refusal. */
  refusal: number[];
  result: ProbeResult;
}

export interface AuthCampaign {
  first: { probe: Probe; result: ProbeResult };
  negatives: Negative[];
  last: { probe: Probe; result: ProbeResult };
}

/** The ways a request may get DPoP wrong, and how PDND refuses each (400 for a malformed header, 401 for a bad proof). */
const MUTATIONS: { auth: AuthMode; label: string; refusal: number[] }[] = [
  { auth: 'bearer', label: 'Bearer instead of DPoP', refusal: [400, 401] },
  { auth: 'dpop-no-proof', label: 'DPoP token without a proof', refusal: [400, 401] },
  { auth: 'proof-other-method', label: 'proof for another method', refusal: [401] },
  { auth: 'proof-other-uri', label: 'proof for another URI', refusal: [401] },
];

/** Positive control, each mutation, positive control again: all on the same read request. */
export async function authCampaign(s: GatewaySession): Promise<AuthCampaign> {
  const control = (label: string): Probe => ({
    campaign: 'auth',
    label,
    method: 'GET',
    path: s.target.controlPath,
  });
  const firstProbe = control('positive control (first)');
  const first = { probe: firstProbe, result: await s.send(firstProbe) };
  const negatives = await Promise.all(
    MUTATIONS.map(async (m) => {
      const probe: Probe = { ...control(m.label), auth: m.auth };
      return { probe, refusal: m.refusal, result: await s.send(probe) };
    }),
  );
  const lastProbe = control('positive control (last)');
  return { first, negatives, last: { probe: lastProbe, result: await s.send(lastProbe) } };
}

export function judgeAuth(c: AuthCampaign): Outcome {
  const evidence: Evidence[] = [
    probeEvidence(c.first.probe, c.first.result, is2xx(c.first.result) ? 'info' : 'inconclusive'),
  ];
  const failures: string[] = [];
  const unknown: string[] = [];
  for (const n of c.negatives) {
    const r = n.result;
    if (!r.ok || r.response.status >= 500) {
      unknown.push(n.probe.label);
      evidence.push(probeEvidence(n.probe, r, 'inconclusive'));
    } else if (isNonceChallenge(r.response)) {
      // A gateway that asks for a nonce first has not yet said whether it accepts this form.
      unknown.push(`${n.probe.label} (a use_dpop_nonce challenge, not a refusal)`);
      evidence.push(probeEvidence(n.probe, r, 'inconclusive'));
    } else if (n.refusal.includes(r.response.status)) {
      evidence.push(probeEvidence(n.probe, r, 'pass'));
    } else {
      failures.push(
        `${n.probe.label} answered ${r.response.status}${is2xx(r) ? ' (accepted)' : ''}, not ${n.refusal.join(' or ')}`,
      );
      evidence.push(probeEvidence(n.probe, r, 'fail'));
    }
  }
  evidence.push(probeEvidence(c.last.probe, c.last.result, is2xx(c.last.result) ? 'info' : 'inconclusive'));
  if (!is2xx(c.first.result) || !is2xx(c.last.result)) {
    const bad = !is2xx(c.first.result) ? c.first.result : c.last.result;
    const why = bad.ok ? `answered ${bad.response.status}` : bad.reason;
    return {
      finding: 'inconclusive',
      reason: `The positive control (a valid DPoP request) did not succeed (${why}), so the refusals prove nothing.`,
      evidence,
    };
  }
  if (failures.length)
    return {
      finding: 'fail',
      reason: `The gateway does not enforce DPoP: ${failures.join('; ')}.`,
      evidence,
    };
  if (unknown.length)
    return { finding: 'inconclusive', reason: `Could not judge: ${unknown.join(', ')}.`, evidence };
  return {
    finding: 'pass',
    reason:
      'A valid DPoP request succeeds, while Bearer, a missing proof and proofs for another method or URI are refused.',
    evidence,
  };
}
