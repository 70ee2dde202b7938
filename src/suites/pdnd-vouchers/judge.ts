import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import type { Finding } from '../../core/verdict.js';
import type { Campaign as CampaignOf, Trial as CampaignTrial } from '../../checks/campaign/campaign.js';
import {
  judgeCampaign,
  judgeTrial,
  type ControlReading,
  type Judged,
  type Judging,
  type Reading,
  type ReadingKind,
} from '../../checks/campaign/judge.js';
import { isRedirect } from '../../http/redirect.js';
import { responseDetails, statusLine, type Observation } from './exchange.js';

/**
 * One request of a campaign (src/checks/campaign): a positive control or a mutation of it, with
 * the observation of what came back.
 */
export type Trial = CampaignTrial<Observation> & {
  /** A nonce negative: a use_dpop_nonce answer is the refusal it looks for, not a challenge. */
  nonceNegative?: boolean;
};

/** What counts as the refusal a requirement asks for (the `with:` of the suite YAML), and as success. */
export interface RefusalRule {
  refuseWith: readonly number[];
  /** The OAuth error codes the requirement names; a refusal with another code is a WARN. */
  refuseErrors?: readonly string[];
  /** Statuses the profile counts as success (eservice.acceptStatus); default any 2xx. */
  acceptStatus?: readonly number[];
  /** A case the requirement names that the campaign does not probe, and why. */
  notProbed?: string;
}

/** The positive control, every mutation, the control again (./producer-campaign.ts, ./as-campaign.ts). */
export type Campaign = CampaignOf<Trial>;

/** Success: a status the profile lists, or by default a 2xx; a redirect never (src/http/redirect.ts). */
export function accepted(obs: Observation | undefined, acceptStatus?: readonly number[]): boolean {
  if (obs?.status === undefined || isRedirect(obs.status)) return false;
  return acceptStatus ? acceptStatus.includes(obs.status) : obs.status >= 200 && obs.status < 300;
}

export function controlEvidence(p: Trial, ok: boolean): Evidence {
  return {
    label: p.label,
    outcome: ok
      ? `accepted: ${statusLine(p.answer ?? {})}`
      : `not accepted: ${p.inconclusive ?? statusLine(p.answer ?? {})}`,
    finding: ok ? 'info' : 'inconclusive',
    details: detailsOf(p),
  };
}

/**
 * Why a response is the server asking for a retry rather than a verdict: a 429 still there after
 * the bounded waits, or a use_dpop_nonce challenge (RFC 9449 sections 8, 9), said as it happened -
 * answered once and repeated, not answered by this probe, or without the nonce to answer it with.
 */
export function retryAsked(obs: Observation): string | undefined {
  if (obs.status === 429) return 'still rate limited (429) after the bounded waits: a request to retry later';
  if (!obs.nonceChallenge) return undefined;
  const how =
    obs.nonceChallenge === 'without-nonce'
      ? 'without a DPoP-Nonce header, so the challenge could not be answered'
      : obs.challengeAnswered
        ? 'again after the challenge was answered once'
        : 'not answered by this probe';
  return `${statusLine(obs)} ${how}: a challenge`;
}

/** Why an answer that issued nothing is still no verdict: a retry asked for, or a redirect not followed. */
export function noVerdict(obs: Observation): string | undefined {
  const retry = retryAsked(obs);
  if (retry) return retry;
  return obs.status !== undefined && isRedirect(obs.status) ? `answered ${statusLine(obs)}` : undefined;
}

/**
 * A negative is refused only on positive evidence from the peer: a 4xx that is neither a status
 * the profile counts as success, nor a 429, nor a nonce challenge (outside the nonce negatives).
 * Success is acceptance; a 5xx is an error, not the refusal the rules ask for; no response is our
 * problem; a redirect left after same-origin following is neither served nor refused.
 */
function readNegative(p: Trial, rule: RefusalRule): Reading {
  const reading = (kind: ReadingKind, seen: string): Reading => ({ kind, seen });
  if (p.notApplicable) return reading('not-applicable', `not applicable: ${p.notApplicable}`);
  if (p.inconclusive || !p.answer)
    return reading('undetermined', `could not be probed: ${p.inconclusive ?? 'not run'}`);
  const obs = p.answer;
  if (obs.status === undefined) return reading('undetermined', `could not be probed: ${statusLine(obs)}`);
  if (isRedirect(obs.status)) return reading('undetermined', `answered ${statusLine(obs)}`);
  if (accepted(obs, rule.acceptStatus)) {
    return obs.status >= 400
      ? reading(
          'undetermined',
          `answered ${statusLine(obs)}, a status the profile counts as success (eservice.acceptStatus), so a refusal cannot be told from service`,
        )
      : reading('served', `accepted: ${statusLine(obs)}`);
  }
  if (obs.status < 400) return reading('served', `accepted: ${statusLine(obs)}`);
  // A nonce negative looks for exactly the use_dpop_nonce answer; to any other probe it is a challenge.
  const retry = obs.status === 429 || !p.nonceNegative ? retryAsked(obs) : undefined;
  if (retry) return reading('undetermined', `${retry}, not a refusal`);
  if (obs.status >= 500) return reading('wrong', `server error ${statusLine(obs)} instead of a 4xx refusal`);
  if (!rule.refuseWith.includes(obs.status))
    return reading(
      'refused-otherwise',
      `refused, but with ${statusLine(obs)} rather than ${rule.refuseWith.join(' or ')}`,
    );
  if (rule.refuseErrors && !rule.refuseErrors.includes(obs.error ?? '')) {
    return reading(
      'refused-otherwise',
      `refused with ${obs.status}, but with error ${obs.error ?? '(none)'} rather than ${rule.refuseErrors.join(' or ')}`,
    );
  }
  return reading('refused', `refused: ${statusLine(obs)}`);
}

const detailsOf = (p: Trial) => ({ ...p.sent, ...(p.answer ? responseDetails(p.answer) : {}) });

const controlReading = (p: Trial, acceptStatus: readonly number[] | undefined): ControlReading =>
  accepted(p.answer, acceptStatus) && !p.inconclusive
    ? { ok: true }
    : { ok: false, problem: p.inconclusive ?? statusLine(p.answer ?? {}) };

/** What a result lists: the labels and outcomes of some negatives. */
const listed = (judged: readonly Judged<Trial>[]) =>
  judged.map((r) => `${r.trial.label} (${r.evidence.outcome})`).join('; ');

/** The negatives that did not apply and what the requirement names but no negative probes. */
function untested(judged: readonly Judged<Trial>[], rule: RefusalRule): string {
  const na = judged.filter((r) => r.finding === 'not-applicable');
  return (
    (na.length
      ? ` Not applicable: ${na.map((r) => r.trial.label).join('; ')} (${na[0]?.trial.notApplicable}).`
      : '') + (rule.notProbed ? ` Not probed: ${rule.notProbed}.` : '')
  );
}

/** How the PDND voucher campaigns are judged, for the refusal a requirement asks for. */
function judging(rule: RefusalRule): Judging<Trial> {
  return {
    control: (p) => controlReading(p, rule.acceptStatus),
    read: (p) => readNegative(p, rule),
    controlEvidence: (p, _when, c) => controlEvidence(p, c.ok),
    negativeEvidence: (p, reading, finding) => ({
      label: p.label,
      outcome: reading.seen,
      finding,
      details: detailsOf(p),
    }),
    // Nothing is judged without the control before; a negative served stands against a failed control after.
    policy: { failStandsDespite: { before: false, after: true }, hideNegativesWithoutControl: true },
    notes: rule.notProbed ? [{ label: 'not probed', outcome: rule.notProbed, finding: 'info' }] : [],
    reasons: {
      controlFailed: (when, why) =>
        when === 'before'
          ? `The positive control was not accepted (${why}), so no refusal can be judged.`
          : `The positive control failed after the negatives (${why}), so their refusals prove nothing.`,
      failed: (judged) => `Not refused: ${listed(judged)}.`,
      undetermined: (judged) => `Could not be judged: ${listed(judged)}.`,
      noneApplies: (judged) => ({
        finding: 'not-applicable',
        reason: `None of the negatives applies.${untested(judged, rule)}`,
      }),
      warned: (judged) =>
        `Every negative was refused, but not always as the requirement asks: ${listed(judged)}.${untested(judged, rule)}`,
      passed: (judged) =>
        `All ${judged.filter((r) => r.finding !== 'not-applicable').length} negatives were refused and the positive control was accepted before and after.${untested(judged, rule)}`,
    },
  };
}

/** One negative read and shown as evidence. */
export function judgeNegative(p: Trial, rule: RefusalRule): { finding: Finding; evidence: Evidence } {
  const { finding, evidence } = judgeTrial(p, judging(rule), { trial: p, ok: true });
  return { finding, evidence };
}

/**
 * Judges the named negatives of a campaign: meaningful only between two accepted positive
 * controls. Each mutation id must exist in the campaign (the suite YAML names them).
 */
export function judgeNegatives(c: Campaign, ids: readonly string[], rule: RefusalRule): Outcome {
  return judgeCampaign(c, ids, judging(rule));
}
