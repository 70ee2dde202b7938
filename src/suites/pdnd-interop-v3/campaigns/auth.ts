import type { Outcome } from '../../../core/suite.js';
import { runCampaign, inParallel, type Campaign, type Trial } from '../../../checks/campaign/campaign.js';
import { judgeCampaign, type Judging, type Reading } from '../../../checks/campaign/judge.js';
import { DPOP_MUTATIONS, type DpopMutationId } from '../../../jose/dpop-mutations.js';
import { isNonceChallenge } from '../../../oauth/exchange.js';
import type { GatewaySession, Probe, ProbeResult } from '../session.js';
import { is2xx, probeEvidence } from '../probe-evidence.js';

/** One request of the campaign: the probe, what came back, and the statuses that are its documented refusal. */
export type AuthTrial = Trial<ProbeResult> & { probe: Probe; refusal: readonly number[] };
export type AuthCampaign = Campaign<AuthTrial>;

/**
 * The rows of the DPoP table the gateway campaign sends (each request counts against the budget,
 * so only these); the suite YAML names those that decide PDND3-AUTH-01.
 */
export const GATEWAY_NEGATIVES: readonly DpopMutationId[] = [
  'bearer-without-proof',
  'no-dpop-header',
  'wrong-htm',
  'wrong-htu',
];

/** How PDND refuses: 400 or 401 for a malformed header or scheme, 401 for a bad proof. */
const refusalOf = (m: DpopMutationId): readonly number[] =>
  DPOP_MUTATIONS[m].malformed ? [400, 401] : [401];

/** Positive control, each mutation, positive control again: all on the same read request. */
export function authCampaign(s: GatewaySession): Promise<AuthCampaign> {
  const request = (label: string): Probe => ({
    campaign: 'auth',
    label,
    method: 'GET',
    path: s.target.controlPath,
  });
  const send = async (id: string, probe: Probe, refusal: readonly number[]): Promise<AuthTrial> => ({
    id,
    label: probe.label,
    probe,
    refusal,
    answer: await s.send(probe),
  });
  return runCampaign<AuthTrial>({
    mutations: GATEWAY_NEGATIVES,
    control: (when) =>
      send(`control-${when}`, request(`positive control (${when === 'before' ? 'first' : 'last'})`), []),
    negatives: () =>
      inParallel(
        GATEWAY_NEGATIVES.map((m) => () => {
          const row = DPOP_MUTATIONS[m];
          return send(m, { ...request(row.brief ?? row.label), dpop: m }, refusalOf(m));
        }),
      ),
  });
}

const CHALLENGE = 'a use_dpop_nonce challenge, not a refusal';

function readAuth(t: AuthTrial): Reading {
  const r = t.answer!;
  if (!r.ok) return { kind: 'undetermined', seen: r.reason };
  const { status } = r.response;
  if (status >= 500) return { kind: 'undetermined', seen: `HTTP ${status}` };
  // A gateway that asks for a nonce first has not yet said whether it accepts this form.
  if (isNonceChallenge(r.response)) return { kind: 'undetermined', seen: CHALLENGE };
  if (t.refusal.includes(status)) return { kind: 'refused', seen: `HTTP ${status}` };
  const seen = `answered ${status}${is2xx(r) ? ' (accepted)' : ''}, not ${t.refusal.join(' or ')}`;
  return { kind: is2xx(r) ? 'served' : 'wrong', seen };
}

const AUTH_JUDGING: Judging<AuthTrial> = {
  control: (t) => {
    const r = t.answer!;
    return is2xx(r)
      ? { ok: true }
      : { ok: false, problem: r.ok ? `answered ${r.response.status}` : r.reason };
  },
  read: readAuth,
  controlEvidence: (t, _when, c) => probeEvidence(t.probe, t.answer!, c.ok ? 'info' : 'inconclusive'),
  negativeEvidence: (t, _reading, finding) =>
    probeEvidence(t.probe, t.answer!, finding === 'not-applicable' ? 'info' : finding),
  policy: { failStandsDespite: { before: false, after: false } },
  reasons: {
    controlFailed: (_when, why) =>
      `The positive control (a valid DPoP request) did not succeed (${why}), so the refusals prove nothing.`,
    failed: (judged) =>
      `The gateway does not enforce DPoP: ${judged.map((j) => `${j.trial.label} ${j.reading.seen}`).join('; ')}.`,
    undetermined: (judged) =>
      `Could not judge: ${judged
        .map((j) => (j.reading.seen === CHALLENGE ? `${j.trial.label} (${CHALLENGE})` : j.trial.label))
        .join(', ')}.`,
    noneApplies: () => ({ finding: 'inconclusive', reason: 'No negative of DPoP was sent.' }),
    passed: () =>
      'A valid DPoP request succeeds, while Bearer, a missing proof and proofs for another method or URI are refused.',
  },
};

/** Judges the named negatives of the campaign (`with.mutations` of the suite YAML). */
export function judgeAuth(c: AuthCampaign, mutations: readonly string[]): Outcome {
  return judgeCampaign(c, mutations, AUTH_JUDGING);
}
