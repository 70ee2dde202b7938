/**
 * The Thales TSH suite against its part of the reference target: the conformant part gives every
 * TH id its expected verdict, each named fault turns its own id FAIL (WARN for the SHOULD id), and
 * the variants show a WARN or, where our client cannot probe, INCONCLUSIVE - never PASS or FAIL.
 */
import { test, expect } from '../support/fixtures.js';
import { verdictOf } from '../support/run.js';
import type { ResultRecord } from '../../src/core/suite.js';
import type { Verdict } from '../../src/core/verdict.js';

const SUITE = ['thales-connectivity'];
test.use({ suites: SUITE });

/** The conformant part: every id passes but the MANUAL one. */
const CONFORMANT: Record<string, [site: string, verdict: Verdict]> = {
  'TH-CSR-01': ['material', 'pass'],
  'TH-CSR-02': ['material', 'pass'],
  'TH-CSR-03': ['material', 'pass'],
  'TH-CSR-04': ['material', 'pass'],
  'TH-CSR-05': ['material', 'pass'],
  'TH-IN-01': ['material', 'pass'],
  'TH-OUT-01': ['server', 'pass'],
  'TH-OUT-02': ['server', 'pass'],
  'TH-OUT-03': ['server', 'pass'],
  'TH-OUT-04': ['server', 'pass'],
  'TH-OUT-05': ['server', 'pass'],
  'TH-DNS-01': ['server', 'manual'],
};

function verdicts(results: readonly ResultRecord[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(CONFORMANT).map(([id, [site]]) => [id, verdictOf(results, id, site).verdict]),
  );
}

function reasons(results: readonly ResultRecord[]): string {
  return results.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
}

test('the conformant Thales part gives every TH id its expected verdict', async ({ reference }) => {
  const { report, exitCode } = await reference.run();
  const expected = Object.fromEntries(Object.entries(CONFORMANT).map(([id, [, v]]) => [id, v]));
  expect(verdicts(report.results), reasons(report.results)).toEqual(expected);
  expect(report.results).toHaveLength(12);
  expect(exitCode).toBe(0);
  // TH-DNS-01 is listed with what a person must look at.
  expect(verdictOf(report.results, 'TH-DNS-01').reason).toContain('configuration review');
});

/** Each fault, the one id it breaks, its verdict, and words its reason must carry. */
const FAULTS: [fault: string, id: string, verdict: Verdict, reason: RegExp][] = [
  ['thales.csr-rsa-2048', 'TH-CSR-01', 'fail', /PPR CSR: the key is RSA 2048-bit/],
  ['thales.csr-sha1', 'TH-CSR-02', 'fail', /ecdsa-with-SHA1/],
  ['thales.csr-bad-signature', 'TH-CSR-02', 'fail', /does NOT verify/],
  ['thales.csr-cn-wrong-key-word', 'TH-CSR-03', 'fail', /key-type word "RSA" but the key is EC/],
  ['thales.csr-cn-wrong-tspid', 'TH-CSR-03', 'fail', /tspId "OTHER99" is not the configured "ATTESTA01"/],
  ['thales.csr-cn-wrong-env', 'TH-CSR-03', 'fail', /env "PRD" but the request is declared for PPR/],
  ['thales.csr-missing-ou', 'TH-CSR-04', 'fail', /OU is missing/],
  // SHOULD: a failed check is a WARN.
  ['thales.csr-same-key', 'TH-CSR-05', 'warn', /same public key/],
  ['thales.tls11-accepted', 'TH-OUT-01', 'fail', /TLS 1\.1 was accepted/],
  ['thales.mtls-not-required', 'TH-OUT-02', 'fail', /served a request with no client certificate/],
  ['thales.server-port-9443', 'TH-OUT-03', 'fail', /port 9443/],
  ['thales.client-cert-pinned', 'TH-OUT-04', 'fail', /issued now from the test client CA .*refused .*pins/],
  ['thales.any-client-ca', 'TH-OUT-04', 'fail', /from another CA over TLSv1\.3: HTTP 200/],
  ['thales.chain-without-intermediate', 'TH-OUT-05', 'fail', /was not served and is not a trust anchor/],
  ['thales.client-cert-wrong-ca', 'TH-IN-01', 'fail', /does not chain to the Thales CA/],
  ['thales.client-cert-expired', 'TH-IN-01', 'fail', /expired on/],
  ['thales.client-key-mismatch', 'TH-IN-01', 'fail', /does not match the configured private key/],
];

/** Ids a fault may move besides its own: without mTLS, any CA's certificate is served too. */
const ALSO: Record<string, string[]> = { 'thales.mtls-not-required': ['TH-OUT-04'] };

for (const [fault, id, verdict, reason] of FAULTS) {
  test.describe(fault, () => {
    test.use({ faults: [fault] });
    test(`${id} is ${verdict}, every other id as in the conformant part`, async ({ reference }) => {
      const { report } = await reference.run();
      const result = verdictOf(report.results, id, CONFORMANT[id]![0]);
      expect(result.verdict, result.reason).toBe(verdict);
      expect(result.reason).toMatch(reason);
      const all = verdicts(report.results);
      for (const [other, v] of Object.entries(all)) {
        if (other === id || ALSO[fault]?.includes(other)) continue;
        expect(v, `${other} under ${fault}`).toBe(CONFORMANT[other]![1]);
      }
    });
  });
}

const LIVE = ['TH-OUT-01', 'TH-OUT-02', 'TH-OUT-04', 'TH-OUT-05'];

test.describe('thales.server-down', () => {
  test.use({ faults: ['thales.server-down'] });
  test('every live probe is INCONCLUSIVE when nothing listens; the port rule and the material still judge', async ({
    reference,
  }) => {
    const { report } = await reference.run();
    for (const id of LIVE) expect(verdictOf(report.results, id, 'server').verdict, id).toBe('inconclusive');
    expect(verdictOf(report.results, 'TH-OUT-03', 'server').verdict).toBe('pass');
    expect(verdictOf(report.results, 'TH-CSR-01').verdict).toBe('pass');
  });
});

test('every live probe is INCONCLUSIVE against a server that takes the connection and never answers', async ({
  reference,
  silentPort,
}) => {
  await reference.rewrite((p) => void (p['thales'].server.connectPort = silentPort));
  const { report } = await reference.run({ settings: { probeTimeoutMs: 500 } });
  for (const id of LIVE) {
    const r = verdictOf(report.results, id, 'server');
    expect(r.verdict, `${id}: ${r.reason}`).toBe('inconclusive');
  }
});

const VARIANTS: [variant: string, id: string, verdict: Verdict, reason: RegExp][] = [
  ['thales.server-on-8443', 'TH-OUT-03', 'warn', /8443.*443 is preferred/],
  ['thales.tls13-only', 'TH-OUT-05', 'inconclusive', /TLS 1\.2 handshake received no certificate/],
  ['thales.no-test-ca', 'TH-OUT-04', 'warn', /could not be run: .*no test client CA/],
];

for (const [variant, id, verdict, reason] of VARIANTS) {
  test.describe(variant, () => {
    test.use({ faults: [variant] });
    test(`${id} is ${verdict}`, async ({ reference }) => {
      const { report } = await reference.run();
      const result = verdictOf(report.results, id, 'server');
      expect(result.verdict, result.reason).toBe(verdict);
      expect(result.reason).toMatch(reason);
    });
  });
}
