import { test, expect } from '@playwright/test';
import {
  judgeNegative,
  judgeNegatives,
  type Campaign,
  type Probe,
} from '../../src/suites/pdnd-vouchers/judge.js';
import type { Observation } from '../../src/suites/pdnd-vouchers/exchange.js';
import { jwksAddress } from '../../src/suites/pdnd-vouchers/voucher.js';

const probe = (obs: Observation, extra: Partial<Probe> = {}): Probe => ({
  id: 'm',
  label: 'a mutation',
  obs,
  ...extra,
});

test('a status the profile counts as success is never a refusal', () => {
  const rule = { refuseWith: [400, 401], acceptStatus: [200, 302] };
  expect(judgeNegative(probe({ status: 302 }), rule).evidence.outcome).toBe('accepted: 302');
  expect(judgeNegative(probe({ status: 302 }), rule).finding).toBe('fail');
  // An accepted 4xx proves nothing either way (the schema forbids it; the judge does not rely on that).
  const fourxx = judgeNegative(probe({ status: 401, error: 'invalid_token' }), {
    refuseWith: [401],
    acceptStatus: [200, 401],
  });
  expect(fourxx.finding).toBe('inconclusive');
  expect(fourxx.evidence.outcome).toMatch(/counts as success/);
  expect(judgeNegative(probe({ status: 401, error: 'invalid_token' }), rule).finding).toBe('pass');
});

test('a use_dpop_nonce answer is a challenge, except to a nonce negative', () => {
  const obs: Observation = {
    status: 401,
    error: 'use_dpop_nonce',
    wwwAuthenticate: 'DPoP error="use_dpop_nonce"',
  };
  const rule = { refuseWith: [400, 401] };
  const replay = judgeNegative(probe(obs, { label: 'the same DPoP proof (same jti) sent again' }), rule);
  expect(replay.finding).toBe('inconclusive');
  expect(replay.evidence.outcome).toMatch(/a challenge, not a refusal/);
  expect(judgeNegative(probe(obs, { nonceNegative: true }), rule).finding).toBe('pass');
  // At a token endpoint the challenge is a 400.
  expect(judgeNegative(probe({ status: 400, error: 'use_dpop_nonce' }), rule).finding).toBe('inconclusive');
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
    probes: new Map([['m', probe({ status: 403, error: 'insufficient_scope' })]]),
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

test('the address override of the authorization server is used for its JWKS only on the same host', () => {
  const as = {
    tokenEndpoint: 'https://auth.example/token.oauth2',
    assertionAudience: 'x',
    address: '127.0.0.1',
  };
  expect(jwksAddress({ ...as, jwksUri: 'https://auth.example/.well-known/jwks.json' })).toBe('127.0.0.1');
  expect(jwksAddress({ ...as, jwksUri: 'https://keys.example/jwks.json' })).toBeUndefined();
  expect(jwksAddress({ ...as, address: undefined, jwksUri: 'https://auth.example/jwks' })).toBeUndefined();
});
