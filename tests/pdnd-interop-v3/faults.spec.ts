import { part } from '../../src/reference/pdnd-interop-v3/index.js';
import type { GATEWAY_FAULTS } from '../../src/reference/pdnd-interop-v3/faults.js';
import { test, expect } from '../support/fixtures.js';
import { verdictOf } from '../support/run.js';
import { SUITE } from './support.js';

test.use({ suites: SUITE });

/**
 * For every PDND3 id, a fault of the reference gateway that breaks exactly that rule. `undecided`
 * lists the rules that, under the fault, have nothing to compare on some responses (the header
 * they compare is what the fault broke): INCONCLUSIVE with the reason, never PASS.
 */
const CASES: {
  fault: keyof typeof GATEWAY_FAULTS;
  fails: string[];
  reason: RegExp;
  undecided?: Record<string, RegExp>;
}[] = [
  {
    fault: 'gateway.bearer-accepted',
    fails: ['PDND3-AUTH-01'],
    reason: /Bearer instead of DPoP answered 200 \(accepted\)/,
  },
  {
    fault: 'gateway.signature-not-checked',
    fails: ['PDND3-AUTH-01'],
    reason:
      /^The gateway does not enforce DPoP: voucher with one signature byte flipped answered 200 \(accepted\), not 401; voucher forged: unchanged claims signed by a key the authorization server does not publish, with a kid of its own answered 200 .*; voucher forged: .*carrying its self-signed certificate in x5c answered 200 \(accepted\), not 401\.$/,
  },
  {
    fault: 'gateway.replay-not-detected',
    fails: ['PDND3-AUTH-01'],
    reason:
      /^The gateway does not enforce DPoP: the same DPoP proof \(same jti\) sent again answered 200 \(accepted\), not 401\.$/,
  },
  {
    fault: 'gateway.binding-not-checked',
    fails: ['PDND3-AUTH-01'],
    reason:
      /^The gateway does not enforce DPoP: proof signed with a freshly generated key .* answered 200 \(accepted\), not 401; an unbound voucher \(no cnf\) of the same client and purpose, sent as Authorization: DPoP with a valid proof answered 200 \(accepted\), not 401\.$/,
  },
  {
    fault: 'gateway.htu-path-only',
    fails: ['PDND3-AUTH-01'],
    reason:
      /^The gateway does not enforce DPoP: htu names the same host and path under the other scheme \(http\/https\) answered 200 \(accepted\), not 401; htu names the same path on another host answered 200 \(accepted\), not 401; htu names the same host and path on another port answered 200 \(accepted\), not 401\.$/,
  },
  {
    fault: 'gateway.iat-not-checked',
    fails: ['PDND3-AUTH-01'],
    reason:
      /^The gateway does not enforce DPoP: iat 10 minutes in the past answered 200 \(accepted\), not 401; iat 10 minutes in the future answered 200 \(accepted\), not 401\.$/,
  },
  {
    fault: 'gateway.ath-optional',
    fails: ['PDND3-AUTH-01'],
    reason:
      /^The gateway does not enforce DPoP: proof without ath for the bound voucher answered 200 \(accepted\), not 401\.$/,
  },
  { fault: 'gateway.v2-redirect', fails: ['PDND3-BASE-01'], reason: /\/v2 redirects to \/v3 \(HTTP 308/ },
  {
    fault: 'gateway.digest-hex',
    fails: ['PDND3-INT-01'],
    reason: /does not match SHA-256=<base64>/,
    // No response has a base64 Digest: none could be compared with its body.
    undecided: {
      'PDND3-INT-02': /^Digest absent or malformed on \d+ responses, see PDND3-INT-01 .*; the 0 compared all/,
    },
  },
  {
    fault: 'gateway.no-integrity-on-errors',
    fails: ['PDND3-INT-01', 'PDND3-INT-03'],
    reason: /no Digest header/,
    // The errors carry neither header: their digest and signed_headers could not be compared.
    undecided: {
      'PDND3-INT-02':
        /^Digest absent or malformed on \d+ responses, see PDND3-INT-01 \(first: GET \S+ → 4\d\d: no Digest header\)/,
      'PDND3-INT-04':
        /^Agid-JWT-Signature or Digest absent or undecodable on \d+ responses, see PDND3-INT-03 and PDND3-INT-01 \(first: GET \S+ → 4\d\d: no Agid-JWT-Signature header\)/,
    },
  },
  {
    fault: 'gateway.digest-other-bytes',
    fails: ['PDND3-INT-02'],
    reason: /is not the SHA-256 of the \d+ bytes received/,
  },
  {
    fault: 'gateway.signature-other-key',
    fails: ['PDND3-INT-03'],
    reason: /does not verify with the gateway's key/,
  },
  {
    fault: 'gateway.signed-headers-without-content-type',
    fails: ['PDND3-INT-04'],
    reason: /signed_headers does not cover content-type/,
  },
  {
    fault: 'gateway.no-rate-limit-headers',
    fails: ['PDND3-RATE-01'],
    reason: /no x-rate-limit-limit header/,
  },
  // The accepted limit is echoed in pagination.limit, which the schema bounds too.
  {
    fault: 'gateway.limit-51-accepted',
    fails: ['PDND3-PAGE-01', 'PDND3-SCHEMA-01'],
    reason: /limit=51 accepted \(200\), not 400/,
  },
  {
    fault: 'gateway.offset-negative-accepted',
    fails: ['PDND3-PAGE-01', 'PDND3-SCHEMA-01'],
    reason: /offset=-1 accepted \(200\), not 400/,
  },
  {
    fault: 'gateway.missing-limit-accepted',
    fails: ['PDND3-PAGE-01'],
    reason: /missing limit accepted \(200\), not 400/,
  },
  {
    fault: 'gateway.user-extra-property',
    fails: ['PDND3-SCHEMA-01', 'PDND3-USERS-01'],
    reason: /unexpected property "email"/,
  },
  {
    fault: 'gateway.keyseed-lowercase-use-accepted',
    fails: ['PDND3-SCHEMA-02'],
    reason: /use "sig" \(lower case\) answered 200/,
  },
  // A 204 is also a status the description does not document for the DELETE.
  {
    fault: 'gateway.delete-204',
    fails: ['PDND3-SCHEMA-03', 'PDND3-SCHEMA-01'],
    reason: /answered 204 with no body, not 200 with \{\}/,
  },
  {
    fault: 'gateway.rbac-not-enforced',
    fails: ['PDND3-RBAC-01'],
    reason: /non-admin adds a key: answered 200, not 403/,
  },
];

/** Variants with their cases in variants.spec.ts: conformant, or making every rule undecidable. */
const OTHER_VARIANTS = [
  'gateway.refuses-everything-401',
  'gateway.refuses-everything-400',
  'gateway.validates-parameters',
  'gateway.description-defect',
];

test('every fault but the challenges (429, DPoP nonce) and the echo is covered by a case here', () => {
  const challenges = ['gateway.rate-limited', 'gateway.dpop-nonce-required'];
  // tests/report/echo.spec.ts runs the echo variant against every report form.
  // tests/pdnd-interop-v3/compression.spec.ts runs the compressing gateway.
  const echoes = ['gateway.echoes-credentials', 'gateway.gzip-responses'];
  const named = [...Object.keys(part.faults), ...Object.keys(part.variants)];
  expect([...CASES.map((c) => c.fault), ...challenges, ...echoes, ...OTHER_VARIANTS].sort()).toEqual(
    named.sort(),
  );
  // The challenges, the echo and the others are the part's variants: they break no rule.
  expect(Object.keys(part.variants).sort()).toEqual([...challenges, ...echoes, ...OTHER_VARIANTS].sort());
});

for (const c of CASES) {
  test.describe(() => {
    test.use({ faults: [c.fault] });
    test(`${c.fault} turns ${c.fails.join(', ')} to FAIL`, async ({ reference: ref }) => {
      const { report, exitCode } = await ref.run();
      for (const id of c.fails)
        expect(verdictOf(report.results, id).verdict, `${id}: ${verdictOf(report.results, id).reason}`).toBe(
          'fail',
        );
      expect(verdictOf(report.results, c.fails[0]!).reason).toMatch(c.reason);
      for (const [id, reason] of Object.entries(c.undecided ?? {})) {
        const r = verdictOf(report.results, id);
        expect(r.verdict, `${id}: ${r.reason}`).toBe('inconclusive');
        expect(r.reason).toMatch(reason);
      }
      // Exactly that rule: every other requirement keeps its verdict of the conformant reference.
      const affected = [...c.fails, ...Object.keys(c.undecided ?? {})];
      const others = report.results.filter((r) => !affected.includes(r.id) && r.verdict !== 'pass');
      expect(others.map((r) => `${r.id}: ${r.verdict} ${r.reason}`)).toEqual([]);
      expect(exitCode).toBe(1);
    });
  });
}

test('a gateway that answers 429 makes the run wait and retry, not fail', async ({ launchReference }) => {
  const ref = await launchReference({ faults: ['gateway.rate-limited'] });
  const started = Date.now();
  const { report, exitCode } = await ref.run();
  expect(report.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
  expect(exitCode).toBe(0);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // Retry-After: 1 was honoured
  const int01 = verdictOf(report.results, 'PDND3-INT-01');
  expect(int01.evidence[0]?.outcome).toMatch(/429×\d/); // the 429s were examined too
  expect(int01.evidence.find((e) => e.label === 'load')?.outcome).toMatch(/[1-9]\d* waits after 429/);
});

test('a gateway that demands DPoP nonces: challenges are answered, never counted as refusals', async ({
  launchReference,
}) => {
  const ref = await launchReference({ faults: ['gateway.dpop-nonce-required'] });
  const { report, exitCode } = await ref.run();
  // Bearer and a missing proof can carry no nonce: the gateway only challenges them, so
  // whether it refuses them is unknown - not a PASS.
  const auth = verdictOf(report.results, 'PDND3-AUTH-01');
  expect(auth.verdict, auth.reason).toBe('inconclusive');
  expect(auth.reason).toMatch(
    /Bearer instead of DPoP \(a use_dpop_nonce challenge, not a refusal\), DPoP token without a proof \(a use_dpop_nonce challenge/,
  );
  // The proofs for another method or URI carried the nonce after the challenge and were refused.
  for (const label of ['proof for another method', 'proof for another URI'])
    expect(auth.evidence.find((e) => e.label.startsWith(label))?.finding, label).toBe('pass');
  // Every valid request got through once the nonce was sent.
  const others = report.results.filter((r) => r.id !== 'PDND3-AUTH-01' && r.verdict !== 'pass');
  expect(others.map((r) => `${r.id}: ${r.verdict} ${r.reason}`)).toEqual([]);
  expect(exitCode).toBe(3);
});
