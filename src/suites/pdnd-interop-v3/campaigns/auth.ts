import type { Outcome } from '../../../core/suite.js';
import { runCampaign, inParallel, type Campaign, type Trial } from '../../../checks/campaign/campaign.js';
import { judgeCampaign, type Judging, type Reading } from '../../../checks/campaign/judge.js';
import { DPOP_MUTATIONS, freshnessByNonce, type DpopMutationId } from '../../../jose/dpop-mutations.js';
import { decodeJws } from '../../../jose/jws.js';
import { VOUCHER_MUTATIONS, type TokenMutationId } from '../../../oauth/voucher-mutations.js';
import { isNonceChallenge } from '../../../oauth/exchange.js';
import type { GatewaySession, Probe, ProbeResult } from '../session.js';
import { is2xx, probeEvidence } from '../probe-evidence.js';

/** One request of the campaign: the probe, what came back, and the statuses that are its documented refusal. */
export type AuthTrial = Trial<ProbeResult> & { probe: Probe; refusal: readonly number[] };
export type AuthCampaign = Campaign<AuthTrial>;

/**
 * The negatives the gateway campaign sends (each request counts against the budget, so only
 * these): rows of the DPoP table, rows of the voucher table (a voucher whose signature does not
 * verify with the AS's keys, with a valid proof), and the replay of the control's proof. The
 * suite YAML names those that decide PDND3-AUTH-01.
 */
const GATEWAY_DPOP_NEGATIVES: readonly DpopMutationId[] = [
  'bearer-without-proof',
  'no-dpop-header',
  'wrong-htm',
  'wrong-htu',
  'htu-other-scheme',
  'htu-other-host',
  'htu-other-port',
  'other-key',
  'no-ath',
  'iat-old',
  'iat-future',
  'unbound-voucher-bearer',
  'unbound-voucher-dpop',
];
const GATEWAY_VOUCHER_NEGATIVES: readonly TokenMutationId[] = [
  'tampered-signature',
  'forged-unknown-kid',
  'forged-published-kid',
  'forged-jwk-header',
  'forged-jku-header',
  'forged-x5c-header',
];
const REPLAY = 'replayed-jti';

export const GATEWAY_NEGATIVES: readonly string[] = [
  ...GATEWAY_DPOP_NEGATIVES,
  ...GATEWAY_VOUCHER_NEGATIVES,
  REPLAY,
];

/** How PDND refuses: 400 or 401 for a malformed header or scheme, 401 for a bad proof or voucher. */
const refusalOf = (m: DpopMutationId): readonly number[] =>
  DPOP_MUTATIONS[m].malformed || DPOP_MUTATIONS[m].scheme ? [400, 401] : [401];

/** Why the unbound rows cannot be the attack here: the AS issued no voucher without cnf. */
async function unboundMissing(s: GatewaySession): Promise<string | undefined> {
  const v = await s.voucher('admin', true);
  if (!v.ok) return `the authorization server issued no Bearer voucher for the client (${v.reason})`;
  if (decodeJws(v.accessToken)?.claims['cnf'] !== undefined)
    return 'the voucher requested without a DPoP proof is DPoP-bound (cnf) all the same';
  return undefined;
}

/** Positive control, each mutation, positive control again: all on the same read request. */
export function authCampaign(s: GatewaySession): Promise<AuthCampaign> {
  const request = (label: string): Probe => ({
    campaign: 'auth',
    label,
    method: 'GET',
    path: s.target.controlPath,
  });
  const send = async (id: string, probe: Probe, refusal: readonly number[]): Promise<AuthTrial> => {
    const answer = await s.send(probe);
    const byNonce = answer.ok ? freshnessByNonce(id, answer.proofs) : undefined;
    return { id, label: probe.label, probe, refusal, answer, ...(byNonce ? { notApplicable: byNonce } : {}) };
  };
  const dpop = (m: DpopMutationId) => async (): Promise<AuthTrial> => {
    const row = DPOP_MUTATIONS[m];
    const probe: Probe = { ...request(row.brief ?? row.label), dpop: m };
    const missing = row.unbound ? await unboundMissing(s) : undefined;
    if (missing) return { id: m, label: probe.label, probe, refusal: [], notRun: missing };
    return send(m, probe, refusalOf(m));
  };
  const voucher = (m: TokenMutationId) => () =>
    send(m, { ...request(VOUCHER_MUTATIONS[m].label), voucher: m }, [401]);
  return runCampaign<AuthTrial>({
    mutations: GATEWAY_NEGATIVES,
    control: (when) =>
      send(`control-${when}`, request(`positive control (${when === 'before' ? 'first' : 'last'})`), []),
    negatives: async () => [
      ...(await inParallel([...GATEWAY_DPOP_NEGATIVES.map(dpop), ...GATEWAY_VOUCHER_NEGATIVES.map(voucher)])),
      ...(await replay(s, request, send)),
    ],
  });
}

/**
 * A valid request sent, then its very proof (same jti) sent again: the first must be served, the
 * second refused (RFC 9449 section 11.1). A replay whose first use was not served proves nothing.
 */
async function replay(
  s: GatewaySession,
  request: (label: string) => Probe,
  send: (id: string, probe: Probe, refusal: readonly number[]) => Promise<AuthTrial>,
): Promise<AuthTrial[]> {
  const first = await send(`${REPLAY}-first`, request('first use of a DPoP proof'), []);
  const again = request('the same DPoP proof (same jti) sent again');
  const answer = first.answer;
  if (!answer?.ok || !is2xx(answer))
    return [
      first,
      {
        id: REPLAY,
        label: again.label,
        probe: again,
        refusal: [401],
        inconclusive: `its first use was not served (${answer?.ok ? `HTTP ${answer.response.status}` : (answer?.reason ?? 'not sent')})`,
      },
    ];
  return [first, await send(REPLAY, { ...again, replayProof: answer.proofs[0] ?? '' }, [401])];
}

const CHALLENGE = 'a use_dpop_nonce challenge, not a refusal';

function readAuth(t: AuthTrial): Reading {
  if (t.notApplicable) return { kind: 'not-applicable', seen: `not applicable: ${t.notApplicable}` };
  const r = t.answer;
  if (!r) return { kind: 'undetermined', seen: t.inconclusive ?? 'not sent' };
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
  negativeEvidence: (t, reading, finding) =>
    probeEvidence(
      t.probe,
      t.answer ?? { ok: false, reason: reading.seen },
      finding === 'not-applicable' ? 'info' : finding,
    ),
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
    passed: (judged) =>
      `A valid DPoP request succeeds, while all ${judged.length} named negatives (scheme, proof, binding, voucher signature, replay) are refused.`,
  },
};

/** Judges the named negatives of the campaign (`with.mutations` of the suite YAML). */
export function judgeAuth(c: AuthCampaign, mutations: readonly string[]): Outcome {
  return judgeCampaign(c, mutations, AUTH_JUDGING);
}
