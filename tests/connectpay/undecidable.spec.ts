import { test, expect } from '../support/fixtures.js';
import { verdictOf } from '../support/run.js';
import { CONNECTPAY_VARIANTS } from '../../src/reference/connectpay-security/faults.js';

test.use({ suites: ['connectpay-security'] });

/** Each variant of the OCSP responder leaves revocation undecided, and the reason says why. */
const RESPONDERS: [variant: keyof typeof CONNECTPAY_VARIANTS, reason: RegExp][] = [
  ['connectpay.ocsp-silent', /did not answer: no complete response within our probe timeout/],
  ['connectpay.ocsp-unsigned', /does not count: the response signature does not verify with the issuer/],
  ['connectpay.ocsp-other-certificate', /does not count: the response is about another certificate/],
];

for (const [variant, reason] of RESPONDERS) {
  test.describe(variant, () => {
    test.use({ faults: [variant] });
    test(`CP-CHAIN-07 is inconclusive, never good or revoked`, async ({ reference }) => {
      const { report } = await reference.run({ settings: { probeTimeoutMs: 1_000 } });
      const r = verdictOf(report.results, 'CP-CHAIN-07');
      expect(r.verdict, r.reason).toBe('inconclusive');
      expect(r.reason).toMatch(reason);
    });
  });
}

test('a profile that turns OCSP off leaves CP-CHAIN-07 inconclusive, saying so', async ({ reference }) => {
  await reference.rewrite((p) => {
    p.connectpay.certificates.checkRevocation = false;
  });
  const off = verdictOf((await reference.run()).report.results, 'CP-CHAIN-07');
  expect(off.verdict).toBe('inconclusive');
  expect(off.reason).toMatch(/not checked: the profile turns the OCSP request off/);
});

/** Where our own client cannot make the probe (nothing answers at the host), each live id is INCONCLUSIVE. */
const LIVE: [id: string, block: 'twoWay' | 'oneWay' | 'basicAuth'][] = [
  ['CP-MTLS-01', 'twoWay'],
  ['CP-CHAIN-08', 'twoWay'],
  ['CP-HOST-01', 'oneWay'],
  ['CP-BASIC-01', 'basicAuth'],
];

for (const [id, block] of LIVE) {
  test(`${id}: a ${block} host that never answers is inconclusive, not a verdict on the platform`, async ({
    reference,
    silentPort,
  }) => {
    await reference.rewrite((p) => {
      const url = new URL(p.connectpay[block].url);
      url.port = String(silentPort);
      p.connectpay[block].url = url.href;
    });
    const { report } = await reference.run({ settings: { probeTimeoutMs: 800 } });
    const r = verdictOf(report.results, id);
    expect(r.verdict, r.reason).toBe('inconclusive');
  });
}
