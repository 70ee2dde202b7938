import { part } from '../../src/reference/pdnd-vouchers/index.js';
import { test, expect } from '../support/fixtures.js';
import { verdictOf } from '../support/run.js';
import { CONFORMANT } from './support.js';

test.use({ suites: ['pdnd-vouchers'] });

/** A voucher the e-service cannot accept leaves its positive control unserved: its ids cannot be judged. */
const ENDPOINT_BLOCKED = {
  'PDND-PRODUCER-01': 'inconclusive',
  'PDND-AUDIT-01': 'inconclusive',
  'PDND-DPOP-01': 'inconclusive',
  'PDND-DPOP-02': 'inconclusive',
  'PDND-DPOP-04': 'inconclusive',
};

const SIGNER = '(signed by the test signer)';
const FORGED = 'voucher forged: signed by a key the authorization server does not publish';
const FORGED_CLAIMS =
  'voucher forged: unchanged claims signed by a key the authorization server does not publish';
const STALE = 'DPoP proof with a stale nonce (the first the server issued in this run, replaced twice since)';

interface Case {
  fault: string;
  id: string;
  verdict: 'fail' | 'warn';
  /** The labels of the failing evidence items: exactly the mutations the fault lets through. */
  failing: string[];
  /** Other ids whose verdict legitimately differs from the conformant one under this fault. */
  others?: Record<string, string>;
}

/** Each fault breaks one rule of the reference; the requirement about that rule must turn FAIL (WARN for SHOULD). */
const CASES: Case[] = [
  {
    fault: 'as.voucher-without-purpose-id',
    id: 'PDND-VOUCHER-01',
    verdict: 'fail',
    failing: ['valid Bearer token request (positive control)', 'valid DPoP token request'],
    others: ENDPOINT_BLOCKED,
  },
  {
    fault: 'as.assertion-audience-not-checked',
    id: 'PDND-VOUCHER-02',
    verdict: 'fail',
    failing: ['client assertion with aud https://attesta.invalid/other-audience'],
  },
  {
    fault: 'as.assertion-expiry-not-checked',
    id: 'PDND-VOUCHER-02',
    verdict: 'fail',
    failing: ['client assertion expired 5 minutes ago (iat 10 minutes ago)'],
  },
  {
    fault: 'as.assertion-signature-not-checked',
    id: 'PDND-VOUCHER-02',
    verdict: 'fail',
    failing: [
      'client assertion signed with an unregistered RSA key under the registered kid',
      'client assertion with one signature byte flipped',
    ],
  },
  {
    fault: 'as.assertion-key-by-header',
    id: 'PDND-VOUCHER-02',
    verdict: 'fail',
    failing: [
      'client assertion signed with an unregistered RSA key, carrying it in a jwk header under its own kid',
    ],
  },
  {
    fault: 'as.unknown-kid-unverified',
    id: 'PDND-VOUCHER-02',
    verdict: 'fail',
    // The other client has no key under this client's kid: unknown there too, so unverified.
    failing: [
      'client assertion signed with an unregistered RSA key under a kid of its own',
      'client assertion signed with an unregistered RSA key, carrying it in a jwk header under its own kid',
      "client assertion naming another client of the AS in iss, sub and client_id, signed with this client's registered key",
    ],
  },
  {
    fault: 'as.iss-sub-not-checked',
    id: 'PDND-VOUCHER-02',
    verdict: 'fail',
    failing: [
      "client assertion naming another client of the AS in iss, sub and client_id, signed with this client's registered key",
    ],
  },
  {
    fault: 'as.assertion-replay',
    id: 'PDND-VOUCHER-02',
    verdict: 'fail',
    failing: ['the same client assertion (same jti) sent again'],
  },
  {
    fault: 'as.dpop-typ-not-checked',
    id: 'PDND-DPOP-03',
    verdict: 'fail',
    failing: ['DPoP token request, proof mutated: typ JWT instead of dpop+jwt'],
  },
  {
    fault: 'as.dpop-iat-not-checked',
    id: 'PDND-DPOP-03',
    verdict: 'fail',
    failing: ['DPoP token request, proof mutated: iat 10 minutes in the past'],
  },
  {
    fault: 'as.dpop-replay-not-detected',
    id: 'PDND-DPOP-03',
    verdict: 'fail',
    failing: [
      'DPoP token request with a fresh client assertion and the same DPoP proof (same jti) sent again',
    ],
  },
  {
    fault: 'as.purpose-id-optional',
    id: 'PDND-VOUCHER-02',
    verdict: 'fail',
    failing: ['client assertion of a consumer client without purposeId'],
  },
  {
    fault: 'as.dpop-unbound',
    id: 'PDND-DPOP-03',
    verdict: 'fail',
    failing: ['valid DPoP token request'],
    others: ENDPOINT_BLOCKED,
  },
  {
    fault: 'as.dpop-proof-not-checked',
    id: 'PDND-DPOP-03',
    verdict: 'fail',
    failing: [
      'DPoP token request, proof mutated: htm names another HTTP method',
      'DPoP token request, proof mutated: htu names another path',
      'DPoP token request, proof mutated: one byte of the signature flipped',
    ],
  },
  {
    fault: 'vouchers.signature-not-checked',
    id: 'PDND-PRODUCER-01',
    verdict: 'fail',
    failing: [
      'voucher with one signature byte flipped',
      `${FORGED_CLAIMS}, with a kid of its own`,
      `${FORGED_CLAIMS}, under the kid of the AS's key`,
      `${FORGED}, carrying that key in a jwk header`,
      `${FORGED}, with a jku header pointing elsewhere`,
      `${FORGED}, carrying its self-signed certificate in x5c`,
      'voucher re-encoded with alg none and no signature',
      `voucher expired 10 minutes ago ${SIGNER}`,
      `voucher for another audience, https://attesta.invalid/other-eservice ${SIGNER}`,
    ],
  },
  {
    fault: 'vouchers.jwk-header-trusted',
    id: 'PDND-PRODUCER-01',
    verdict: 'fail',
    failing: [`${FORGED}, carrying that key in a jwk header`],
  },
  {
    fault: 'vouchers.x5c-header-trusted',
    id: 'PDND-PRODUCER-01',
    verdict: 'fail',
    failing: [`${FORGED}, carrying its self-signed certificate in x5c`],
  },
  {
    fault: 'vouchers.unknown-kid-unverified',
    id: 'PDND-PRODUCER-01',
    verdict: 'fail',
    failing: [
      `${FORGED_CLAIMS}, with a kid of its own`,
      `${FORGED}, carrying that key in a jwk header`,
      `${FORGED}, with a jku header pointing elsewhere`,
      `${FORGED}, carrying its self-signed certificate in x5c`,
    ],
  },
  {
    fault: 'vouchers.unbound-accepted',
    id: 'PDND-DPOP-01',
    verdict: 'fail',
    failing: [
      'an unbound voucher (no cnf) of the same client and purpose, sent as Authorization: Bearer',
      'an unbound voucher (no cnf) of the same client and purpose, sent as Authorization: DPoP with a valid proof',
    ],
  },
  {
    fault: 'vouchers.htu-path-only',
    id: 'PDND-DPOP-01',
    verdict: 'fail',
    failing: [
      'DPoP proof: htu names the same host and path under the other scheme (http/https)',
      'DPoP proof: htu names the same path on another host',
      'DPoP proof: htu names the same host and path on another port',
    ],
  },
  {
    fault: 'vouchers.ath-optional',
    id: 'PDND-DPOP-01',
    verdict: 'fail',
    failing: ['proof without ath for the bound voucher'],
  },
  {
    fault: 'vouchers.alg-none-accepted',
    id: 'PDND-PRODUCER-01',
    verdict: 'fail',
    failing: ['voucher re-encoded with alg none and no signature'],
  },
  {
    fault: 'vouchers.expired-accepted',
    id: 'PDND-PRODUCER-01',
    verdict: 'fail',
    failing: [`voucher expired 10 minutes ago ${SIGNER}`],
  },
  {
    fault: 'vouchers.audience-not-checked',
    id: 'PDND-PRODUCER-01',
    verdict: 'fail',
    failing: [`voucher for another audience, https://attesta.invalid/other-eservice ${SIGNER}`],
  },
  {
    fault: 'vouchers.audit-digest-not-compared',
    id: 'PDND-AUDIT-01',
    verdict: 'fail',
    failing: [
      'audit JWT with a changed claim, re-signed by the client (no longer the one hashed into the voucher)',
    ],
  },
  {
    fault: 'vouchers.dpop-not-required',
    id: 'PDND-DPOP-01',
    verdict: 'fail',
    failing: ['DPoP-bound voucher sent as Authorization: Bearer'],
  },
  {
    fault: 'vouchers.jkt-not-checked',
    id: 'PDND-DPOP-01',
    verdict: 'fail',
    failing: [
      'DPoP proof: proof signed with a freshly generated key (its jwk in the header), not the key of cnf.jkt',
    ],
  },
  {
    fault: 'vouchers.htm-not-checked',
    id: 'PDND-DPOP-01',
    verdict: 'fail',
    failing: ['DPoP proof: htm names another HTTP method'],
  },
  {
    fault: 'vouchers.htu-not-checked',
    id: 'PDND-DPOP-01',
    verdict: 'fail',
    failing: [
      'DPoP proof: htu names another path',
      'DPoP proof: htu names the same host and path under the other scheme (http/https)',
      'DPoP proof: htu names the same path on another host',
      'DPoP proof: htu names the same host and path on another port',
    ],
  },
  {
    fault: 'vouchers.ath-not-checked',
    id: 'PDND-DPOP-01',
    verdict: 'fail',
    failing: [
      'proof without ath for the bound voucher',
      'DPoP proof: ath is the hash of another access token',
    ],
  },
  {
    fault: 'vouchers.iat-not-checked',
    id: 'PDND-DPOP-01',
    verdict: 'fail',
    failing: ['DPoP proof: iat 10 minutes in the past', 'DPoP proof: iat 10 minutes in the future'],
  },
  {
    fault: 'vouchers.proof-header-not-checked',
    id: 'PDND-DPOP-01',
    verdict: 'fail',
    failing: [
      'DPoP proof: typ JWT instead of dpop+jwt',
      'DPoP proof: the jwk header carries the private key too',
    ],
  },
  {
    fault: 'vouchers.no-replay-cache',
    id: 'PDND-DPOP-02',
    verdict: 'fail',
    failing: ['the same DPoP proof (same jti) sent again'],
  },
  {
    fault: 'vouchers.nonce-not-verified',
    id: 'PDND-DPOP-04',
    verdict: 'warn',
    failing: ['DPoP proof with a nonce the server never issued', STALE],
  },
  {
    fault: 'vouchers.stale-nonce-accepted',
    id: 'PDND-DPOP-04',
    verdict: 'warn',
    failing: [STALE],
  },
];

test('every fault of the part is exercised by a case', () => {
  const named = [...Object.keys(part.faults), ...Object.keys(part.variants)];
  // The echo variants break no rule: tests/report/echo.spec.ts runs them against every report form.
  const echoes = ['vouchers.echoes-credentials', 'as.echoes-assertion'];
  expect([...CASES.map((c) => c.fault), ...echoes].sort()).toEqual(named.sort());
});

for (const c of CASES) {
  test.describe(() => {
    test.use({ faults: [c.fault] });
    test(`${c.fault} turns ${c.id} ${c.verdict.toUpperCase()}`, async ({ reference }) => {
      const { report } = await reference.run();
      const result = verdictOf(report.results, c.id);
      expect(result.verdict, result.reason).toBe(c.verdict);
      // The evidence names exactly the mutations that got through.
      expect(result.evidence.filter((e) => e.finding === 'fail').map((e) => e.label)).toEqual(c.failing);
      // Every other requirement keeps its conformant verdict: the fault breaks one rule only.
      for (const [id, verdict] of Object.entries({ ...CONFORMANT, ...c.others })) {
        if (id === c.id) continue;
        const r = verdictOf(report.results, id);
        expect(r.verdict, `${id} under ${c.fault}: ${r.reason}`).toBe(verdict);
      }
    });
  });
}
