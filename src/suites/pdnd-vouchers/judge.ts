import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import { worst, type Finding } from '../../core/verdict.js';
import { responseDetails, statusLine, type Observation } from './exchange.js';

/** One request of a campaign: a positive control or a mutation of it. */
export interface Probe {
  id: string;
  /** What was sent, or what was sent differently from the positive control. */
  label: string;
  obs?: Observation;
  /** What differed, shown with tokens cut (header.claims, no signature). */
  sent?: Record<string, unknown>;
  /** Why this probe was not run where it cannot apply (never counted as a pass). */
  notApplicable?: string;
  /** Why this probe could not be done by our own client. */
  inconclusive?: string;
  /** A nonce negative: a use_dpop_nonce answer is the refusal it looks for, not a challenge. */
  nonceNegative?: boolean;
}

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

/** A positive control before the negatives, every negative, and the control again after them. */
export interface Campaign {
  before: Probe;
  after?: Probe;
  probes: Map<string, Probe>;
  /** Requests every judgement shares (the voucher used, a challenge answered). */
  setup: Evidence[];
  /** Why the campaign could not start at all (no voucher, say). */
  blocked?: string;
}

export function accepted(obs: Observation | undefined, acceptStatus?: readonly number[]): boolean {
  if (obs?.status === undefined) return false;
  return acceptStatus ? acceptStatus.includes(obs.status) : obs.status >= 200 && obs.status < 300;
}

export function controlEvidence(p: Probe, ok: boolean): Evidence {
  return {
    label: p.label,
    outcome: ok
      ? `accepted: ${statusLine(p.obs ?? {})}`
      : `not accepted: ${p.inconclusive ?? statusLine(p.obs ?? {})}`,
    finding: ok ? 'info' : 'inconclusive',
    details: { ...p.sent, ...(p.obs ? responseDetails(p.obs) : {}) },
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

/**
 * A negative is refused only on positive evidence from the peer: a 4xx that is neither a status
 * the profile counts as success, nor a 429, nor a nonce challenge (outside the nonce negatives).
 * Success is acceptance; a 5xx is an error, not the refusal the rules ask for; no response is our
 * problem.
 */
export function judgeNegative(p: Probe, rule: RefusalRule): { finding: Finding; evidence: Evidence } {
  const evidence = (finding: Finding, outcome: string): { finding: Finding; evidence: Evidence } => ({
    finding,
    evidence: {
      label: p.label,
      outcome,
      finding,
      details: { ...p.sent, ...(p.obs ? responseDetails(p.obs) : {}) },
    },
  });
  if (p.notApplicable) return evidence('not-applicable', `not applicable: ${p.notApplicable}`);
  if (p.inconclusive || !p.obs)
    return evidence('inconclusive', `could not be probed: ${p.inconclusive ?? 'not run'}`);
  const { obs } = p;
  if (obs.status === undefined) return evidence('inconclusive', `could not be probed: ${statusLine(obs)}`);
  if (accepted(obs, rule.acceptStatus)) {
    return obs.status >= 400
      ? evidence(
          'inconclusive',
          `answered ${statusLine(obs)}, a status the profile counts as success (eservice.acceptStatus), so a refusal cannot be told from service`,
        )
      : evidence('fail', `accepted: ${statusLine(obs)}`);
  }
  if (obs.status < 400) return evidence('fail', `accepted: ${statusLine(obs)}`);
  // A nonce negative looks for exactly the use_dpop_nonce answer; to any other probe it is a challenge.
  const retry = obs.status === 429 || !p.nonceNegative ? retryAsked(obs) : undefined;
  if (retry) return evidence('inconclusive', `${retry}, not a refusal`);
  if (obs.status >= 500) return evidence('fail', `server error ${statusLine(obs)} instead of a 4xx refusal`);
  if (!rule.refuseWith.includes(obs.status))
    return evidence(
      'warn',
      `refused, but with ${statusLine(obs)} rather than ${rule.refuseWith.join(' or ')}`,
    );
  if (rule.refuseErrors && !rule.refuseErrors.includes(obs.error ?? '')) {
    return evidence(
      'warn',
      `refused with ${obs.status}, but with error ${obs.error ?? '(none)'} rather than ${rule.refuseErrors.join(' or ')}`,
    );
  }
  return evidence('pass', `refused: ${statusLine(obs)}`);
}

/**
 * Judges the named negatives of a campaign: meaningful only between two accepted positive
 * controls. Each mutation id must exist in the campaign (the suite YAML names them).
 */
export function judgeNegatives(c: Campaign, ids: readonly string[], rule: RefusalRule): Outcome {
  if (c.blocked) return { finding: 'inconclusive', reason: c.blocked, evidence: c.setup };
  const { acceptStatus } = rule;
  const evidence: Evidence[] = [...c.setup];
  const beforeOk = accepted(c.before.obs, acceptStatus) && !c.before.inconclusive;
  evidence.push(controlEvidence(c.before, beforeOk));
  if (!beforeOk) {
    const why = c.before.inconclusive ?? statusLine(c.before.obs ?? {});
    return {
      finding: 'inconclusive',
      reason: `The positive control was not accepted (${why}), so no refusal can be judged.`,
      evidence,
    };
  }
  const results = ids.map((id) => {
    const probe = c.probes.get(id);
    if (!probe) throw new Error(`the campaign has no mutation "${id}"`);
    return { probe, ...judgeNegative(probe, rule) };
  });
  evidence.push(...results.map((r) => r.evidence));
  const afterOk = c.after !== undefined && accepted(c.after.obs, acceptStatus) && !c.after.inconclusive;
  if (c.after) evidence.push(controlEvidence(c.after, afterOk));
  if (rule.notProbed) evidence.push({ label: 'not probed', outcome: rule.notProbed, finding: 'info' });
  const labels = (f: Finding) => results.filter((r) => r.finding === f).map((r) => r.probe.label);
  const na = labels('not-applicable');
  const naNote =
    (na.length
      ? ` Not applicable: ${na.join('; ')} (${results.find((r) => r.finding === 'not-applicable')?.probe.notApplicable}).`
      : '') + (rule.notProbed ? ` Not probed: ${rule.notProbed}.` : '');
  const failed = labels('fail');
  if (failed.length) return { finding: 'fail', reason: `Not refused: ${failed.join('; ')}.`, evidence };
  if (!afterOk) {
    const why = c.after?.inconclusive ?? statusLine(c.after?.obs ?? {});
    return {
      finding: 'inconclusive',
      reason: `The positive control failed after the negatives (${why}), so their refusals prove nothing.`,
      evidence,
    };
  }
  const unknown = results.filter((r) => r.finding === 'inconclusive');
  if (unknown.length) {
    return {
      finding: 'inconclusive',
      reason: `Could not be judged: ${unknown.map((r) => `${r.probe.label} (${r.evidence.outcome})`).join('; ')}.`,
      evidence,
    };
  }
  const run = results.filter((r) => r.finding !== 'not-applicable');
  if (run.length === 0)
    return { finding: 'not-applicable', reason: `None of the negatives applies.${naNote}`, evidence };
  const finding = worst(run.map((r) => r.finding));
  if (finding === 'warn') {
    return {
      finding,
      reason: `Every negative was refused, but not always as the requirement asks: ${results
        .filter((r) => r.finding === 'warn')
        .map((r) => `${r.probe.label} (${r.evidence.outcome})`)
        .join('; ')}.${naNote}`,
      evidence,
    };
  }
  return {
    finding,
    reason: `All ${run.length} negatives were refused and the positive control was accepted before and after.${naNote}`,
    evidence,
  };
}
