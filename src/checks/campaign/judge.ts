import type { Evidence } from '../../core/evidence.js';
import type { Outcome } from '../../core/suite.js';
import type { Finding } from '../../core/verdict.js';
import type { Campaign, Trial } from './campaign.js';

/**
 * How a negative's answer reads, in the one vocabulary of every campaign:
 * - `served`: the peer did what the control gets (a 2xx, the control's own answer): FAIL;
 * - `refused`: the refusal the requirement asks for: PASS;
 * - `accepted`: a probe the requirement says must be served was served like the control (a fresh
 *   client certificate from the trusted CA, where pinning is forbidden): PASS;
 * - `refused-otherwise`: refused, but not as the requirement asks (another 4xx or error code): WARN;
 * - `wrong`: neither served nor refused as the requirement allows (a 403 where only 401 is right,
 *   a 5xx where a 4xx is due): FAIL;
 * - `undetermined`: no verdict can rest on it - our own client's error, a timeout, a 429 or a
 *   use_dpop_nonce challenge (a request to retry, never a refusal): INCONCLUSIVE;
 * - `not-applicable`: the probe does not apply here (a TLS version the server does not speak, a
 *   DPoP mutation at a Bearer e-service): neither a pass nor a failure;
 * - `not-run`: the negative applies but could not be sent for lack of means (no test signer, no
 *   second identity): what ran may still be refused, but the verdict is not a plain PASS (WARN).
 */
export type ReadingKind =
  | 'served'
  | 'refused'
  | 'accepted'
  | 'refused-otherwise'
  | 'wrong'
  | 'undetermined'
  | 'not-applicable'
  | 'not-run';

export interface Reading {
  kind: ReadingKind;
  /** What was seen, in a few words ("HTTP 401", "alert certificate_required"). */
  seen: string;
  /** What evidence shows of the answer, when the standard reads it along the way. */
  details?: Record<string, unknown>;
}

const FINDING_OF: Readonly<Record<ReadingKind, Finding>> = {
  served: 'fail',
  refused: 'pass',
  accepted: 'pass',
  'refused-otherwise': 'warn',
  wrong: 'fail',
  undetermined: 'inconclusive',
  'not-applicable': 'not-applicable',
  'not-run': 'warn',
};

/** Whether a control was served, and if not why, in the standard's words. */
export interface ControlReading {
  ok: boolean;
  problem?: string;
}

type When = 'before' | 'after';

export interface Judged<T> {
  trial: T;
  reading: Reading;
  finding: Finding;
  evidence: Evidence;
}

/**
 * Where a standard's published rule lets a negative's FAIL stand although a control failed: the
 * peer clearly served what it must refuse, whatever happened to the control (TLS client auth).
 * Each standard's setting reproduces the order of rules its requirements have always been judged by.
 */
export interface ControlPolicy {
  failStandsDespite: Readonly<Record<When, boolean>>;
  /** With the control before failed, nothing was judged: the negatives are not shown either. */
  hideNegativesWithoutControl?: boolean;
}

/** The sentences of a standard's outcomes: the rule is shared, the words are the standard's. */
interface Reasons<T> {
  controlFailed(when: When, problem: string, control: T): string;
  failed(judged: readonly Judged<T>[]): string;
  undetermined(judged: readonly Judged<T>[]): string;
  /** No negative applied (every one not applicable): a finding and reason of the standard's choosing. */
  noneApplies(judged: readonly Judged<T>[]): { finding: Finding; reason: string };
  /** Needed only by standards whose readings can be `refused-otherwise`. */
  warned?(judged: readonly Judged<T>[]): string;
  passed(judged: readonly Judged<T>[]): string;
}

/** What a standard supplies to have its campaigns judged: how to read answers and say what was seen. */
export interface Judging<T extends Trial<unknown>> {
  control(t: T): ControlReading;
  /** Reads a negative; `before` is the control before, with whether it was served. */
  read(t: T, before: { trial: T; ok: boolean }): Reading;
  controlEvidence(t: T, when: When, control: ControlReading): Evidence;
  negativeEvidence(t: T, reading: Reading, finding: Finding): Evidence;
  policy: ControlPolicy;
  reasons: Reasons<T>;
  /** Notes shown after the control (what the requirement names but the campaign does not probe). */
  notes?: readonly Evidence[];
}

/** The trials of the named mutations, in the order named; a name the standard does not know is a bug of the suite. */
function selectNegatives<T extends Trial<unknown>>(c: Campaign<T>, ids: readonly string[]): T[] {
  return ids.flatMap((id) => {
    const trials = c.negatives.get(id);
    if (!trials) throw new Error(`the campaign has no mutation "${id}"`);
    return [...trials];
  });
}

/** Reads one negative with the standard's judging. */
export function judgeTrial<T extends Trial<unknown>>(
  t: T,
  j: Pick<Judging<T>, 'read' | 'negativeEvidence'>,
  before: { trial: T; ok: boolean },
): Judged<T> {
  const reading: Reading = t.notRun ? { kind: 'not-run', seen: `not run: ${t.notRun}` } : j.read(t, before);
  const finding = FINDING_OF[reading.kind];
  return { trial: t, reading, finding, evidence: j.negativeEvidence(t, reading, finding) };
}

const NOT_RUN: ControlReading = { ok: false, problem: 'not run' };

/**
 * A PASS rests only on the negatives its `verify` line names. Where some applied but could not run
 * (no test signer, no second identity, no Bearer voucher), what ran is judged as usual and a PASS
 * becomes a WARN naming each one not run: nothing was seen against the target, yet the requirement
 * was not shown in full (README, "Partial negatives"). None run at all is INCONCLUSIVE.
 */
function partial<T extends Trial<unknown>>(outcome: Outcome, notRun: readonly Judged<T>[]): Outcome {
  if (!notRun.length || outcome.finding === 'fail' || outcome.finding === 'inconclusive') return outcome;
  const names = notRun.map((r) => `${r.trial.label} (${r.trial.notRun})`).join('; ');
  if (outcome.finding === 'not-applicable')
    return { ...outcome, finding: 'inconclusive', reason: `No named negative could be run: ${names}.` };
  const reason = `${outcome.reason} Not a full PASS: ${notRun.length} named negative(s) could not be run: ${names}.`;
  return { ...outcome, finding: 'warn', reason };
}

/**
 * The one rule of every campaign: the named negatives count only between two served controls. A
 * failed control makes them INCONCLUSIVE (unless the policy lets a FAIL stand), then a FAIL wins,
 * then anything undetermined, then "none applies", then a WARN; only then a PASS. Negatives that
 * could not run turn what would pass into a WARN (see `partial`).
 */
export function judgeCampaign<T extends Trial<unknown>>(
  c: Campaign<T>,
  ids: readonly string[],
  j: Judging<T>,
): Outcome {
  if (c.blocked) return { finding: 'inconclusive', reason: c.blocked, evidence: c.setup };
  const controls: Record<When, ControlReading> = {
    before: j.control(c.before),
    after: c.after ? j.control(c.after) : NOT_RUN,
  };
  const controlFailed = (when: When, evidence: Evidence[]): Outcome => ({
    finding: 'inconclusive',
    reason: j.reasons.controlFailed(
      when,
      controls[when].problem ?? '',
      (when === 'after' && c.after) || c.before,
    ),
    evidence,
  });
  const beforeEvidence = [...c.setup, j.controlEvidence(c.before, 'before', controls.before)];
  if (!controls.before.ok && j.policy.hideNegativesWithoutControl)
    return controlFailed('before', beforeEvidence);
  const before = { trial: c.before, ok: controls.before.ok };
  const judged = selectNegatives(c, ids).map((t) => judgeTrial(t, j, before));
  const evidence = [
    ...beforeEvidence,
    ...judged.map((r) => r.evidence),
    ...(c.after ? [j.controlEvidence(c.after, 'after', controls.after)] : []),
    ...(j.notes ?? []),
  ];
  const notRun = judged.filter((r) => r.reading.kind === 'not-run');
  const ran = judged.filter((r) => r.reading.kind !== 'not-run');
  const withFinding = (f: Finding) => ran.filter((r) => r.finding === f);
  const failed = withFinding('fail');
  for (const when of ['before', 'after'] as const) {
    if (!controls[when].ok && !(failed.length && j.policy.failStandsDespite[when]))
      return controlFailed(when, evidence);
  }
  if (failed.length) return { finding: 'fail', reason: j.reasons.failed(failed), evidence };
  const undetermined = withFinding('inconclusive');
  if (undetermined.length)
    return { finding: 'inconclusive', reason: j.reasons.undetermined(undetermined), evidence };
  const run = ran.filter((r) => r.finding !== 'not-applicable');
  if (!run.length) return partial({ ...j.reasons.noneApplies(ran), evidence }, notRun);
  const warned = withFinding('warn');
  if (warned.length) {
    const reason =
      j.reasons.warned?.(warned) ??
      `Refused, but not as the requirement asks: ${warned.map((r) => `${r.trial.label} (${r.reading.seen})`).join('; ')}.`;
    return partial({ finding: 'warn', reason, evidence }, notRun);
  }
  return partial({ finding: 'pass', reason: j.reasons.passed(ran), evidence }, notRun);
}
