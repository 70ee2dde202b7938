import { test, expect } from '@playwright/test';
import {
  groupByMutation,
  mutationsParam,
  runCampaign,
  type Campaign,
  type Trial,
} from '../../src/checks/campaign/campaign.js';
import { newAjv } from '../../src/core/json-schema.js';
import { judgeCampaign, type ControlPolicy, type Judging } from '../../src/checks/campaign/judge.js';

/** A toy standard: the answer is an HTTP status, or what our side or the peer did instead. */
type Answer = number | 'challenge' | 'client-error';
type T = Trial<Answer>;

const trial = (id: string, answer: Answer | undefined, extra: Partial<T> = {}): T => ({
  id,
  label: id,
  ...(answer === undefined ? {} : { answer }),
  ...extra,
});

function judging(policy: ControlPolicy): Judging<T> {
  return {
    control: (t) => (t.answer === 200 ? { ok: true } : { ok: false, problem: `answered ${t.answer}` }),
    read: (t) => {
      const a = t.answer;
      if (t.notApplicable) return { kind: 'not-applicable', seen: t.notApplicable };
      if (a === 'challenge') return { kind: 'undetermined', seen: 'a use_dpop_nonce challenge' };
      if (a === 'client-error' || a === undefined) return { kind: 'undetermined', seen: 'our client failed' };
      if (a === 429) return { kind: 'undetermined', seen: 'retry later' };
      if (a < 400) return { kind: 'served', seen: `accepted ${a}` };
      if (a === 401) return { kind: 'refused', seen: 'refused' };
      if (a >= 500) return { kind: 'wrong', seen: `server error ${a}` };
      return { kind: 'refused-otherwise', seen: `refused with ${a}` };
    },
    controlEvidence: (t, when, c) => ({ label: `control ${when}`, outcome: c.ok ? 'ok' : 'failed' }),
    negativeEvidence: (t, r, finding) => ({ label: t.label, outcome: r.seen, finding }),
    policy,
    reasons: {
      controlFailed: (when, problem) => `control ${when} failed (${problem})`,
      failed: (j) => `failed: ${j.map((r) => r.trial.label).join(', ')}`,
      undetermined: (j) => `undetermined: ${j.map((r) => `${r.trial.label} ${r.reading.seen}`).join(', ')}`,
      noneApplies: () => ({ finding: 'not-applicable', reason: 'none applies' }),
      warned: (j) => `warned: ${j.map((r) => r.trial.label).join(', ')}`,
      passed: (j) => `passed: ${j.length}`,
    },
  };
}

const strict = judging({ failStandsDespite: { before: false, after: false } });
const servedStands = judging({ failStandsDespite: { before: true, after: true } });

function campaign(
  negatives: Record<string, Answer | T>,
  before: Answer = 200,
  after: Answer = 200,
): Campaign<T> {
  const trials = Object.entries(negatives).map(([id, a]) => (typeof a === 'object' ? a : trial(id, a)));
  return {
    before: trial('control-before', before),
    negatives: groupByMutation(Object.keys(negatives), trials),
    after: trial('control-after', after),
    setup: [],
  };
}

test('negatives count only between two served controls', () => {
  const c = campaign({ a: 401, b: 401 });
  expect(judgeCampaign(c, ['a', 'b'], strict)).toMatchObject({ finding: 'pass', reason: 'passed: 2' });
  const before = judgeCampaign(campaign({ a: 401 }, 503), ['a'], strict);
  expect(before).toMatchObject({ finding: 'inconclusive', reason: 'control before failed (answered 503)' });
  expect(before.evidence.map((e) => e.label)).toEqual(['control before', 'a', 'control after']);
  const after = judgeCampaign(campaign({ a: 401 }, 200, 404), ['a'], strict);
  expect(after).toMatchObject({ finding: 'inconclusive', reason: 'control after failed (answered 404)' });
});

test('a challenge, a 429 or our own client error is never a verdict', () => {
  for (const answer of ['challenge', 429, 'client-error'] as const) {
    const out = judgeCampaign(campaign({ a: 401, b: answer }), ['a', 'b'], strict);
    expect(out.finding, String(answer)).toBe('inconclusive');
    expect(out.reason).toMatch(/^undetermined: b /);
  }
});

test('a served negative fails despite a failed control only where the policy says so', () => {
  for (const [before, after] of [
    [503, 200],
    [200, 503],
  ] as const) {
    const c = campaign({ a: 200, b: 401 }, before, after);
    expect(judgeCampaign(c, ['a', 'b'], servedStands)).toMatchObject({
      finding: 'fail',
      reason: 'failed: a',
    });
    expect(judgeCampaign(c, ['a', 'b'], strict).finding).toBe('inconclusive');
  }
  // The PDND vouchers order: nothing without the control before, a FAIL stands against the control after.
  const vouchers = judging({
    failStandsDespite: { before: false, after: true },
    hideNegativesWithoutControl: true,
  });
  const noBefore = judgeCampaign(campaign({ a: 200 }, 503), ['a'], vouchers);
  expect(noBefore).toMatchObject({ finding: 'inconclusive', reason: 'control before failed (answered 503)' });
  expect(noBefore.evidence.map((e) => e.label)).toEqual(['control before']);
  expect(judgeCampaign(campaign({ a: 200 }, 200, 503), ['a'], vouchers).finding).toBe('fail');
  expect(judgeCampaign(campaign({ a: 401 }, 200, 503), ['a'], vouchers).reason).toBe(
    'control after failed (answered 503)',
  );
});

test('not-applicable negatives are neither a pass nor a failure', () => {
  const na = trial('n', undefined, { notApplicable: 'a Bearer e-service' });
  expect(judgeCampaign(campaign({ n: na }), ['n'], strict)).toMatchObject({
    finding: 'not-applicable',
    reason: 'none applies',
  });
  expect(judgeCampaign(campaign({ n: na, a: 401 }), ['n', 'a'], strict).finding).toBe('pass');
  expect(judgeCampaign(campaign({ n: na, a: 403 }), ['n', 'a'], strict)).toMatchObject({
    finding: 'warn',
    reason: 'warned: a',
  });
});

test('a negative that could not run makes a PASS a WARN naming it, never a PASS', () => {
  const nr = trial('s', undefined, { notRun: 'no test signer' });
  expect(judgeCampaign(campaign({ a: 401, s: nr }), ['a', 's'], strict)).toMatchObject({
    finding: 'warn',
    reason: 'passed: 1 Not a full PASS: 1 named negative(s) could not be run: s (no test signer).',
  });
  // A WARN of what ran keeps its reason and names what did not run.
  expect(judgeCampaign(campaign({ a: 403, s: nr }), ['a', 's'], strict).reason).toBe(
    'warned: a Not a full PASS: 1 named negative(s) could not be run: s (no test signer).',
  );
  // A FAIL or an undetermined negative of what ran still wins; none run at all is INCONCLUSIVE.
  expect(judgeCampaign(campaign({ a: 200, s: nr }), ['a', 's'], strict).finding).toBe('fail');
  expect(judgeCampaign(campaign({ a: 'challenge', s: nr }), ['a', 's'], strict).finding).toBe('inconclusive');
  expect(judgeCampaign(campaign({ s: nr }), ['s'], strict)).toMatchObject({
    finding: 'inconclusive',
    reason: 'No named negative could be run: s (no test signer).',
  });
  // Only the negatives named count: one not run but not named leaves a PASS.
  expect(judgeCampaign(campaign({ a: 401, s: nr }), ['a'], strict).finding).toBe('pass');
});

test('a FAIL outweighs the undetermined; the evidence follows the order the suite names', () => {
  const out = judgeCampaign(campaign({ a: 'challenge', b: 500, c: 401 }), ['c', 'b', 'a'], strict);
  expect(out).toMatchObject({ finding: 'fail', reason: 'failed: b' });
  expect(out.evidence.map((e) => e.label)).toEqual(['control before', 'c', 'b', 'a', 'control after']);
  expect(() => judgeCampaign(campaign({ a: 401 }), ['z'], strict)).toThrow(/no mutation "z"/);
});

test('a blocked campaign is inconclusive with its reason', () => {
  const c: Campaign<T> = {
    ...campaign({}),
    blocked: 'no voucher',
    setup: [{ label: 'voucher', outcome: 'none' }],
  };
  expect(judgeCampaign(c, [], strict)).toEqual({
    finding: 'inconclusive',
    reason: 'no voucher',
    evidence: [{ label: 'voucher', outcome: 'none' }],
  });
});

test('runCampaign sends the control, then the negatives, then the control again', async () => {
  const sent: string[] = [];
  const c = await runCampaign<T>({
    mutations: ['a', 'b', 'unused'],
    control: async (when) => {
      sent.push(when);
      return trial(`control-${when}`, 200);
    },
    negatives: async () => {
      sent.push('negatives');
      return [trial('a', 401), trial('b', 401), trial('a', 401)];
    },
  });
  expect(sent).toEqual(['before', 'negatives', 'after']);
  expect([...c.negatives.entries()].map(([id, t]) => [id, t.length])).toEqual([
    ['a', 2],
    ['b', 1],
    ['unused', 0],
  ]);
});

test('a suite may name only rows of the mutation table, and at least one', () => {
  const validate = newAjv().compile(mutationsParam(['no-key', 'empty-key']));
  expect(validate({ mutations: ['no-key'] })).toBe(true);
  expect(validate({ mutations: ['no-such-negative'] })).toBe(false);
  expect(validate({ mutations: [] })).toBe(false);
  expect(validate({})).toBe(false);
});
