import { test, expect } from '@playwright/test';
import {
  judgeNegative,
  judgeNegatives,
  type Campaign,
  type Trial,
} from '../../src/suites/pdnd-vouchers/judge.js';
import type { Observation } from '../../src/suites/pdnd-vouchers/exchange.js';
import {
  judgeBinding,
  judgeVoucher,
  type VoucherExpectation,
} from '../../src/suites/pdnd-vouchers/voucher-claims.js';
import { newNonceState, staleNonce } from '../../src/oauth/exchange.js';

const probe = (obs: Observation, extra: Partial<Trial> = {}): Trial => ({
  id: 'm',
  label: 'a mutation',
  answer: obs,
  ...extra,
});

test('a status the profile counts as success is never a refusal', () => {
  const rule = { refuseWith: [400, 401], acceptStatus: [200, 204] };
  expect(judgeNegative(probe({ status: 204 }), rule).evidence.outcome).toBe('accepted: 204');
  expect(judgeNegative(probe({ status: 204 }), rule).finding).toBe('fail');
  // An accepted 4xx proves nothing either way (the schema forbids it; the judge does not rely on that).
  const fourxx = judgeNegative(probe({ status: 401, error: 'invalid_token' }), {
    refuseWith: [401],
    acceptStatus: [200, 401],
  });
  expect(fourxx.finding).toBe('inconclusive');
  expect(fourxx.evidence.outcome).toMatch(/counts as success/);
  expect(judgeNegative(probe({ status: 401, error: 'invalid_token' }), rule).finding).toBe('pass');
});

test('a redirect is neither served nor refused, even where the profile lists its status', () => {
  const redirect = {
    status: 302,
    location: 'https://elsewhere.example/api',
    why: 'another origin: the request and its credentials were not sent there',
  };
  for (const rule of [{ refuseWith: [400, 401] }, { refuseWith: [400, 401], acceptStatus: [200, 302] }]) {
    const r = judgeNegative(probe({ status: 302, redirect }), rule);
    expect(r.finding).toBe('inconclusive');
    expect(r.evidence.outcome).toBe(
      'answered HTTP 302 to https://elsewhere.example/api (another origin: the request and its credentials were not sent there), neither served nor refused',
    );
  }
});

test('a positive control redirected to another origin is not accepted: the negatives cannot be judged', () => {
  const redirect = { status: 302, location: 'https://elsewhere.example/api', why: 'another origin' };
  const c: Campaign = {
    before: probe({ status: 302, redirect }, { id: 'control-before', label: 'control' }),
    after: probe({ status: 200 }, { id: 'control-after', label: 'control again' }),
    negatives: new Map([['m', [probe({ status: 401, error: 'invalid_token' })]]]),
    setup: [],
  };
  const outcome = judgeNegatives(c, ['m'], { refuseWith: [401], acceptStatus: [200, 302] });
  expect(outcome.finding).toBe('inconclusive');
  expect(outcome.reason).toBe(
    'The positive control was not accepted (HTTP 302 to https://elsewhere.example/api (another origin), neither served nor refused), so no refusal can be judged.',
  );
});

test('a use_dpop_nonce answer is a challenge, except to a nonce negative', () => {
  const obs: Observation = {
    status: 401,
    error: 'use_dpop_nonce',
    wwwAuthenticate: 'DPoP error="use_dpop_nonce"',
    nonceChallenge: 'with-nonce',
    challengeAnswered: true,
  };
  const rule = { refuseWith: [400, 401] };
  const again = judgeNegative(probe(obs), rule);
  expect(again.finding).toBe('inconclusive');
  expect(again.evidence.outcome).toBe(
    '401 use_dpop_nonce again after the challenge was answered once: a challenge, not a refusal',
  );
  expect(judgeNegative(probe(obs, { nonceNegative: true }), rule).finding).toBe('pass');
  // The replay probe resends its proof as is, so it never answers a challenge.
  const replay = judgeNegative(probe({ ...obs, challengeAnswered: undefined }), rule);
  expect(replay.finding).toBe('inconclusive');
  expect(replay.evidence.outcome).toBe(
    '401 use_dpop_nonce not answered by this probe: a challenge, not a refusal',
  );
  // A challenge without DPoP-Nonce cannot be answered: never said to have been.
  const bare = judgeNegative(
    probe({ status: 400, error: 'use_dpop_nonce', nonceChallenge: 'without-nonce' }),
    rule,
  );
  expect(bare.finding).toBe('inconclusive');
  expect(bare.evidence.outcome).toBe(
    '400 use_dpop_nonce without a DPoP-Nonce header, so the challenge could not be answered: a challenge, not a refusal',
  );
});

test('a 429 left after the waits is never a refusal, not even to a nonce negative', () => {
  for (const extra of [{}, { nonceNegative: true }]) {
    const j = judgeNegative(probe({ status: 429 }, extra), { refuseWith: [400, 401, 429] });
    expect(j.finding).toBe('inconclusive');
    expect(j.evidence.outcome).toBe(
      'still rate limited (429) after the bounded waits: a request to retry later, not a refusal',
    );
  }
  const c: Campaign = {
    before: probe({ status: 200 }, { id: 'control-before', label: 'control' }),
    after: probe({ status: 200 }, { id: 'control-after', label: 'control again' }),
    negatives: new Map([['m', [probe({ status: 429 })]]]),
    setup: [],
  };
  expect(judgeNegatives(c, ['m'], { refuseWith: [401] }).finding).toBe('inconclusive');
});

test('a 429, a nonce challenge or a redirect on the valid token request decides neither the voucher nor its binding', () => {
  const expectation: VoucherExpectation = { tokenType: 'DPoP', clientId: 'c', purposeId: 'p' };
  const asking: Observation[] = [
    { status: 429 },
    { status: 400, error: 'use_dpop_nonce', nonceChallenge: 'with-nonce', challengeAnswered: true },
    { status: 401, error: 'use_dpop_nonce', nonceChallenge: 'without-nonce' },
  ];
  for (const obs of asking) {
    const v = judgeVoucher(probe(obs), undefined, expectation);
    expect(v.finding, JSON.stringify(obs)).toBe('inconclusive');
    expect(v.evidence.outcome).toMatch(
      /(a request to retry later|a challenge), not a verdict on the voucher$/,
    );
    const b = judgeBinding(probe(obs), undefined, 'thumb');
    expect(b.finding, JSON.stringify(obs)).toBe('inconclusive');
    expect(b.outcome).toMatch(/(a request to retry later|a challenge), not a verdict on the binding$/);
  }
  // A redirect to another origin is neither service nor refusal.
  const moved: Observation = {
    status: 302,
    redirect: { status: 302, location: 'https://elsewhere.example/token', why: 'another origin' },
  };
  expect(judgeVoucher(probe(moved), undefined, expectation).evidence.outcome).toBe(
    'answered HTTP 302 to https://elsewhere.example/token (another origin), neither served nor refused, not a verdict on the voucher',
  );
  expect(judgeBinding(probe(moved), undefined, 'thumb').finding).toBe('inconclusive');
  // A refusal of the valid request is a FAIL; no response at all is our own problem.
  const refused: Observation = { status: 401, error: 'invalid_client' };
  expect(judgeVoucher(probe(refused), undefined, expectation).finding).toBe('fail');
  expect(judgeBinding(probe(refused), undefined, 'thumb').finding).toBe('fail');
  expect(judgeVoucher(probe({ transportError: 'ECONNREFUSED' }), undefined, expectation).finding).toBe(
    'inconclusive',
  );
  expect(judgeBinding(probe({ transportError: 'ECONNREFUSED' }), undefined, 'thumb').finding).toBe(
    'inconclusive',
  );
});

test('a nonce is stale only once it and the next one have both been replaced', () => {
  const state = newNonceState();
  expect(staleNonce(state)).toBeUndefined();
  state.issued.push('n1');
  expect(staleNonce(state)).toBeUndefined();
  // Replaced once: a server may still accept it as the previous nonce.
  state.issued.push('n2');
  expect(staleNonce(state)).toBeUndefined();
  state.issued.push('n3');
  expect(staleNonce(state)).toBe('n1');
});

test('a refusal with another status or error code than the requirement names is a WARN, with the reason', () => {
  const voucher02 = { refuseWith: [400, 401], refuseErrors: ['invalid_client', 'invalid_request'] };
  const other = judgeNegative(probe({ status: 401, error: 'unauthorized_client' }), voucher02);
  expect(other.finding).toBe('warn');
  expect(other.evidence.outcome).toBe(
    'refused with 401, but with error unauthorized_client rather than invalid_client or invalid_request',
  );
  expect(judgeNegative(probe({ status: 400 }), voucher02).evidence.outcome).toMatch(/error \(none\)/);
  expect(judgeNegative(probe({ status: 400, error: 'invalid_request' }), voucher02).finding).toBe('pass');
  const producer = judgeNegative(probe({ status: 403, error: 'insufficient_scope' }), { refuseWith: [401] });
  expect(producer.finding).toBe('warn');
  expect(producer.evidence.outcome).toBe('refused, but with 403 insufficient_scope rather than 401');
});

test('judgeNegatives names what it did not probe, and why a WARN', () => {
  const c: Campaign = {
    before: probe({ status: 200 }, { id: 'control-before', label: 'control' }),
    after: probe({ status: 200 }, { id: 'control-after', label: 'control again' }),
    negatives: new Map([['m', [probe({ status: 403, error: 'insufficient_scope' })]]]),
    setup: [],
  };
  const out = judgeNegatives(c, ['m'], {
    refuseWith: [401],
    notProbed: 'a valid voucher of another purpose',
  });
  expect(out.finding).toBe('warn');
  expect(out.reason).toBe(
    'Every negative was refused, but not always as the requirement asks: a mutation (refused, but with 403 insufficient_scope rather than 401). Not probed: a valid voucher of another purpose.',
  );
  expect(out.evidence).toContainEqual({
    label: 'not probed',
    outcome: 'a valid voucher of another purpose',
    finding: 'info',
  });
});
